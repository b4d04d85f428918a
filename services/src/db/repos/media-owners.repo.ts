/** Who owns what lies in the media folder, for the sweep of what faults left behind (contributions/media-sweep.ts). */
import type { Queryable } from '../db.ts';

const idSet = (rows: { id: string }[]) => new Set(rows.map((r) => r.id));

export const mediaOwnersRepo = (q: Queryable) => ({
  /** Of these folder names, the ones a contribution or a question (its prompt video) owns. */
  async owned(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return idSet(
      await q.query<{ id: string }>(
        `select id::text as id from contributions where id = any($1::uuid[])
         union select id::text from questions where id = any($1::uuid[])`,
        [ids],
      ),
    );
  },

  /** Of these ids, the interview uploads that still exist (a part file of another is left over). */
  async uploads(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return idSet(await q.query<{ id: string }>(`select id::text as id from answer_uploads where id = any($1::uuid[])`, [ids]));
  },

  /** Of these ids, the contributions past recognition: their 16 kHz WAV is no longer needed. */
  async transcribed(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return idSet(
      await q.query<{ id: string }>(
        `select id::text as id from contributions
          where id = any($1::uuid[]) and (status = 'ready' or stage not in ('probe', 'audio', 'transcribe'))`,
        [ids],
      ),
    );
  },
});
