import { quote } from '../core/text/quote.ts';
/**
 * Who should see a statement: the scoring behind GET /api/statements/:id/suggestions and
 * `npm run eval -- routing`. Pure: the caller gathers each candidate's evidence (from the database
 * in suggestions.ts, in memory in the eval) and this ranks them and says why.
 *
 * score = similarity · Σ over their k closest past statements of what each has above the median
 *                      of everyone's k closest (CombSUM above the background)
 *       + activity   · ln(1 + their statement count, each weighted by its age: half-life 90 days)
 *       + bio        · similarity of the statement to their bio and tags (directory experts)
 *       + tag        · topic tags of the statement they carry (declared, or their most frequent)
 *       + reply      · 1 when they wrote what this statement replies to (in a meeting: spoke just before it)
 *       + floor      · 0.5^(their place among the others who last said something substantive before it)
 *       + exchange   · share of the asker's earlier turns in that meeting they took up
 *       + responsive · (answered + 1) / (received + 2) − ½   (forwards; 0 with no history)
 *       − load       · ln(1 + forwards received in the last days)
 */

export interface EvidenceStatement {
  id: string;
  text: string;
  /** Cosine similarity to the statement being routed. */
  similarity: number;
  /** Topic tags of that statement, when known: they name what the evidence is about. */
  tags?: string[];
  contributionId?: string;
  conferenceId?: string;
  startMs?: number;
  /** When it was said (its contribution's date): the reason names the day. */
  saidAt?: Date;
  /** It was said in a reply (to a statement, a contribution or a forward): "answered" rather than "said". */
  answered?: boolean;
}

export interface CandidateEvidence {
  kind: 'member' | 'expert';
  id: string;
  name: string;
  /** Their past statements most similar to this one, any order (the best k are used). */
  statements: EvidenceStatement[];
  /** How many statements they have in all. */
  statementCount: number;
  /**
   * How active they are lately: their statements counted with a half-life of
   * `activityHalfLifeDays` by age (decayedCount). Defaults to statementCount (no dates known).
   */
  activity?: number;
  /** Similarity to the mean of all their statement vectors (the 'mean-vector' method only). */
  profileSimilarity?: number | null;
  /** Declared tags (experts) or their most frequent topics (members). */
  tags: string[];
  /** An expert's bio, quoted when it is what matches. */
  bio?: string;
  /** Similarity of the statement to their bio and tags (experts), null when they have none. */
  bioSimilarity?: number | null;
  /** Forwards they received and answered (ever), and received recently (load). */
  forwards?: { received: number; answered: number; recent: number };
  /** They wrote the statement or contribution this one replies to, or spoke just before it in the meeting. */
  repliedTo?: boolean;
  /**
   * In a meeting: 0 when they were the last other person to say something substantive before this
   * statement's question, 1 the one before, …; null or absent when they had not spoken (conversation.ts).
   */
  floorRank?: number | null;
  /** In a meeting: the share of the asker's earlier turns they took up (conversation.ts); 0 or absent otherwise. */
  exchange?: number;
}

export interface RoutingQuery {
  /** Topic tags of the statement being routed. */
  tags: string[];
}

export type SimilarityMethod = 'combsum' | 'combsum-above-background' | 'max' | 'mean-vector';

export interface ScoringOptions {
  method: SimilarityMethod;
  /** How many of a candidate's most similar statements count (CombSUM). */
  k: number;
  weights: {
    similarity: number;
    activity: number;
    bio: number;
    tag: number;
    reply: number;
    floor: number;
    exchange: number;
    responsive: number;
    load: number;
  };
  /** Days that count as "recent" for load (used only in the reason's wording here). */
  loadDays: number;
  /** Half-life of a statement's weight in the activity prior: people come and go. */
  activityHalfLifeDays: number;
  /** Evidence below this similarity is not quoted as a reason (it still scores). */
  reasonMinSimilarity: number;
}

/**
 * Chosen on AMI, ICSI and Stack Exchange dev by 5-fold cross-validation by meeting (`npm run eval
 * -- routing`, eval/tasks/routing-cv.ts): the grid point with the best fold-averaged mean of AMI
 * Hit@1, ICSI Hit@1 and Stack Exchange Hit@10; four of five folds chose it on their own. In a
 * meeting the conversation decides most: who held the floor (4) counts twice the one who spoke
 * last in any turn (2), and taking up the asker's turns adds up to 2. The activity prior (0.5,
 * recent activity with a 90-day half-life) carries Stack Exchange, where the busiest answer most.
 * Similarity counts once it is measured above the background (raw CombSUM, which rewards having
 * said much, lost to activity alone); tags added nothing on dev (0). Bio, responsiveness and load
 * have no dev data: a good bio (0.4) weighs about like a close statement, a perfect answer record
 * adds 0.2, and a busy week only breaks near-ties.
 */
