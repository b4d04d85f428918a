/**
 * Retention: a candidate's recordings, transcripts, statements and vectors are deleted
 * `retention_days` after they were rejected, or after the deadline when nobody ever advanced
 * them (undecided, including revoked invitations). Advanced candidates are kept.
 */
import { invitationsRepo } from '../db/repos/invitations.repo.ts';
import type { Services } from '../services.ts';
import { deleteCandidateData } from './deletion.ts';

/** Invitations whose retention ended by `now`. */
export const dueForRetention = (s: Pick<Services, 'db' | 'log'>, now = new Date()): Promise<string[]> =>
  invitationsRepo(s.db).dueForRetention(now);

/** Deletes the data of every candidate whose retention ended by `now`; returns how many. */
export async function runRetention(s: Pick<Services, 'db' | 'log' | 'storage'>, now = new Date()): Promise<number> {
  const due = await dueForRetention(s, now);
  for (const id of due) await deleteCandidateData(s, id, 'retention');
  if (due.length) s.log.info({ candidates: due.length }, 'interview retention: candidate data deleted');
  return due.length;
}
