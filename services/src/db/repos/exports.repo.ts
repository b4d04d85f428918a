/** Exports: what was asked for, by whom, and the zip a job wrote. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface ExportRow {
  id: string;
  space_id: string;
  conference_id: string | null;
  mine: boolean;
  requested_by: string;
  status: 'queued' | 'running' | 'ready' | 'failed' | 'expired';
  progress: number;
  file_path: string | null;
  bytes: number | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
  expires_at: Date | null;
}

const COLUMNS = `id, space_id, conference_id, mine, requested_by, status, progress, file_path, bytes::float8 as bytes, error,
  created_at, finished_at, expires_at`;

export const exportsRepo = (q: Queryable) => ({
  create: async (e: { spaceId: string; conferenceId: string | null; mine: boolean; requestedBy: string }) =>
    (await one<ExportRow>(
      q,
      `insert into exports (space_id, conference_id, mine, requested_by) values ($1, $2, $3, $4) returning ${COLUMNS}`,
      [e.spaceId, e.conferenceId, e.mine, e.requestedBy],
    ))!,

  byId: (id: string) => one<ExportRow>(q, `select ${COLUMNS} from exports where id = $1`, [id]),

  /** The requester's export; undefined for anyone else (→ 404). */
  forRequester: (id: string, userId: string) =>
    one<ExportRow>(q, `select ${COLUMNS} from exports where id = $1 and requested_by = $2`, [id, userId]),

  listForRequester: (userId: string) =>
    q.query<ExportRow>(`select ${COLUMNS} from exports where requested_by = $1 order by created_at desc limit 50`, [userId]),

  start: (id: string) => q.query(`update exports set status = 'running', progress = 0, error = null where id = $1`, [id]),

  setProgress: (id: string, progress: number) => q.query(`update exports set progress = $2 where id = $1`, [id, progress]),

  finish: (id: string, file: { path: string; bytes: number; expiresAt: Date }) =>
    q.query(
      `update exports set status = 'ready', progress = 1, file_path = $2, bytes = $3, finished_at = now(), expires_at = $4 where id = $1`,
      [id, file.path, file.bytes, file.expiresAt],
    ),

  fail: (id: string, error: string) =>
    q.query(`update exports set status = 'failed', error = $2, finished_at = now() where id = $1`, [id, error]),

  /** Ready exports past their expiry, whose files are to be removed. */
  expired: () => q.query<ExportRow>(`select ${COLUMNS} from exports where status = 'ready' and expires_at <= now()`),

  markExpired: (id: string) => q.query(`update exports set status = 'expired', file_path = null where id = $1`, [id]),
});
