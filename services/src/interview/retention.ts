/**
 * Retention: a candidate's recordings, transcripts, statements and vectors are deleted
 * `retention_days` after they were rejected, or after the deadline when nobody ever advanced
 * them (undecided, including revoked invitations). Advanced candidates are kept.
 */
import type { Services } from '../services.ts';
import { deleteCandidateData } from './deletion.ts';

/** Invitations whose retention ended by `now`. */
export async function dueForRetention(s: Services, now = new Date()): Promise<string[]> {
  const rows = await s.db.query<{ id: string }>(
    `select i.id from invitations i join interviews v on v.conference_id = i.conference_id
      where i.deleted_at is null
        and ((i.decision = 'rejected' and i.decided_at + make_interval(days => v.retention_days) <= $1)
          or (i.decision is null and i.deadline + make_interval(days => v.retention_days) <= $1))
      order by i.created_at`,
    [now],
  );
  return rows.map((r) => r.id);
}

/** Deletes the data of every candidate whose retention ended by `now`; returns how many. */
export async function runRetention(s: Services, now = new Date()): Promise<number> {
  const due = await dueForRetention(s, now);
  for (const id of due) await deleteCandidateData(s, id, 'retention');
  if (due.length) s.log.info({ candidates: due.length }, 'interview retention: candidate data deleted');
  return due.length;
}
