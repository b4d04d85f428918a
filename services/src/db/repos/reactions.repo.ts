import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

/** Reaction counts by kind, e.g. { agree: 3, important: 1 } (kinds nobody used are left out). */
export type ReactionCounts = Record<string, number>;

function group<K extends string>(rows: ({ [k in K]: string } & { kind: string; n: number })[], key: K): Map<string, ReactionCounts> {
  const out = new Map<string, ReactionCounts>();
  for (const r of rows) {
    const counts = out.get(r[key]) ?? {};
    counts[r.kind] = r.n;
    out.set(r[key], counts);
  }
  return out;
}

export const reactionsRepo = (q: Queryable) => ({
  /** One of each kind per user: reacting again only moves the moment. True when it is new. */
  add: async (statementId: string, userId: string, kind: string, atMs: number | null) =>
    (await one<{ inserted: boolean }>(
      q,
      `insert into reactions (statement_id, user_id, kind, at_ms) values ($1, $2, $3, $4)
       on conflict (statement_id, user_id, kind) do update set at_ms = coalesce(excluded.at_ms, reactions.at_ms)
       returning (xmax = 0) as inserted`,
      [statementId, userId, kind, atMs],
    ))!.inserted,

  remove: async (statementId: string, userId: string, kind: string) =>
    (
      await q.query(`delete from reactions where statement_id = $1 and user_id = $2 and kind = $3 returning kind`, [
        statementId,
        userId,
        kind,
      ])
    ).length > 0,

  /** The kinds this user reacted with, alphabetically. */
  mine: async (statementId: string, userId: string) =>
    (
      await q.query<{ kind: string }>(`select kind from reactions where statement_id = $1 and user_id = $2 order by kind`, [
        statementId,
        userId,
      ])
    ).map((r) => r.kind),

  forStatements: async (ids: string[]) =>
    ids.length === 0
      ? new Map<string, ReactionCounts>()
      : group(
          await q.query<{ statement_id: string; kind: string; n: number }>(
            `select statement_id, kind, count(*)::int as n from reactions where statement_id = any($1::uuid[])
              group by statement_id, kind order by statement_id, kind`,
            [ids],
          ),
          'statement_id',
        ),

  /** Totals over each contribution's statements. */
  forContributions: async (ids: string[]) =>
    ids.length === 0
      ? new Map<string, ReactionCounts>()
      : group(
          await q.query<{ contribution_id: string; kind: string; n: number }>(
            `select s.contribution_id, r.kind, count(*)::int as n
               from reactions r join statements s on s.id = r.statement_id
              where s.contribution_id = any($1::uuid[]) and s.hidden_at is null
              group by s.contribution_id, r.kind order by s.contribution_id, r.kind`,
            [ids],
          ),
          'contribution_id',
        ),

  /**
   * The statement of a contribution said at `atMs`: the one covering it; in a pause, the last one
   * begun before it; before the first, the first.
   */
  statementAt: (contributionId: string, atMs: number) =>
    one<{ id: string }>(
      q,
      `select id from statements where contribution_id = $1
        order by (start_ms <= $2 and $2 < end_ms) desc, (start_ms <= $2) desc,
                 case when start_ms <= $2 then -start_ms else start_ms end, seq
        limit 1`,
      [contributionId, atMs],
    ),
});
