import { quote } from '../core/text/quote.ts';
/**
 * Who should see a statement: the scoring behind GET /api/statements/:id/suggestions and
 * `npm run eval -- routing`. Pure: the caller gathers each candidate's evidence (from the database
 * in suggestions.ts, in memory in the eval) and this ranks them and says why.
 *
 * score = similarity · Σ top-k similarities of their past statements (CombSUM)
 *       + activity   · ln(1 + their statement count, each weighted by its age: half-life 90 days)
 *       + bio        · similarity of the statement to their bio and tags (directory experts)
 *       + tag        · topic tags of the statement they carry (declared, or their most frequent)
 *       + reply      · 1 when they wrote what this statement replies to
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
  startMs?: number;
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
  /** Similarity of the statement to their bio and tags (experts), null when they have none. */
  bioSimilarity?: number | null;
  /** Forwards they received and answered (ever), and received recently (load). */
  forwards?: { received: number; answered: number; recent: number };
  /** They wrote the statement or contribution this one replies to. */
  repliedTo?: boolean;
}

export interface RoutingQuery {
  /** Topic tags of the statement being routed. */
  tags: string[];
}

export type SimilarityMethod = 'combsum' | 'max' | 'mean-vector';

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
 * Chosen on AMI, ICSI and Stack Exchange dev (`npm run eval -- routing`, eval/README.md): CombSUM
 * of the 3 closest statements beat the single closest one and the mean profile vector; the
 * activity prior carries AMI and Stack Exchange, where the busiest people answer most, and on
 * Stack Exchange recent activity (90-day half-life) predicts better than all-time counts; the
 * person replied to comes first (weight 4 outweighs the other terms in practice), which is what
 * matches the "previous other speaker" in live meetings. Bio, responsiveness and load have no dev
 * data: a good bio counts like two close statements, a perfect answer record adds 0.2, and a busy
 * week only breaks near-ties.
 */
export const DEFAULT_SCORING: Readonly<ScoringOptions> = Object.freeze({
  method: 'combsum',
  k: 3,
  weights: Object.freeze({ similarity: 1, activity: 0.5, bio: 2, tag: 0.3, reply: 4, responsive: 0.4, load: 0.15 }),
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
  parts: Record<keyof ScoringOptions['weights'], number>;
}

/** Scores and ranks candidates, best first; ties go to the name, then id, so the order is stable. */
export function scoreCandidates(
  query: RoutingQuery,
  candidates: CandidateEvidence[],
  options: ScoringOptions = DEFAULT_SCORING,
): ScoredCandidate[] {
  const wanted = new Set(query.tags.map(normaliseTag));
  return candidates
    .map((c) => scoreOne(c, wanted, options))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

function scoreOne(c: CandidateEvidence, wanted: Set<string>, o: ScoringOptions): ScoredCandidate {
  const top = [...c.statements].sort((a, b) => b.similarity - a.similarity).slice(0, o.k);
  const matchingTags = unique(c.tags.map(normaliseTag)).filter((t) => wanted.has(t));
  const forwards = c.forwards ?? { received: 0, answered: 0, recent: 0 };
  const parts = {
    similarity: similarityPart(c, top, o),
    activity: Math.log1p(Math.max(0, c.activity ?? c.statementCount)),
    bio: Math.max(0, c.bioSimilarity ?? 0),
    tag: Math.min(3, matchingTags.length),
    reply: c.repliedTo ? 1 : 0,
    responsive: (forwards.answered + 1) / (forwards.received + 2) - 0.5,
    load: Math.log1p(Math.max(0, forwards.recent)),
  };
  const w = o.weights;
  const score =
    w.similarity * parts.similarity +
    w.activity * parts.activity +
    w.bio * parts.bio +
    w.tag * parts.tag +
    w.reply * parts.reply +
    w.responsive * parts.responsive -
    w.load * parts.load;
  const evidence = top.filter((s) => s.similarity >= o.reasonMinSimilarity);
  return {
    kind: c.kind,
    id: c.id,
    name: c.name,
    score: round(score),
    reasons: reasonsFor(c, evidence, matchingTags, wanted, forwards, o),
    evidence,
    parts,
  };
}

function similarityPart(c: CandidateEvidence, top: EvidenceStatement[], o: ScoringOptions): number {
  if (o.method === 'mean-vector') return Math.max(0, c.profileSimilarity ?? 0);
  if (o.method === 'max') return Math.max(0, top[0]?.similarity ?? 0);
  return top.reduce((sum, s) => sum + Math.max(0, s.similarity), 0);
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
  if (c.repliedTo) reasons.push('wrote what this replies to');
  if (evidence.length > 0) {
    const topic = commonTopic(evidence, wanted);
    const what = `${evidence.length} ${evidence.length === 1 ? 'statement' : 'statements'}`;
    reasons.push(`${what} ${topic ? `on ${topic}` : 'on a similar subject'}, e.g. “${quote(evidence[0].text)}”`);
  }
  for (const tag of matchingTags) reasons.push(`tag: ${tag}`);
  if (c.kind === 'expert' && (c.bioSimilarity ?? 0) >= o.reasonMinSimilarity) reasons.push('bio matches the subject');
  if (forwards.received > 0)
    reasons.push(`answered ${forwards.answered} of ${forwards.received} ${forwards.received === 1 ? 'forward' : 'forwards'}`);
  if (forwards.recent > 0)
    reasons.push(`${forwards.recent} ${forwards.recent === 1 ? 'forward' : 'forwards'} in the last ${o.loadDays} days`);
  if (reasons.length === 0) reasons.push(nothingToShow(c));
  return reasons;
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
