/**
 * Deleting a candidate's data: on their request, by a host, or when retention runs out. Their
 * answers' contributions go (statements, labels, vectors, reactions and expert links cascade with
 * them), with outside reviewers' replies through links to those answers and every file on disk: the media folders, span cuts made for shared answers, and
 * unfinished upload parts. The invitation row stays, anonymised, so the opening's counts still add
 * up; the reviews and scores about the candidate go too.
 */
import { rm } from 'node:fs/promises';
import type { Services } from '../services.ts';
import { removeSpanFiles } from '../forwards/span-media.ts';

export type DeletionReason = 'candidate-request' | 'retention' | 'host';

/** Where a resumable upload's bytes collect until it completes (media root, never a client name). */
export const uploadPartPath = (uploadId: string) => `uploads/${uploadId}.part`;

export async function deleteCandidateData(s: Services, invitationId: string, reason: DeletionReason): Promise<{ contributions: number }> {
  const { contributionIds, forwardIds, uploadIds } = await s.db.tx(async (q) => {
    const contributions = await q.query<{ id: string }>(
      `select a.contribution_id as id from answers a where a.invitation_id = $1 and a.contribution_id is not null for update`,
      [invitationId],
    );
    const ids = contributions.map((c) => c.id);
    const forwards = await q.query<{ id: string }>(
      `select f.id from forwards f join statements st on st.id = f.statement_id where st.contribution_id = any($1::uuid[])`,
      [ids],
    );
    // An outside reviewer's replies through a shared-answer link talk about the candidate: they go too.
    const replies = await q.query<{ id: string }>(`select c.id from contributions c where c.via_forward_id = any($1::uuid[])`, [
      forwards.map((f) => f.id),
    ]);
    ids.push(...replies.map((r) => r.id));
    const uploads = await q.query<{ id: string }>(`delete from answer_uploads where invitation_id = $1 returning id`, [invitationId]);
    await q.query(`delete from contributions where id = any($1::uuid[])`, [ids]);
    await q.query(`delete from scores where invitation_id = $1`, [invitationId]);
    await q.query(`delete from reviews where invitation_id = $1`, [invitationId]);
    await q.query(`delete from invitation_tokens where invitation_id = $1`, [invitationId]);
    await q.query(
      `update invitations set candidate_name = 'Deleted candidate', candidate_email = null,
              deleted_at = coalesce(deleted_at, now()), deletion_reason = coalesce(deletion_reason, $2)
        where id = $1`,
      [invitationId, reason],
    );
    return { contributionIds: ids, forwardIds: forwards.map((f) => f.id), uploadIds: uploads.map((u) => u.id) };
  });
  // Files after the commit: a crash in between leaves orphan files, never rows pointing at nothing.
  for (const id of contributionIds) s.storage.remove(id);
  for (const id of forwardIds) await removeSpanFiles(s.storage, id);
  for (const id of uploadIds) await rm(s.storage.resolve(uploadPartPath(id)), { force: true });
  s.log.info({ invitationId, reason, contributions: contributionIds.length }, 'candidate data deleted');
  return { contributions: contributionIds.length };
}
