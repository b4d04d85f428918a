/** Links in emails point at the web app: PUBLIC_URL when set, else this machine's port. */
export function baseUrl(config: { publicUrl?: string; port: number }): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
}

/** A conference, or the second a statement starts at (the player seeks there). */
export function conferenceLink(base: string, conferenceId: string, at?: { statementId: string; startMs: number }): string {
  const path = `${base}/c/${encodeURIComponent(conferenceId)}`;
  return at ? `${path}?t=${Math.max(0, Math.round(at.startMs))}&s=${encodeURIComponent(at.statementId)}` : path;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 90 000 → "1 min 30 s": watch and reading times in emails. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h) return m ? `${h} h ${m} min` : `${h} h`;
  return rest ? `${m} min ${rest} s` : `${m} min`;
}
