import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { StatementRow } from './contributions.repo.ts';

export interface ForwardRow {
  id: string;
  statement_id: string;
  from_user_id: string | null;
  from_name: string | null;
  to_user_id: string | null;
  to_user_name: string | null;
  person_id: string | null;
  person_name: string | null;
  note: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  opened_at: Date | null;
  answered_contribution_id: string | null;
  answered_at: Date | null;
  created_at: Date;
}

/**
 * A member answers a forward by replying to the statement after it was forwarded; an expert by
 * replying through the link (answered_* set then). Both count for responsiveness.
 */
export const MEMBER_REPLY_SQL = `(select c.id, c.created_at from contributions c
   where f.to_user_id is not null and c.author_id = f.to_user_id and c.reply_to_statement_id = f.statement_id and c.created_at >= f.created_at
   order by c.created_at limit 1)`;

const SELECT = `select f.id, f.statement_id, f.from_user_id, fu.name as from_name, f.to_user_id, tu.name as to_user_name,
       f.person_id, p.name as person_name, f.note, f.expires_at, f.revoked_at, f.opened_at,
       coalesce(f.answered_contribution_id, mr.id) as answered_contribution_id, coalesce(f.answered_at, mr.created_at) as answered_at, f.created_at
  from forwards f left join users fu on fu.id = f.from_user_id left join users tu on tu.id = f.to_user_id
  left join people p on p.id = f.person_id left join lateral ${MEMBER_REPLY_SQL} mr on true`;

export const forwardsRepo = (q: Queryable) => ({
  byId: (id: string) => one<ForwardRow>(q, `${SELECT} where f.id = $1`, [id]),
  forStatement: (statementId: string) =>
    q.query<ForwardRow>(`${SELECT} where f.statement_id = $1 order by f.created_at, f.id`, [statementId]),

  /** The forwards of any statement of the given contributions. */
  idsForContributions: async (contributionIds: string[]): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(
      `select f.id from forwards f join statements st on st.id = f.statement_id where st.contribution_id = any($1::uuid[])`,
      [contributionIds],
    );
    return rows.map((r) => r.id);
  },
});

/** The statement being forwarded, as statementForUser returns it. */
export type ForwardedStatement = StatementRow & { conference_id: string; space_id: string };
