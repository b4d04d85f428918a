/**
 * One act per statement, through the HTTP API and the real pipeline: a transcript whose speaker
 * makes a decision and then asks a question becomes two statements, labelled decision and
 * question, and another member's digest lists the decision under Decisions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, postTranscript, spaceWithConference, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close({ remove: true }));

const DECISION =
  'We decided to drop the Android tablet release from the March launch until the camera permission crash on Samsung devices is fixed.';
const QUESTION = 'Who can look into why the Kotlin MediaCodec encoder leaks memory during long recordings on Android?';

type Statement = {
  id: string;
  text: string;
  startMs: number;
  endMs: number;
  gist: string | null;
  labels: { kind: string; value: string }[];
};
type Digest = { sections: { key: string; title: string; items: { statementId: string; startMs: number; gist: string }[] }[] };

describe('one act per statement', () => {
  it('splits a decision and a question into two statements, and the digest lists the decision under Decisions', async () => {
    const { client: carol, space, conference } = await spaceWithConference(t.app, 'Carol');
    const reader = await addMember(t.app, carol, space.id, 'Reader');
    const contribution = await postTranscript(carol, conference.id, {
      title: 'Android release',
      turns: [{ speaker: 'Carol', text: `${DECISION} ${QUESTION}`, startMs: 0, endMs: 16_000 }],
    });

    const statements: Statement[] = contribution.statements;
    expect(statements.map((s) => s.text)).toEqual([DECISION, QUESTION]);
    const act = (s: Statement) => s.labels.find((l) => l.kind === 'act')?.value;
    expect(statements.map(act)).toEqual(['decision', 'question']);
    // Each has its own time: the turn's 16 s shared out by characters, the decision first.
    const [decision, question] = statements;
    expect(decision.startMs).toBe(0);
    expect(question.endMs).toBe(16_000);
    const boundary = (16_000 * (DECISION.length + 1)) / (DECISION.length + 1 + QUESTION.length);
    expect(Math.abs(question.startMs - boundary)).toBeLessThan(500);
    expect(decision.endMs).toBeLessThanOrEqual(question.startMs);

    const res = await reader.get(`/api/conferences/${conference.id}/digest?since=${encodeURIComponent(new Date(0).toISOString())}`);
    expect(res.statusCode, res.body).toBe(200);
    const digest: Digest = res.json().digest;
    const section = (key: string) => digest.sections.find((s) => s.key === key);
    expect(section('decisions')?.title).toBe('Decisions');
    expect(section('decisions')?.items).toEqual([expect.objectContaining({ statementId: decision.id, startMs: 0 })]);
    // The decision's line quotes the decision, not the question.
    expect(section('decisions')!.items[0].gist).toMatch(/Android tablet release/);
    expect(section('decisions')!.items[0].gist).not.toMatch(/MediaCodec/);
    expect(section('questions')?.items).toEqual([expect.objectContaining({ statementId: question.id })]);
  });
});
