/**
 * Performance marks read by the browser tests and bench/web.ts: how long a conference page takes
 * from opening to showing its digest.
 */
export const MARK_CONFERENCE_OPEN = 'colloquy:conference-open';
export const MARK_DIGEST_VISIBLE = 'colloquy:digest-visible';
export const MEASURE_TIME_TO_DIGEST = 'colloquy:time-to-digest';

export function markConferenceOpen() {
  performance.clearMarks(MARK_CONFERENCE_OPEN);
  performance.clearMarks(MARK_DIGEST_VISIBLE);
  performance.clearMeasures(MEASURE_TIME_TO_DIGEST);
  performance.mark(MARK_CONFERENCE_OPEN);
}

export function markDigestVisible() {
  performance.mark(MARK_DIGEST_VISIBLE);
  if (performance.getEntriesByName(MARK_CONFERENCE_OPEN).length)
    performance.measure(MEASURE_TIME_TO_DIGEST, MARK_CONFERENCE_OPEN, MARK_DIGEST_VISIBLE);
}
