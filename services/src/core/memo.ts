/**
 * `fn`'s answer, kept for `ttlMs`: callers within that time share one call (also while it runs),
 * so a probe anyone may trigger (GET /api/health spawning ffmpeg) runs at most once per interval.
 * A failed call is not kept.
 */
export function memoFor<T>(ttlMs: number, fn: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let kept: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (kept && now() - kept.at < ttlMs) return kept.value;
    const value = fn();
    const entry = { at: now(), value };
    kept = entry;
    value.catch(() => {
      if (kept === entry) kept = null;
    });
    return value;
  };
}