export const DEFAULT_SCORING: Readonly<ScoringOptions> = Object.freeze({
  method: 'combsum-above-background',
  k: 3,
  weights: Object.freeze({ similarity: 0.25, activity: 0.5, bio: 1, tag: 0, reply: 2, floor: 4, exchange: 2, responsive: 0.4, load: 0.15 }),
  loadDays: 7,
  activityHalfLifeDays: 90,
  reasonMinSimilarity: 0.15,
});

export interface ScoredCandidate {
  kind: 'member' | 'expert';
  id: string;
  name: string;
  score: number;
  reasons: string[];
  /** The statements quoted as reasons, best first (grounding: the UI links each to its second). */
  evidence: EvidenceStatement[];
  /** Each term of the score, for the eval and for debugging. */
  parts: ScoreParts;
}

/** The order of the ranking: higher score first; ties go to the name, then id, so the order is stable. */
export const byScore = (a: { score: number; name: string; id: string }, b: { score: number; name: string; id: string }) =>
  b.score - a.score || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Scores and ranks candidates, best first; ties go to the name, then id, so the order is stable. */
export function scoreCandidates(
  query: RoutingQuery,
  candidates: CandidateEvidence[],
  options: ScoringOptions = DEFAULT_SCORING,
): ScoredCandidate[] {
  const wanted = new Set(query.tags.map(normaliseTag));
  const tops = candidates.map((c) => [...c.statements].sort((a, b) => b.similarity - a.similarity).slice(0, options.k));
  const background = options.method === 'combsum-above-background' ? median(tops.flat().map((s) => s.similarity)) : 0;
  return candidates.map((c, i) => scoreOne(c, tops[i], background, wanted, options)).sort(byScore);
}

function scoreOne(
  c: CandidateEvidence,
  top: EvidenceStatement[],
  background: number,
  wanted: Set<string>,
  o: ScoringOptions,
): ScoredCandidate {
  const matchingTags = unique(c.tags.map(normaliseTag)).filter((t) => wanted.has(t));
  const forwards = c.forwards ?? { received: 0, answered: 0, recent: 0 };
  const parts = {
    similarity: similarityPart(c, top, background, o),
    activity: Math.log1p(Math.max(0, c.activity ?? c.statementCount)),
    bio: Math.max(0, c.bioSimilarity ?? 0),
    tag: Math.min(3, matchingTags.length),
    reply: c.repliedTo ? 1 : 0,
    floor: c.floorRank === null || c.floorRank === undefined ? 0 : 0.5 ** Math.max(0, c.floorRank),
    exchange: Math.max(0, c.exchange ?? 0),
    responsive: (forwards.answered + 1) / (forwards.received + 2) - 0.5,
    load: Math.log1p(Math.max(0, forwards.recent)),
  };
  const score = weighted(parts, o.weights);
  const evidence = top.filter((s) => s.similarity >= o.reasonMinSimilarity);
  return {
    kind: c.kind,
    id: c.id,
    name: c.name,
    score,
    reasons: reasonsFor(c, evidence, matchingTags, wanted, forwards, o),
    evidence,
    parts,
  };
}

export type ScoreParts = Record<keyof ScoringOptions['weights'], number>;

/**
 * A candidate's score from their parts (which do not depend on the weights, so tuning scores each
 * candidate once and re-weighs): the weighted sum, load counting against them, rounded so that
 * near-equal sums tie and fall to the stable order.
 */
export function weighted(parts: ScoreParts, w: ScoringOptions['weights']): number {
  return round(
    w.similarity * parts.similarity +
      w.activity * parts.activity +
      w.bio * parts.bio +
      w.tag * parts.tag +
      w.reply * parts.reply +
      w.floor * parts.floor +
      w.exchange * parts.exchange +
      w.responsive * parts.responsive -
      w.load * parts.load,
  );
}

/**
 * How close their past statements are. 'combsum-above-background' counts only what each of their
 * k closest statements has above the median of everyone's: with a lexical embedder any two texts
 * share some words, and summing that floor rewards having said much rather than said this.
 */
