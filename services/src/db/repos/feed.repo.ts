import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { StatementRow } from './contributions.repo.ts';
import type { ReactionCounts } from './reactions.repo.ts';
import { statementSeenSql } from './seen.ts';

/** One statement of a conference with what ranking needs (no text: that is loaded for the page only). */
export interface FeedCandidateRow {
  id: string;
  contribution_id: string;
  seq: number;
  created_at: Date;
  author_id: string | null;
  /** Cosine similarity to the query or profile vector (null without one, or from another model). */
  vector_sim: number | null;
  /** ts_rank_cd of the query, scaled to 0..1 (null without a query). */
  text_rank: number | null;
  /** Carries a topic tag the reader follows in this space. */
  followed_tag: boolean;
  seen: boolean;
  /** Readers other than the author who saw it. */
  viewers: number;
  reactions: ReactionCounts;
}

export interface CandidateParams {
  conferenceId: string;
  spaceId: string;
  userId: string;
  /** Embedding model of `vector`; statements embedded by another model get no vector similarity. */
  model: string | null;
  /** pgvector literal '[…]' of the query or the reader's profile. */
  vector: string | null;
  query: string | null;
  unseenOnly: boolean;
}

const parseVector = (text: string | null): number[] | null => (text ? (JSON.parse(text) as number[]) : null);

export const feedRepo = (q: Queryable) => ({
  candidates: (p: CandidateParams) =>
    q.query<FeedCandidateRow>(
      `select s.id, s.contribution_id, s.seq, c.created_at, c.author_id,
              case when $5::text is not null and s.embedding_model = $4 then 1 - (s.embedding <=> $5::vector) end as vector_sim,
              case when $6::text is not null then ts_rank_cd(s.tsv, websearch_to_tsquery('english', $6), 32) end as text_rank,
              exists (select 1 from labels l join tag_follows tf on tf.tag = l.value and tf.user_id = $2 and tf.space_id = $3
                       where l.statement_id = s.id and l.kind = 'topic' and not l.removed) as followed_tag,
              ${statementSeenSql('$2')} as seen,
              (select count(*)::int from views v
                where v.contribution_id = s.contribution_id and v.user_id is distinct from c.author_id
                  and ${statementSeenSql('v.user_id')}) as viewers,
              coalesce((select jsonb_object_agg(k.kind, k.n) from (
                 select r.kind, count(*)::int as n from reactions r where r.statement_id = s.id group by r.kind) k), '{}'::jsonb) as reactions
         from statements s join contributions c on c.id = s.contribution_id
        where c.conference_id = $1 and s.hidden_at is null and (not $7::boolean or not ${statementSeenSql('$2')})`,
      [p.conferenceId, p.userId, p.spaceId, p.model, p.vector, p.query, p.unseenOnly],
    ),

  /** Vectors of these statements made by `model` (others are left out). */
  embeddings: async (ids: string[], model: string) => {
    if (ids.length === 0) return new Map<string, number[]>();
    const rows = await q.query<{ id: string; embedding: string }>(
      `select id, embedding::text as embedding from statements where id = any($1::uuid[]) and embedding_model = $2 and embedding is not null`,
      [ids, model],
    );
    return new Map(rows.map((r) => [r.id, parseVector(r.embedding)!]));
  },

  /** The reader's expertise profile vector in the space, if they have one made by `model`. */
  profileVector: async (spaceId: string, userId: string, model: string) =>
    (
      await one<{ embedding: string }>(
        q,
        `select embedding::text as embedding from expertise_profiles
        where space_id = $1 and user_id = $2 and embedding_model = $3 and embedding is not null`,
        [spaceId, userId, model],
      )
    )?.embedding ?? null,

  statements: (ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([] as StatementRow[])
      : q.query<StatementRow>(
          `select id, contribution_id, seq, start_ms, end_ms, speaker, text, gist from statements where id = any($1::uuid[])`,
          [ids],
        ),
});
