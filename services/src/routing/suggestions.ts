/**
 * GET /api/statements/:id/suggestions: who in the space should see this statement. Gathers each
 * candidate's evidence from the database and ranks them with score.ts, the same code the routing
 * eval measures.
 *
 * Candidates: members of the statement's space who have not seen it (facilitation/seen.ts; its
 * author has, by definition), other than the caller and anyone it is already forwarded to; and
 * the space's directory experts it is not forwarded to (an expert who opened a link has seen it).
 * Nobody outside the space is ever considered.
 *
 * Evidence per candidate, all within the space: their k statements closest to this one (exact
 * cosine over the pgvector embeddings of the statements they wrote, or answered with as an
 * expert), how many statements they have (and how many lately, for the activity prior), their tags (a member's most frequent topics, an
 * expert's declared tags), an expert's bio similarity, their forwards (received, answered,
 * received in the last days) and whether they wrote what this statement replies to.
 */
import type { Queryable } from '../db/db.ts';
import { one } from '../db/db.ts';
import type { Embedder } from '../ai/ports.ts';
import { statementSeenSql } from '../db/repos/seen.ts';
import { embedPeople, peopleRepo } from '../people/directory.ts';
import { MEMBER_REPLY_SQL, type ForwardedStatement } from '../db/repos/forwards.repo.ts';
import { DEFAULT_SCORING, scoreCandidates, type CandidateEvidence, type ScoredCandidate, type ScoringOptions } from './score.ts';

export interface SuggestionDeps {
  db: Queryable;
  embedder: Embedder;
}

/** Candidate keys: members and experts share one evidence map. */
const member = (id: string) => `u:${id}`;
const expert = (id: string) => `p:${id}`;

/** A forward that still counts: not revoked, or revoked after the expert had opened it (they saw it). */
const FORWARDED_SQL = `(f.revoked_at is null or f.opened_at is not null)`;

export async function suggestFor(
  d: SuggestionDeps,
  statement: ForwardedStatement,
  callerId: string,
  options: { limit?: number; scoring?: ScoringOptions } = {},
): Promise<ScoredCandidate[]> {
  const scoring = options.scoring ?? DEFAULT_SCORING;
  const { db, embedder } = d;

  const members = await db.query<{ id: string; name: string; tags: string[] | null }>(
    `select u.id, u.name, ep.tags
       from statements s join contributions c on c.id = s.contribution_id
       join memberships m on m.space_id = $3 join users u on u.id = m.user_id
       left join expertise_profiles ep on ep.space_id = m.space_id and ep.user_id = u.id
      where s.id = $1 and u.id <> $2 and not ${statementSeenSql('u.id', 's', 'c')}
        and not exists (select 1 from forwards f where f.statement_id = s.id and f.to_user_id = u.id and ${FORWARDED_SQL})`,
    [statement.id, callerId, statement.space_id],
  );
  const experts = await db.query<{ id: string; name: string; tags: string[]; embedding_model: string | null; bio: string }>(
    `select p.id, p.name, p.tags, p.embedding_model, p.bio
       from people p, statements s join contributions c on c.id = s.contribution_id
      where s.id = $1 and p.space_id = $2 and p.id is distinct from c.outside_person_id
        and not exists (select 1 from forwards f where f.statement_id = s.id and f.person_id = p.id and ${FORWARDED_SQL})`,
    [statement.id, statement.space_id],
  );
  if (members.length === 0 && experts.length === 0) return [];

  const vector = await statementVector(db, embedder, statement);
  const literal = `[${vector.join(',')}]`;
  const memberIds = members.map((m) => m.id);
  const expertIds = experts.map((p) => p.id);

  // Profiles made by another model (or never made) are embedded now, so bio similarity compares like with like.
  if (experts.some((p) => p.embedding_model !== embedder.model)) {
    await embedPeople(db, embedder, await peopleRepo(db).staleEmbeddings(statement.space_id, embedder.model));
  }

  const [closest, counts, bios, forwards, repliedTo, queryTags] = await Promise.all([
    closestStatements(db, statement, literal, embedder.model, memberIds, expertIds, scoring.k),
    // How much they said, and how much lately (each statement weighs 0.5^(age / half-life), as decayedCount).
    db.query<{ owner: string; n: number; activity: number }>(
      `select case when c.author_id = any($2::uuid[]) then 'u:' || c.author_id else 'p:' || c.outside_person_id end as owner, count(*)::int as n,
              sum(power(0.5, greatest(0, extract(epoch from now() - c.created_at)) / 86400.0 / $4))::float8 as activity
         from statements s join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
        where f.space_id = $1 and (c.author_id = any($2::uuid[]) or c.outside_person_id = any($3::uuid[]))
        group by 1`,
      [statement.space_id, memberIds, expertIds, scoring.activityHalfLifeDays],
    ),
    db.query<{ id: string; similarity: number }>(
      `select p.id, 1 - (p.embedding <=> $2::vector) as similarity from people p
        where p.id = any($1::uuid[]) and p.embedding is not null and p.embedding_model = $3`,
      [expertIds, literal, embedder.model],
    ),
    forwardStats(db, statement.space_id, scoring.loadDays),
    repliedToOwners(db, statement),
    db.query<{ value: string }>(`select value from labels where statement_id = $1 and kind = 'topic' and not removed`, [statement.id]),
  ]);

  const evidenceTags = await topicTags(
    db,
    [...closest.values()].flat().map((e) => e.id),
  );
  const countOf = new Map(counts.map((r) => [r.owner, r.n]));
  const activityOf = new Map(counts.map((r) => [r.owner, Number(r.activity)]));
  const bioOf = new Map(bios.map((r) => [r.id, Number(r.similarity)]));
  const withTags = (key: string) => (closest.get(key) ?? []).map((e) => ({ ...e, tags: evidenceTags.get(e.id) ?? [] }));

  const candidates: CandidateEvidence[] = [
    ...members.map((m) => ({
      kind: 'member' as const,
      id: m.id,
      name: m.name,
      statements: withTags(member(m.id)),
      statementCount: countOf.get(member(m.id)) ?? 0,
      activity: activityOf.get(member(m.id)) ?? 0,
      tags: m.tags ?? [],
      forwards: forwards.get(member(m.id)),
      repliedTo: repliedTo.has(member(m.id)),
    })),
    ...experts.map((p) => ({
      kind: 'expert' as const,
      id: p.id,
      name: p.name,
      statements: withTags(expert(p.id)),
      statementCount: countOf.get(expert(p.id)) ?? 0,
      activity: activityOf.get(expert(p.id)) ?? 0,
      tags: p.tags,
      bioSimilarity: bioOf.get(p.id) ?? null,
      forwards: forwards.get(expert(p.id)),
      repliedTo: repliedTo.has(expert(p.id)),
    })),
  ];
  return scoreCandidates({ tags: queryTags.map((t) => t.value) }, candidates, scoring).slice(0, options.limit ?? 10);
}

