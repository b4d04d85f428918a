/** What a reader's digest of a conference is made from: their unseen statements, answered questions, unwatched video. */
import type { Queryable } from '../db.ts';
import type { StatementRow } from './contributions.repo.ts';
import { statementSeenSql } from './seen.ts';

/** An unseen statement of a conference, with what ranking and grouping need. */
export interface DigestCandidate {
  id: string;
  contributionId: string;
  conferenceId: string;
  contributionCreatedAt: Date;
  seq: number;
  startMs: number;
  endMs: number;
  speaker: string | null;
  /** The contribution's author: who speaks in a recording whose recogniser names no speaker. */
  authorName: string | null;
  text: string;
  gist: string | null;
  act: string | null;
  /** An outside expert's reply (through a forward link), not a member's. */
  outside: boolean;
  embedding: number[] | null;
  reactions: Record<string, number>;
  /** Readers who saw the statement (or reacted to it): what reaction counts are out of. */
  viewers: number;
}

/** How the database picks the pool when more statements are unseen than the digest ranks in JS. */
export interface DigestPool {
  /** At most this many candidates come back. */
  size: number;
  /** Dialogue acts that have a section of their own (decisions, questions…): they go first. */
  sectionActs: string[];
  halfLifeDays: number;
}

/**
 * The statements of a conference the reader has not seen, in ready contributions posted since
 * `since` (all of them when null). Only a member of the conference's space gets any rows.
 *
 * At most `pool.size` of them, picked in SQL with per-row work that touches no vectors: a reaction
 * weighs most, then an act with a section of its own (decision, question…), each weighted by
 * recency decay as the ranking does; ties go to the most recent. Below the cap every unseen
 * statement comes back; above it, the expensive per-statement work (reaction counts, viewers, vectors sent to JS, the
 * ranking's diversity pass) is done for the pool only, so a conference of thousands of statements
 * costs what one of a few hundred does.
 */
export async function unseenStatements(
  q: Queryable,
  p: { userId: string; conferenceId: string; since: Date | null; pool: DigestPool },
): Promise<DigestCandidate[]> {
  const rows = await q.query<
    StatementRow & {
      conference_id: string;
      contribution_created_at: Date;
      author_name: string | null;
      act: string | null;
      outside: boolean;
      embedding: number[] | null;
      reactions: Record<string, number> | null;
      viewers: number;
    }
  >(
    `with pool as (
       select s.id from statements s
         join contributions c on c.id = s.contribution_id
         join conferences f on f.id = c.conference_id
         join memberships m on m.space_id = f.space_id and m.user_id = $1
        where f.id = $2 and c.status = 'ready' and s.hidden_at is null
          and ($3::timestamptz is null or c.created_at >= $3)
          and not ${statementSeenSql('$1')}
        order by power(0.5, greatest(0, extract(epoch from now() - c.created_at)) / 86400 / $5)
                 * (1 + 2 * (exists (select 1 from reactions r where r.statement_id = s.id))::int
                      + (exists (select 1 from labels l where l.statement_id = s.id and l.kind = 'act' and not l.removed
                                   and l.value = any($4::text[])))::int) desc,
                 c.created_at desc, s.seq
        limit $6)
     select s.id, s.contribution_id, c.conference_id, c.created_at as contribution_created_at, s.seq, s.start_ms, s.end_ms,
            s.speaker, u.name as author_name, s.text, s.gist, s.embedding::real[] as embedding,
            (c.outside_person_id is not null or c.via_forward_id is not null) as outside,
            (select l.value from labels l where l.statement_id = s.id and l.kind = 'act' and not l.removed
              order by l.source = 'user' desc, l.confidence desc nulls last limit 1) as act,
            (select jsonb_object_agg(kind, n) from (select r.kind, count(*)::int as n from reactions r where r.statement_id = s.id group by r.kind) k) as reactions,
            greatest(
              (select count(*)::int from views v where v.contribution_id = s.contribution_id
                  and (v.seen_at is not null or watched_fraction(v.watched, s.start_ms, s.end_ms) >= 0.5)),
              (select count(distinct r.user_id)::int from reactions r where r.statement_id = s.id)) as viewers
       from pool
       join statements s on s.id = pool.id
       join contributions c on c.id = s.contribution_id
       left join users u on u.id = c.author_id
      order by c.created_at, s.seq`,
    [p.userId, p.conferenceId, p.since, p.pool.sectionActs, p.pool.halfLifeDays, p.pool.size],
  );
  return rows.map((r) => ({
    id: r.id,
    contributionId: r.contribution_id,
    conferenceId: r.conference_id,
    contributionCreatedAt: new Date(r.contribution_created_at),
    seq: r.seq,
    startMs: r.start_ms,
    endMs: r.end_ms,
    speaker: r.speaker,
    authorName: r.author_name,
    text: r.text,
    gist: r.gist,
    act: r.act,
    outside: r.outside,
    embedding: r.embedding,
    reactions: r.reactions ?? {},
    viewers: r.viewers,
  }));
}

