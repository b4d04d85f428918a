/**
 * The review grid's arithmetic, kept pure: which answer fills a cell (candidate × question), where
 * a search hit belongs (its contribution is one candidate's answer to one question), and the
 * links into the candidate review page.
 */
import type { Id, InterviewAnswer, Question, ReviewCandidate, SearchHit } from '@colloquy/contract';

/** The answer shown for a question: the latest take that was not deleted, or null. */
export function answerFor(candidate: Pick<ReviewCandidate, 'answers'>, questionId: Id): InterviewAnswer | null {
  let best: InterviewAnswer | null = null;
  for (const a of candidate.answers) {
    if (a.questionId !== questionId || a.status === 'deleted') continue;
    if (!best || a.take > best.take) best = a;
  }
  return best;
}

export type AnswerPlace =
  | {
      live: false;
      answerId: Id;
      invitationId: Id;
      candidateName: string;
      questionId: Id;
      /** 1-based among the questions reviewers see (no practice). */
      questionNumber: number;
      questionPrompt: string;
    }
  | { live: true; invitationId: Id; candidateName: string };

/** Every answer's contribution id → its candidate and question; a live round's recording → its candidate. */
export function indexAnswers(candidates: ReviewCandidate[], questions: Question[]): Map<Id, AnswerPlace> {
  const number = new Map(questions.map((q, i) => [q.id, { n: i + 1, prompt: q.prompt }]));
  const index = new Map<Id, AnswerPlace>();
  for (const c of candidates) {
    for (const a of c.answers) {
      const q = number.get(a.questionId);
      if (!a.contributionId || !q) continue;
      index.set(a.contributionId, {
        live: false,
        answerId: a.id,
        invitationId: c.invitationId,
        candidateName: c.name,
        questionId: a.questionId,
        questionNumber: q.n,
        questionPrompt: q.prompt,
      });
    }
    if (c.liveContributionId) index.set(c.liveContributionId, { live: true, invitationId: c.invitationId, candidateName: c.name });
  }
  return index;
}

export type PlacedHit = SearchHit & { place: AnswerPlace };

/** The hits that are answers of this opening, each with its candidate and question; others are dropped. */
export function placeHits(hits: SearchHit[], index: Map<Id, AnswerPlace>): PlacedHit[] {
  const placed: PlacedHit[] = [];
  for (const hit of hits) {
    const place = index.get(hit.contributionId);
    if (place) placed.push({ ...hit, place });
  }
  return placed;
}

/** Where a search hit opens: the answer in the review page, or the live round's page. */
export function hitHref(conferenceId: Id, hit: PlacedHit): string {
  const at = { startMs: hit.startMs, statementId: hit.statementId };
  return hit.place.live
    ? liveHref(conferenceId, hit.place.invitationId, at)
    : reviewHref(conferenceId, hit.place.invitationId, { ...at, answerId: hit.place.answerId });
}

/** A candidate's live round page (guide, live scores, recording, both rounds side by side), optionally at a moment of the recording. */
export function liveHref(conferenceId: Id, invitationId: Id, at: { startMs?: number; statementId?: Id } = {}): string {
  const params = new URLSearchParams();
  if (at.startMs !== undefined) params.set('t', String(Math.floor(at.startMs / 1000)));
  if (at.statementId) params.set('s', at.statementId);
  const query = params.toString();
  return `/c/${conferenceId}/live/${invitationId}${query ? `?${query}` : ''}`;
}

/** The candidate review page, at an answer and optionally at a moment of it (`t` whole seconds, `s` the statement). */
export function reviewHref(conferenceId: Id, invitationId: Id, at: { answerId?: Id; startMs?: number; statementId?: Id } = {}): string {
  const params = new URLSearchParams();
  if (at.answerId) params.set('answer', at.answerId);
  if (at.startMs !== undefined) params.set('t', String(Math.floor(at.startMs / 1000)));
  if (at.statementId) params.set('s', at.statementId);
  const query = params.toString();
  return `/c/${conferenceId}/review/${invitationId}${query ? `?${query}` : ''}`;
}
