/**
 * "Since your last visit": for one reader, the statements of a conference they have not seen,
 * ranked for them (engagement/ranking.ts), grouped by dialogue act, with a short summary whose
 * sentences cite statements, the video time they have not watched and the time the digest takes
 * to read. A space digest is the digests of its conferences that have something new.
 */
import type { Queryable } from '../db/db.ts';
import type { CitedSentence } from '../core/understanding.ts';
import { cosine, rankStatements } from '../engagement/ranking.ts';
import type { Services } from '../services.ts';
import { answeredQuestions, digestConferences, unseenStatements, unwatchedMs, type DigestCandidate } from '../db/repos/digest.repo.ts';
import { profilesRepo } from '../db/repos/profiles.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import { viewsRepo } from '../db/repos/views.repo.ts';
import type { Digest, DigestSection, SpaceDigest } from '@colloquy/contract';
import { groupIntoSections, SECTION_ACTS } from './sections.ts';
import { readingMs } from './reading.ts';

/** At most this many unseen statements are ranked and summarised (the rest are counted). */
const MAX_RANKED = 300;
/**
 * At most this many unseen statements leave the database for ranking (chosen there by score,
 * digest.repo.ts): the diversity pass costs ranked × pool similarities, so a conference of
 * thousands of statements would otherwise hold the event loop for seconds per request.
 */
export const DIGEST_POOL = 500;

export async function buildDigest(
  s: Pick<Services, 'ai' | 'config' | 'db'>,
  p: { userId: string; conferenceId: string; since?: Date },
): Promise<Digest> {
  const since = p.since ?? (await lastVisitStart(s.db, p.userId, p.conferenceId));
  const pool = { size: DIGEST_POOL, sectionActs: SECTION_ACTS, halfLifeDays: s.config.ranking.halfLifeDays };
  const [candidates, unwatched, conference] = await Promise.all([
    unseenStatements(s.db, { userId: p.userId, conferenceId: p.conferenceId, since, pool }),
    unwatchedMs(s.db, { userId: p.userId, conferenceId: p.conferenceId, since }),
    conferenceInfo(s.db, p.conferenceId),
  ]);
  const empty: Digest = {
    conferenceId: p.conferenceId,
    since: since?.toISOString() ?? null,
    summary: [],
    sections: [],
    contributionCount: unwatched.contributions,
    unseenMs: unwatched.unseenMs,
    readingMs: 0,
  };
  if (candidates.length === 0 || !conference) return empty;

  const profile = await readerProfile(s.db, p.userId, conference.spaceId);
  const central = centrality(candidates);
  const ranked = rankStatements(
    candidates.map((c, i) => ({
      id: c.id,
      contributionId: c.contributionId,
      createdAt: c.contributionCreatedAt,
      relevance:
        (profile && c.embedding ? Math.max(0, cosine(profile, c.embedding)) : NEUTRAL_RELEVANCE) * (1 - CENTRALITY_SHARE) +
        central[i] * CENTRALITY_SHARE,
      reactions: c.reactions,
      viewers: c.viewers,
      embedding: c.embedding,
    })),
    { now: new Date(), ranking: s.config.ranking, limit: Math.min(candidates.length, MAX_RANKED) },
  );
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const order = ranked.map((r) => byId.get(r.id)!).filter(Boolean);
  const questions = order.filter((c) => c.act === 'question').map((c) => c.id);
  const answered = await answeredQuestions(s.db, questions);
  const sections = groupIntoSections(order, answered);
  const summary = await summarise(s, conference.title, order, sections);
  return { ...empty, summary, sections, readingMs: readingMs(summary, sections, s.config.digest.readingWpm) };
}

export async function buildSpaceDigest(
  s: Pick<Services, 'ai' | 'config' | 'db'>,
  p: { userId: string; spaceId: string; since?: Date },
): Promise<SpaceDigest> {
  const conferences = await digestConferences(s.db, p.userId, p.spaceId);
  const parts: SpaceDigest['conferences'] = [];
  for (const f of conferences) {
    const digest = await buildDigest(s, { userId: p.userId, conferenceId: f.id, since: p.since });
    if (digest.sections.length > 0 || digest.unseenMs > 0) parts.push({ conferenceId: f.id, title: f.title, digest });
  }
  return {
    spaceId: p.spaceId,
    spaceName: conferences[0]?.space_name ?? '',
    since: p.since?.toISOString() ?? null,
    conferences: parts,
    unseenMs: parts.reduce((sum, c) => sum + c.digest.unseenMs, 0),
    readingMs: parts.reduce((sum, c) => sum + c.digest.readingMs, 0),
  };
}

/** A reader with no profile yet (nothing said) ranks by reactions and recency alone. */
const NEUTRAL_RELEVANCE = 0.5;
/**
 * Part of a statement's relevance is how central it is to what was said while the reader was
 * away (similarity to the mean of the unseen statements, scaled to the most central): with no
 * reactions yet and no profile, the gist of the discussion beats its asides.
 */
const CENTRALITY_SHARE = 0.5;

function centrality(candidates: DigestCandidate[]): number[] {
  const vectors = candidates.map((c) => c.embedding);
  const dims = vectors.find((v) => v)?.length ?? 0;
  if (dims === 0) return candidates.map(() => 0);
  const mean = new Array<number>(dims).fill(0);
  for (const v of vectors) if (v) for (let i = 0; i < dims; i++) mean[i] += v[i];
  const scores = vectors.map((v) => (v ? Math.max(0, cosine(mean, v)) : 0));
  const best = Math.max(...scores);
  return scores.map((x) => (best > 0 ? x / best : 0));
}
/** The summary reads the best-ranked statements, in the order they were said. */
const SUMMARY_STATEMENTS = 60;

/**
 * 2–4 sentences over the statements that matter most: the digest's own lines first, then the
 * best-ranked others, in the order they were said, each sentence citing its statements.
 */
async function summarise(
  s: Pick<Services, 'ai'>,
  title: string,
  ranked: DigestCandidate[],
  sections: DigestSection[],
): Promise<CitedSentence[]> {
  const listed = new Set(sections.flatMap((sec) => sec.items.map((i) => i.statementId)));
  const chosen = [...ranked.filter((c) => listed.has(c.id)), ...ranked.filter((c) => !listed.has(c.id))].slice(0, SUMMARY_STATEMENTS);
  const position = new Map(ranked.map((c) => [c.id, [c.contributionCreatedAt.getTime(), c.seq] as const]));
  chosen.sort((a, b) => position.get(a.id)![0] - position.get(b.id)![0] || a.seq - b.seq);
  const result = await s.ai.summariser.summarise({
    title,
    durationMs: 0, // no chapters in a digest
    statements: chosen.map((c) => ({ id: c.id, text: c.text, speaker: c.speaker, startMs: c.startMs, endMs: c.endMs })),
  });
  return result.summary;
}

/** "Since your last visit": the start of the gap before the current visit (views.ts records visits). */
async function lastVisitStart(q: Queryable, userId: string, conferenceId: string): Promise<Date | null> {
  const previous = await viewsRepo(q).previousVisitAt(userId, conferenceId);
  return previous ? new Date(previous) : null;
}

async function conferenceInfo(q: Queryable, conferenceId: string) {
  const row = await spacesRepo(q).conferenceById(conferenceId);
  return row ? { title: row.title, spaceId: row.space_id } : null;
}

async function readerProfile(q: Queryable, userId: string, spaceId: string): Promise<number[] | null> {
  return profilesRepo(q).vectorOf(userId, spaceId);
}
