import { escapeHtml } from '../core/text/html.ts';

/** A conference's page. */
export function conferenceLink(base: string, conferenceId: string): string {
  return `${base}/c/${encodeURIComponent(conferenceId)}`;
}

/** A conference's agenda for its next live meeting. */
export function agendaLink(base: string, conferenceId: string): string {
  return `${conferenceLink(base, conferenceId)}/agenda`;
}

/** The player at the second a statement starts (`t` in whole seconds, as the web app's player reads it). */
export function momentLink(
  base: string,
  conferenceId: string,
  at: { contributionId: string; statementId?: string; startMs?: number },
): string {
  const params = new URLSearchParams({ t: String(Math.max(0, Math.floor((at.startMs ?? 0) / 1000))) });
  if (at.statementId) params.set('s', at.statementId);
  return `${conferenceLink(base, conferenceId)}/watch/${encodeURIComponent(at.contributionId)}?${params}`;
}

/** A contribution in the conference's thread (a reply, shown under what it answers). */
export function threadLink(base: string, conferenceId: string, contributionId: string): string {
  return `${conferenceLink(base, conferenceId)}#contribution-${encodeURIComponent(contributionId)}`;
}

export { escapeHtml };

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

/** "1:05" / "1:02:03": where in the video a line starts. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
