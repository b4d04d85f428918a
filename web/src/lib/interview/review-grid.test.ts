import { describe, expect, it } from 'vitest';
import { answerFor, hitHref, indexAnswers, placeHits, reviewHref } from './review-grid';
import type { InterviewAnswer, Question, ReviewCandidate, SearchHit } from '@colloquy/contract';

const question = (id: string, position: number, prompt: string): Question => ({
  id,
  position,
  prompt,
  thinkTimeS: 30,
  timeLimitS: 120,
  retakes: 1,
  isPractice: false,
  hasPromptMedia: false,
});

const answer = (
  id: string,
  invitationId: string,
  questionId: string,
  contributionId: string | null,
  take = 1,
  status: InterviewAnswer['status'] = 'ready',
): InterviewAnswer => ({
  id,
  invitationId,
  questionId,
  contributionId,
  take,
  durationMs: 20_000,
  status,
  gist: null,
  statementCount: 3,
});

const candidate = (
  invitationId: string,
  name: string,
  answers: InterviewAnswer[],
  liveContributionId: string | null = null,
): ReviewCandidate => ({
  invitationId,
  name,
  status: 'completed',
  completedAt: null,
  decision: null,
  answers,
  myReview: { submittedAt: null, comment: '', scores: [] },
  reviewsSubmitted: 0,
  liveContributionId,
});

const hit = (contributionId: string, statementId: string, startMs: number): SearchHit => ({
  statementId,
  contributionId,
  conferenceId: 'conf',
  spaceId: 'space',
  startMs,
  endMs: startMs + 3000,
  speaker: null,
  text: 'text',
  gist: null,
  snippet: 'text',
  labels: [],
  score: 1,
});

// Practice questions never reach reviewers: the grid's questions start at position 2.
const questions = [question('q2', 2, 'A project you are proud of'), question('q3', 3, 'Explain an index')];
const candidates = [
  candidate('inv-ada', 'Ada', [answer('a1', 'inv-ada', 'q2', 'contrib-1'), answer('a2', 'inv-ada', 'q3', 'contrib-2')]),
  candidate('inv-bo', 'Bo', [answer('b1', 'inv-bo', 'q2', 'contrib-3'), answer('b2', 'inv-bo', 'q3', null, 1, 'queued')]),
];

describe('review grid', () => {
  it('fills a cell with the latest take that was not deleted', () => {
    const c = candidate('i', 'C', [
      answer('x1', 'i', 'q2', 'c1', 1),
      answer('x2', 'i', 'q2', 'c2', 2),
      answer('x3', 'i', 'q2', null, 3, 'deleted'),
    ]);
    expect(answerFor(c, 'q2')?.id).toBe('x2');
    expect(answerFor(c, 'q3')).toBeNull();
  });

  it("maps a search hit to its candidate and question, and drops hits that are not this opening's answers", () => {
    const index = indexAnswers(candidates, questions);
    const placed = placeHits([hit('contrib-2', 's1', 4200), hit('elsewhere', 's2', 0), hit('contrib-3', 's3', 0)], index);
    expect(placed.map((h) => (h.place.live ? null : [h.place.candidateName, h.place.questionNumber, h.place.answerId]))).toEqual([
      ['Ada', 2, 'a2'],
      ['Bo', 1, 'b1'],
    ]);
    expect(placed[0].place.live ? null : placed[0].place.questionPrompt).toBe('Explain an index');
  });

  it("places a hit in a live round's recording with its candidate, opening the live round page at that second", () => {
    const withLive = [...candidates, candidate('inv-cy', 'Cy', [], 'contrib-live')];
    const [placed] = placeHits([hit('contrib-live', 's9', 61_500)], indexAnswers(withLive, questions));
    expect(placed.place).toEqual({ live: true, invitationId: 'inv-cy', candidateName: 'Cy' });
    expect(hitHref('conf', placed)).toBe('/c/conf/live/inv-cy?t=61&s=s9');
    const [answerHit] = placeHits([hit('contrib-2', 's1', 4200)], indexAnswers(withLive, questions));
    expect(hitHref('conf', answerHit)).toBe('/c/conf/review/inv-ada?answer=a2&t=4&s=s1');
  });

  it('links to the review page at an answer and a second', () => {
    expect(reviewHref('conf', 'inv')).toBe('/c/conf/review/inv');
    expect(reviewHref('conf', 'inv', { answerId: 'a2', startMs: 4200, statementId: 's1' })).toBe('/c/conf/review/inv?answer=a2&t=4&s=s1');
  });
});
