/** Checkpoints of recognition in pieces (ai/transcribe/pieces.ts): finished pieces, kept until the transcript is stored. */
import type { TranscriptSegment } from '../../core/transcript.ts';
import type { Queryable } from '../db.ts';

export interface TranscriptPieceRow {
  seq: number;
  start_ms: number;
  end_ms: number;
  segments: TranscriptSegment[];
  elapsed_ms: number;
}

export const transcriptPiecesRepo = (q: Queryable) => ({
  /** The pieces finished by `recognisedBy` (provider:model) for a contribution, in order. */
  finished: (contributionId: string, recognisedBy: string) =>
    q.query<TranscriptPieceRow>(
      `select seq, start_ms, end_ms, segments, elapsed_ms from transcript_pieces
        where contribution_id = $1 and recognised_by = $2 order by seq`,
      [contributionId, recognisedBy],
    ),

  save: (
    contributionId: string,
    recognisedBy: string,
    p: { seq: number; startMs: number; endMs: number; segments: TranscriptSegment[]; elapsedMs: number },
  ) =>
    q.query(
      `insert into transcript_pieces (contribution_id, seq, start_ms, end_ms, recognised_by, segments, elapsed_ms)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (contribution_id, seq) do update
         set start_ms = excluded.start_ms, end_ms = excluded.end_ms, recognised_by = excluded.recognised_by,
             segments = excluded.segments, elapsed_ms = excluded.elapsed_ms, created_at = now()`,
      [contributionId, p.seq, p.startMs, p.endMs, recognisedBy, JSON.stringify(p.segments), p.elapsedMs],
    ),

  /** Once the transcript is stored the pieces have served their purpose. */
  clear: (contributionId: string) => q.query(`delete from transcript_pieces where contribution_id = $1`, [contributionId]),
});
