/**
 * GET /api/statements/:id/suggestions: who in the space should see this statement. Gathers each
 * candidate's evidence from the database and ranks them with score.ts, the same code the routing
 * eval measures.
 *
 * Candidates: members of the statement's space who have not seen it (db/repos/seen.ts; its
 * author has, by definition), other than the caller and anyone it is already forwarded to; and
 * the space's directory experts it is not forwarded to (an expert who opened a link has seen it).
 * Nobody outside the space is ever considered.
 *
 * Evidence per candidate, all within the space: their k statements closest to this one (exact
 * cosine over the pgvector embeddings of the statements they wrote, or answered with as an
 * expert), how many statements they have (and how many lately, for the activity prior), their tags (a member's most frequent topics, an
 * expert's declared tags), an expert's bio similarity, their forwards (received, answered,
 * received in the last days) and whether they wrote what this statement replies to. A statement's
 * author is its transcript speaker's member when the label is linked (people/speakers.ts), else the
 * contribution's author; the person who said it has seen it, so they are never a candidate.
 *
 * In a contribution with several speakers (an imported or recorded meeting), the conversation
 * before the statement's question adds who spoke just before it, who held the floor and who took
 * up the asker's turns (conversation.ts), each credited to the member linked to the speaker.
 */
import type { Queryable } from '../db/db.ts';
import type { Embedder } from '../ai/ports.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { forwardsRepo, type ForwardedStatement } from '../db/repos/forwards.repo.ts';
import { labelsRepo } from '../db/repos/labels.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import { peopleRepo } from '../db/repos/people.repo.ts';
import { speakersRepo } from '../db/repos/speakers.repo.ts';
import { embedPeople } from '../people/directory.ts';
import { conversationBefore, questionMoment, type ConversationRole, type ConversationTurn } from './conversation.ts';
import { DEFAULT_SCORING, scoreCandidates, type CandidateEvidence, type ScoredCandidate, type ScoringOptions } from './score.ts';

export interface SuggestionDeps {
  db: Queryable;
  embedder: Embedder;
}

/** Candidate keys: members and experts share one evidence map. */
const member = (id: string) => `u:${id}`;
const expert = (id: string) => `p:${id}`;

export async function suggestFor(
  d: SuggestionDeps,
  statement: ForwardedStatement,
  callerId: string,
  options: { limit?: number; scoring?: ScoringOptions } = {},
): Promise<ScoredCandidate[]> {
  const scoring = options.scoring ?? DEFAULT_SCORING;
  const { db, embedder } = d;

  const members = await spacesRepo(db).membersToRouteTo(statement.id, statement.space_id, callerId);
  const experts = await peopleRepo(db).candidatesFor(statement.id, statement.space_id);
  if (members.length === 0 && experts.length === 0) return [];

  const vector = await statementVector(db, embedder, statement);
  const literal = `[${vector.join(',')}]`;
  const memberIds = members.map((m) => m.id);
  const expertIds = experts.map((p) => p.id);

  // Profiles made by another model (or never made) are embedded now, so bio similarity compares like with like.
  if (experts.some((p) => p.embedding_model !== embedder.model)) {
    await embedPeople(db, embedder, await peopleRepo(db).staleEmbeddings(statement.space_id, embedder.model));
  }

  const [closest, counts, bios, forwards, repliedTo, queryTags, conversation] = await Promise.all([
    closestStatements(db, statement, literal, embedder.model, memberIds, expertIds, scoring.k),
    // How much they said, and how much lately (each statement weighs 0.5^(age / half-life), as decayedCount).
    contributionsRepo(db).statementCountsByAuthor(statement.space_id, memberIds, expertIds, scoring.activityHalfLifeDays),
    peopleRepo(db).profileSimilarities(expertIds, literal, embedder.model),
    forwardStats(db, statement.space_id, scoring.loadDays),
    repliedToOwners(db, statement),
    labelsRepo(db).topicsOf(statement.id),
    conversationAround(db, statement),
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
      repliedTo: repliedTo.has(member(m.id)) || (conversation.get(member(m.id))?.previous ?? false),
      floorRank: conversation.get(member(m.id))?.floorRank ?? null,
      exchange: conversation.get(member(m.id))?.exchange ?? 0,
    })),
    ...experts.map((p) => ({
      kind: 'expert' as const,
      id: p.id,
      name: p.name,
      statements: withTags(expert(p.id)),
      statementCount: countOf.get(expert(p.id)) ?? 0,
      activity: activityOf.get(expert(p.id)) ?? 0,
      tags: p.tags,
      bio: p.bio,
      bioSimilarity: bioOf.get(p.id) ?? null,
      forwards: forwards.get(expert(p.id)),
      repliedTo: repliedTo.has(expert(p.id)),
    })),
  ];
  return scoreCandidates({ tags: queryTags }, candidates, scoring).slice(0, options.limit ?? 10);
}

