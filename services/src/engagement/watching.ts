import { badRequest } from '../core/errors.ts';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { viewsRepo } from '../db/repos/views.repo.ts';

/**
 * What a reader watched. The player reports watched ranges (ms); they are merged per reader and
 * contribution. A contribution is seen once `seenFraction` of it was watched or its digest line
 * was opened (the one definition of seen used elsewhere is in seen.ts).
 */

export interface ViewState {
  /** Merged watched ranges, [startMs, endMs) each. */
  watched: [number, number][];
  watchedMs: number;
  seen: boolean;
  seenAt: Date | null;
}

/** Ranges must be [start, end] with end ≥ start; they are clipped to the contribution's length when it is known. */
export function normaliseRanges(ranges: number[][], lengthMs: number): [number, number][] {
  return ranges.flatMap((r, i) => {
    const [start, end] = r;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end >= start)) {
      throw badRequest(`ranges[${i}]: expected [startMs, endMs] with 0 ≤ startMs ≤ endMs`, 'E_BAD_RANGES');
    }
    const to = lengthMs > 0 ? Math.min(end, lengthMs) : end;
    return to > start ? [[start, to] as [number, number]] : [];
  });
}

export async function recordView(
  q: Queryable,
  config: Config['views'],
  contributionId: string,
  userId: string,
  input: { ranges?: number[][]; opened?: boolean },
): Promise<ViewState> {
  const repo = viewsRepo(q);
  const lengthMs = await repo.lengthMs(contributionId);
  const ranges = normaliseRanges(input.ranges ?? [], lengthMs);
  const row = await repo.record(userId, contributionId, ranges, {
    opened: input.opened === true,
    lengthMs,
    seenFraction: config.seenFraction,
  });
  return { watched: row.watched, watchedMs: row.watched_ms, seen: row.seen_at !== null, seenAt: row.seen_at };
}

/** Records a visit to a conference; `previousVisitAt` is where "since your last visit" starts. */
export async function recordVisit(q: Queryable, config: Config['views'], conferenceId: string, userId: string) {
  const v = await viewsRepo(q).visit(userId, conferenceId, config.visitGapMinutes);
  return { previousVisitAt: v.previous_visit_at, lastVisitAt: v.last_visit_at };
}