/**
 * Which of these questions got an answer: a reply posted to the question itself, or a statement
 * labelled `answer` by someone else among the next few statements of the same contribution (the
 * way a recorded meeting answers). Maps question id → the answering statement or contribution.
 */
export async function answeredQuestions(
  q: Queryable,
  questionIds: string[],
): Promise<Map<string, { statementId: string | null; contributionId: string }>> {
  if (questionIds.length === 0) return new Map();
  const rows = await q.query<{ question_id: string; statement_id: string | null; contribution_id: string }>(
    `select distinct on (qs.id) qs.id as question_id, ans.statement_id, ans.contribution_id
       from statements qs
       cross join lateral (
         select null::uuid as statement_id, rc.id as contribution_id, 0 as rank, rc.created_at as at
           from contributions rc where rc.reply_to_statement_id = qs.id and rc.status = 'ready'
         union all
         select a.id, a.contribution_id, 1, null from statements a
          where a.contribution_id = qs.contribution_id and a.seq > qs.seq and a.seq <= qs.seq + $2 and a.hidden_at is null
            and a.speaker is distinct from qs.speaker
            and exists (select 1 from labels l where l.statement_id = a.id and l.kind = 'act' and l.value = 'answer' and not l.removed)
       ) ans
      where qs.id = any($1::uuid[])
      order by qs.id, ans.rank, ans.at nulls last`,
    [questionIds, ANSWER_WINDOW],
  );
  return new Map(rows.map((r) => [r.question_id, { statementId: r.statement_id, contributionId: r.contribution_id }]));
}

/** How many statements after a question an answer by someone else still counts as its answer. */
const ANSWER_WINDOW = 3;

/** Video time not yet watched: each unseen contribution with media, minus what was watched of it. */
export async function unwatchedMs(
  q: Queryable,
  p: { userId: string; conferenceId: string; since: Date | null },
): Promise<{ unseenMs: number; contributions: number }> {
  const [row] = await q.query<{ unseen_ms: number; contributions: number }>(
    `select coalesce(sum(greatest(coalesce(c.duration_ms, 0) - coalesce(v.watched_ms, 0), 0)) filter (where c.media_path is not null), 0)::float8 as unseen_ms,
            count(*)::int as contributions
       from contributions c
       join conferences f on f.id = c.conference_id
       join memberships m on m.space_id = f.space_id and m.user_id = $1
       left join views v on v.contribution_id = c.id and v.user_id = $1
      where f.id = $2 and c.status = 'ready' and ($3::timestamptz is null or c.created_at >= $3)
        and c.author_id is distinct from $1 and v.seen_at is null`,
    [p.userId, p.conferenceId, p.since],
  );
  return { unseenMs: Math.round(row?.unseen_ms ?? 0), contributions: row?.contributions ?? 0 };
}

/** The conferences of a space, oldest first, with the space's name; none unless the user is a member. */
export const digestConferences = (q: Queryable, userId: string, spaceId: string) =>
  q.query<{ id: string; title: string; space_name: string }>(
    `select f.id, f.title, sp.name as space_name from conferences f
       join spaces sp on sp.id = f.space_id
       join memberships m on m.space_id = f.space_id and m.user_id = $1
      where f.space_id = $2 order by f.created_at`,
    [userId, spaceId],
  );