/** The statement's stored vector when it was made by the current model, else embedded now (e.g. mid-pipeline). */
async function statementVector(db: Queryable, embedder: Embedder, statement: ForwardedStatement): Promise<number[]> {
  const stored = await contributionsRepo(db).statementEmbeddingText(statement.id, embedder.model);
  if (stored) return JSON.parse(stored) as number[];
  const [vector] = await embedder.embed([statement.text]);
  return vector;
}

type Closest = {
  id: string;
  text: string;
  similarity: number;
  contributionId: string;
  conferenceId: string;
  startMs: number;
  saidAt: Date;
  answered: boolean;
};

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
  const rows = await contributionsRepo(db).closestStatementsByAuthor({
    vectorLiteral: literal,
    spaceId: statement.space_id,
    userIds: memberIds,
    personIds: expertIds,
    model,
    exceptStatementId: statement.id,
    k,
  });
  const byOwner = new Map<string, Closest[]>();
  for (const r of rows) {
    const list = byOwner.get(r.owner) ?? byOwner.set(r.owner, []).get(r.owner)!;
    list.push({
      id: r.id,
      text: r.text,
      similarity: Number(r.similarity),
      contributionId: r.contribution_id,
      conferenceId: r.conference_id,
      startMs: r.start_ms,
      saidAt: new Date(r.created_at),
      answered: r.is_reply,
    });
  }
  return byOwner;
}

async function topicTags(db: Queryable, statementIds: string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  if (statementIds.length === 0) return tags;
  const rows = await labelsRepo(db).topicsOfStatements(statementIds);
  for (const r of rows) (tags.get(r.statement_id) ?? tags.set(r.statement_id, []).get(r.statement_id)!).push(r.value);
  return tags;
}

/** Forwards in this space per recipient: received (not revoked), answered, and received in the last `days`. */
async function forwardStats(db: Queryable, spaceId: string, days: number) {
  const rows = await forwardsRepo(db).recipientStats(spaceId, days);
  return new Map(rows.map((r) => [r.owner, { received: r.received, answered: r.answered, recent: r.recent }]));
}

/** Who wrote what this statement's contribution replies to (a statement or a contribution). */
async function repliedToOwners(db: Queryable, statement: ForwardedStatement): Promise<Set<string>> {
  const rows = await contributionsRepo(db).repliedToAuthors(statement.contribution_id);
  return new Set(
    rows.flatMap((r) =>
      [r.author_id ? member(r.author_id) : null, r.outside_person_id ? expert(r.outside_person_id) : null].filter(
        (x): x is string => x !== null,
      ),
    ),
  );
}

/**
 * The members' places in the conversation before this statement's question, keyed like the
 * candidates ('u:<id>'); empty for a contribution with one speaker (nothing to learn from).
 */
async function conversationAround(db: Queryable, statement: ForwardedStatement): Promise<Map<string, ConversationRole>> {
  const rows = await speakersRepo(db).linkedTurns(statement.contribution_id);
  // An unlinked label is still a person in the room, just not one we can suggest.
  const keyOf = (userId: string | null, label: string | null) => (userId ? member(userId) : label === null ? null : `label:${label}`);
  const turns: ConversationTurn[] = rows.map((r) => ({
    speaker: keyOf(r.user_id, r.speaker),
    text: r.text,
    startMs: r.start_ms,
    endMs: r.end_ms,
  }));
  if (new Set(turns.map((t) => t.speaker)).size < 2) return new Map();
  const asker = keyOf(await speakersRepo(db).authorOf(statement.id), statement.speaker);
  const said = { speaker: asker, startMs: statement.start_ms, endMs: statement.end_ms };
  return conversationBefore(turns, asker, questionMoment(said, turns));
}
