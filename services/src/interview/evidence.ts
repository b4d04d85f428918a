/**
 * AI evidence for one answer: suggestions for the reviewer, never a score. It is the answer's
 * stored summary (each sentence citing the statements it came from) and, for each rubric
 * criterion that applies to the answer's question or to the whole interview, the answer's own
 * statements closest in meaning to what the criterion asks for (its name, description and strong
 * anchor), by cosine similarity of the stored statement embeddings. Nothing outside the answer is
 * ever cited. Openings with AI summaries off get none.
 */
import type { Evidence, EvidenceStatement } from '@colloquy/contract';
import type { Queryable } from '../db/db.ts';
import type { Embedder } from '../ai/ports.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { summariesRepo } from '../db/repos/summaries.repo.ts';
import type { Services } from '../services.ts';
import { criteriaOf as openingCriteria, type CriterionRow } from './interviews.ts';

/**
 * Below this cosine similarity a statement is not shown as evidence: with the local embedder,
 * text that shares no content words with the criterion stays near 0–0.1, while a statement
 * about the criterion's subject reaches 0.2 and more.
 */
export const EVIDENCE_MIN_SIMILARITY = 0.15;
export const EVIDENCE_PER_CRITERION = 3;

export interface AnswerRef {
  contributionId: string;
  questionId: string;
  conferenceId: string;
  aiSummaries: boolean;
}

export async function answerEvidence(s: Pick<Services, 'ai' | 'db'>, answer: AnswerRef): Promise<Evidence | null> {
  if (!answer.aiSummaries) return null;
  const embedder = s.ai.embedder;
  const criteria = (await openingCriteria(s.db, answer.conferenceId)).filter(
    (c) => c.question_id === null || c.question_id === answer.questionId,
  );
  const [summary, matches] = await Promise.all([
    summariesRepo(s.db).forContribution(answer.contributionId),
    closestStatements(s.db, embedder, answer.contributionId, criteria),
  ]);
  return {
    ai: true,
    provider: embedder.provider,
    model: embedder.model,
    summary: summary
      ? {
          text: summary.sentences.map((x) => x.text).join(' '),
          statementIds: [...new Set(summary.sentences.flatMap((x) => x.statementIds))],
          provider: summary.provider,
          model: summary.model,
        }
      : null,
    criteria: criteria.map((c) => ({ criterionId: c.id, statements: matches.get(c.id) ?? [] })),
  };
}

/** What a criterion asks for, as one text to embed. */
export const criterionText = (c: Pick<CriterionRow, 'name' | 'description' | 'anchor_strong'>) =>
  [c.name, c.description, c.anchor_strong]
    .map((x) => x.trim())
    .filter(Boolean)
    .join('. ');

/** Per criterion, the contribution's statements above the floor, closest first, at most EVIDENCE_PER_CRITERION. */
async function closestStatements(db: Queryable, embedder: Embedder, contributionId: string, criteria: CriterionRow[]) {
  const found = new Map<string, EvidenceStatement[]>();
  if (criteria.length === 0) return found;
  const vectors = await criterionVectors(embedder, criteria.map(criterionText));
  const rows = await contributionsRepo(db).statementsClosestTo(
    contributionId,
    criteria.map((c, i) => ({ key: c.id, vector: vectors[i] })),
    embedder.model,
  );
  for (const r of rows) {
    const similarity = Number(r.similarity);
    const list = found.get(r.key) ?? [];
    if (similarity < EVIDENCE_MIN_SIMILARITY || list.length >= EVIDENCE_PER_CRITERION) continue;
    list.push({ statementId: r.id, startMs: r.start_ms, endMs: r.end_ms, text: r.text, similarity });
    found.set(r.key, list);
  }
  return found;
}

/** Criterion texts change rarely and are asked for on every answer opened: embed each once per model. */
const vectorCache = new Map<string, number[]>();
const CACHE_LIMIT = 2000;

async function criterionVectors(embedder: Embedder, texts: string[]): Promise<number[][]> {
  const key = (t: string) => `${embedder.provider}\u0000${embedder.model}\u0000${t}`;
  const missing = [...new Set(texts.filter((t) => !vectorCache.has(key(t))))];
  if (missing.length > 0) {
    const vectors = await embedder.embed(missing);
    if (vectorCache.size + missing.length > CACHE_LIMIT) vectorCache.clear();
    for (const [i, t] of missing.entries()) vectorCache.set(key(t), vectors[i]);
  }
  return texts.map((t) => vectorCache.get(key(t))!);
}
