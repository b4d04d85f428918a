/**
 * Time ranges: how statements (which carry times) are matched with gold turns and dialogue acts
 * (which carry times too, real or synthesised).
 */

export interface TimeRange {
  startMs: number;
  endMs: number;
}

/**
 * True when the two ranges share a stretch of positive length. Ranges that only touch (one ends
 * where the next begins, as back-to-back turns do) do not overlap, and an empty range overlaps
 * nothing: nothing was said in it.
 */
export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs) > 0;
}

/** True when `range` overlaps any of `ranges`. */
export const overlapsAny = (range: TimeRange, ranges: TimeRange[]): boolean => ranges.some((r) => overlaps(range, r));