function similarityPart(c: CandidateEvidence, top: EvidenceStatement[], background: number, o: ScoringOptions): number {
  if (o.method === 'mean-vector') return Math.max(0, c.profileSimilarity ?? 0);
  if (o.method === 'max') return Math.max(0, top[0]?.similarity ?? 0);
  return top.reduce((sum, s) => sum + Math.max(0, s.similarity - background), 0);
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Sentences a host can read: what they said that is close to this, their tags, their track record. */
function reasonsFor(
  c: CandidateEvidence,
  evidence: EvidenceStatement[],
  matchingTags: string[],
  wanted: Set<string>,
  forwards: { received: number; answered: number; recent: number },
  o: ScoringOptions,
): string[] {
  const reasons: string[] = [];
  const inMeeting = c.floorRank !== null && c.floorRank !== undefined;
  if (c.repliedTo) reasons.push(inMeeting ? 'spoke just before this' : 'wrote what this replies to');
  else if (c.floorRank === 0) reasons.push('had the floor just before this');
  if ((c.exchange ?? 0) >= 0.25) reasons.push(`took up ${Math.round(c.exchange! * 100)}% of the asker's turns in this meeting`);
  if (evidence.length > 0) reasons.push(quoteReason(evidence, commonTopic(evidence, wanted)));
  for (const tag of matchingTags) reasons.push(`tag: ${tag}`);
  if (c.kind === 'expert' && (c.bioSimilarity ?? 0) >= o.reasonMinSimilarity)
    reasons.push(c.bio?.trim() ? `bio: “${quote(c.bio.trim())}”` : 'bio matches the subject');
  if (forwards.received > 0)
    reasons.push(`answered ${forwards.answered} of ${forwards.received} ${forwards.received === 1 ? 'forward' : 'forwards'}`);
  if (forwards.recent > 0)
    reasons.push(`${forwards.recent} ${forwards.recent === 1 ? 'forward' : 'forwards'} in the last ${o.loadDays} days`);
  if (reasons.length === 0) reasons.push(nothingToShow(c));
  return reasons;
}

/** “answered ‘MediaCodec encoder leaks…’ on 12 March (3 statements on video)”: their closest statement, quoted, dated. */
function quoteReason(evidence: EvidenceStatement[], topic: string | null): string {
  const best = evidence[0];
  const when = best.saidAt ? ` on ${dayOf(best.saidAt)}` : '';
  const subject = topic ? `on ${topic}` : 'on a similar subject';
  const more = evidence.length > 1 ? ` (${evidence.length} statements ${subject})` : topic ? ` (${subject})` : '';
  return `${best.answered ? 'answered' : 'said'} “${quote(best.text)}”${when}${more}`;
}

const MONTHS = 'January February March April May June July August September October November December'.split(' ');

/** "12 March", with the year when it is not this year's (UTC). */
export function dayOf(d: Date, now = new Date()): string {
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return d.getUTCFullYear() === now.getUTCFullYear() ? day : `${day} ${d.getUTCFullYear()}`;
}

function nothingToShow(c: CandidateEvidence): string {
  if (c.statementCount > 0) return `${c.statementCount} ${c.statementCount === 1 ? 'statement' : 'statements'}, none close to this one`;
  if (c.kind === 'expert')
    return c.bioSimilarity === null || c.bioSimilarity === undefined ? 'no bio or replies yet' : 'bio is about other subjects';
  return 'no history yet';
}

/** The statement's topic most of the evidence shares, if any (what "3 statements on pricing" names). */
function commonTopic(evidence: EvidenceStatement[], wanted: Set<string>): string | null {
  const counts = new Map<string, number>();
  for (const e of evidence)
    for (const t of unique((e.tags ?? []).map(normaliseTag))) if (wanted.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best ? best[0] : null;
}

export const normaliseTag = (t: string) => t.trim().toLowerCase().replace(/\s+/g, ' ');
const unique = <T>(xs: T[]) => [...new Set(xs)];
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Statements weighted by age: each counts 0.5^(age / half-life), so last week's count almost fully, last year's little. */
export function decayedCount(agesInDays: number[], halfLifeDays: number): number {
  return agesInDays.reduce((sum, age) => sum + 0.5 ** (Math.max(0, age) / halfLifeDays), 0);
}

/** Cosine of two L2-normalised vectors (the embedders' output) is their dot product. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
