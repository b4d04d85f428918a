import type { Queryable } from '../db/db.ts';
import { moderationRepo } from '../db/repos/moderation.repo.ts';
import { cutSpans } from './moderated-views.ts';
import { transcriptWithCorrections } from './statement-edit.ts';

/** The transcript as members may read it (captions, exports): corrected, without hidden statements' words. */
export async function visibleTranscript(q: Queryable, contributionId: string) {
  const [transcript, hidden] = await Promise.all([
    transcriptWithCorrections(q, contributionId),
    moderationRepo(q).hiddenSpans(contributionId),
  ]);
  // In the corrected transcript a corrected statement's words carry its speaker now.
  return cutSpans(
    transcript,
    hidden.map((x) => ({ startMs: x.start_ms, endMs: x.end_ms, speaker: x.speaker })),
  );
}
