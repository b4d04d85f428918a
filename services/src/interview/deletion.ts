/**
 * Deleting a candidate's data: on their request, by a host, or when retention runs out. Their
 * answers' contributions go (statements, labels, vectors, reactions and expert links cascade with
 * them), with outside reviewers' replies through links to those answers and every stored file: the media folders, span cuts made for shared answers, and
 * unfinished upload parts, and the live round's recording. The invitation row stays, anonymised, so the opening's counts still add
 * up; the reviews and scores about the candidate go too.
 */
import { answersRepo } from '../db/repos/answers.repo.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { forwardsRepo } from '../db/repos/forwards.repo.ts';
import { invitationsRepo, type DeletionReason } from '../db/repos/invitations.repo.ts';
import { liveRoundsRepo } from '../db/repos/live-rounds.repo.ts';
import { scoresRepo } from '../db/repos/scores.repo.ts';
import type { Services } from '../services.ts';
import { removeSpanFiles } from '../forwards/span-media.ts';
import { removeChunks } from './upload-chunks.ts';

export async function deleteCandidateData(
  s: Pick<Services, 'db' | 'log' | 'storage'>,
  invitationId: string,
  reason: DeletionReason,
): Promise<{ contributions: number }> {
  const { contributionIds, forwardIds, uploadIds } = await s.db.tx(async (q) => {
    const contributions = contributionsRepo(q);
    const ids = await answersRepo(q).lockContributionIds(invitationId);
    // The live round's recording or transcript is about the candidate too.
    ids.push(...(await liveRoundsRepo(q).contributionsOf([invitationId])).map((r) => r.contribution_id));
    const forwardIds = await forwardsRepo(q).idsForContributions(ids);
    // An outside reviewer's replies through a shared-answer link talk about the candidate: they go too.
    ids.push(...(await contributions.idsViaForwards(forwardIds)));
    const uploadIds = await answersRepo(q).deleteUploadsOf(invitationId);
    await contributions.deleteMany(ids);
    await scoresRepo(q).deleteFor(invitationId);
    await invitationsRepo(q).deleteTokens(invitationId);
    await invitationsRepo(q).anonymise(invitationId, reason);
    return { contributionIds: ids, forwardIds, uploadIds };
  });
  // Files after the commit: a crash in between leaves orphan files, never rows pointing at nothing.
  for (const id of contributionIds) await s.storage.remove(id);
  for (const id of forwardIds) await removeSpanFiles(s.storage, id);
  for (const id of uploadIds) await removeChunks(s.storage, id);
  s.log.info({ invitationId, reason, contributions: contributionIds.length }, 'candidate data deleted');
  return { contributions: contributionIds.length };
}