/** The statement's stored vector when it was made by the current model, else embedded now (e.g. mid-pipeline). */
async function statementVector(db: Queryable, embedder: Embedder, statement: ForwardedStatement): Promise<number[]> {
  const stored = await one<{ v: string }>(
    db,
    `select embedding::text as v from statements where id = $1 and embedding is not null and embedding_model = $2`,
    [statement.id, embedder.model],
  );
  if (stored) return JSON.parse(stored.v) as number[];
  const [vector] = await embedder.embed([statement.text]);
  return vector;
}

type Closest = { id: string; text: string; similarity: number; contributionId: string; startMs: number };

/**
 * Each candidate's k statements closest to the vector: an exact scan of the candidates' statements
 * in the space (a per-candidate top-k, which one shared ANN list cannot guarantee), ranked in SQL.
 */
async function closestStatements(
  db: Queryable,
  statement: ForwardedStatement,
  literal: string,
  model: string,
  memberIds: string[],
  expertIds: string[],
  k: number,
) {
  const rows = await db.query<{ owner: string; id: string; text: string; similarity: number; contribution_id: string; start_ms: number }>(
    `select owner, id, text, similarity, contribution_id, start_ms from (
       select case when c.author_id = any($3::uuid[]) then 'u:' || c.author_id else 'p:' || c.outside_person_id end as owner,
              s.id, s.text, s.contribution_id, s.start_ms, 1 - (s.embedding <=> $1::vector) as similarity,
              row_number() over (partition by coalesce(c.author_id, c.outside_person_id) order by s.embedding <=> $1::vector, s.id) as rank
         from statements s join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
        where f.space_id = $2 and s.id <> $6 and s.embedding is not null and s.embedding_model = $5
          and (c.author_id = any($3::uuid[]) or c.outside_person_id = any($4::uuid[]))
     ) ranked where rank <= $7`,
    [literal, statement.space_id, memberIds, expertIds, model, statement.id, k],
  );
  const byOwner = new Map<string, Closest[]>();
  for (const r of rows) {
    const list = byOwner.get(r.owner) ?? byOwner.set(r.owner, []).get(r.owner)!;
    list.push({ id: r.id, text: r.text, similarity: Number(r.similarity), contributionId: r.contribution_id, startMs: r.start_ms });
  }
  return byOwner;
}

async function topicTags(db: Queryable, statementIds: string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  if (statementIds.length === 0) return tags;
  const rows = await db.query<{ statement_id: string; value: string }>(
    `select statement_id, value from labels where statement_id = any($1::uuid[]) and kind = 'topic' and not removed`,
    [statementIds],
  );
  for (const r of rows) (tags.get(r.statement_id) ?? tags.set(r.statement_id, []).get(r.statement_id)!).push(r.value);
  return tags;
}

/** Forwards in this space per recipient: received (not revoked), answered, and received in the last `days`. */
async function forwardStats(db: Queryable, spaceId: string, days: number) {
  const rows = await db.query<{ owner: string; received: number; answered: number; recent: number }>(
    `select case when f.to_user_id is not null then 'u:' || f.to_user_id else 'p:' || f.person_id end as owner,
            count(*)::int as received,
            count(*) filter (where f.answered_at is not null or mr.id is not null)::int as answered,
            count(*) filter (where f.created_at > now() - make_interval(days => $2::int))::int as recent
       from forwards f join statements s on s.id = f.statement_id join contributions c on c.id = s.contribution_id
       join conferences cf on cf.id = c.conference_id left join lateral ${MEMBER_REPLY_SQL} mr on true
      where cf.space_id = $1 and f.revoked_at is null
      group by 1`,
    [spaceId, days],
  );
  return new Map(rows.map((r) => [r.owner, { received: r.received, answered: r.answered, recent: r.recent }]));
}

/** Who wrote what this statement's contribution replies to (a statement or a contribution). */
async function repliedToOwners(db: Queryable, statement: ForwardedStatement): Promise<Set<string>> {
  const rows = await db.query<{ author_id: string | null; outside_person_id: string | null }>(
    `select t.author_id, t.outside_person_id from contributions c
       left join statements rs on rs.id = c.reply_to_statement_id
       join contributions t on t.id = coalesce(rs.contribution_id, c.reply_to_contribution_id)
      where c.id = $1`,
    [statement.contribution_id],
  );
  return new Set(
    rows.flatMap((r) =>
      [r.author_id ? member(r.author_id) : null, r.outside_person_id ? expert(r.outside_person_id) : null].filter(
        (x): x is string => x !== null,
      ),
    ),
  );
}
