import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  Client,
  multipart,
  postTranscript,
  startTestApp,
  waitForContribution,
  type TestApp,
  type TranscriptTurn,
} from './helpers/app.ts';
import { asrClips, concatClipsToLength, mediaDurationSeconds } from './fixtures/media.ts';

/**
 * Reviewers of a one-way interview: the review grid, blind scoring (nobody sees another's scores
 * before submitting their own), aggregates with disagreement, the shortlist, AI evidence drawn
 * from the answer's own statements only, and sharing one whole answer through an expert link.
 *
 * The opening, its questions, rubric and candidates are written with SQL, and the answers are
 * transcripts or uploads run through the real pipeline, then tied to the candidates as answers.
 */

let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-review-'));

type Signed = Awaited<ReturnType<typeof Client.signUp>>;
let hana: Signed; // owner
let rita: Signed; // member
let sam: Signed; // host
let outsider: Signed; // in another space
let spaceId: string;
let openingId: string;
const q: Record<'practice' | 'debug' | 'explain', string> = { practice: '', debug: '', explain: '' };
const crit: Record<'debugging' | 'communication', string> = { debugging: '', communication: '' };
const inv: Record<'ana' | 'ben' | 'cleo' | 'dan' | 'eve', string> = { ana: '', ben: '', cleo: '', dan: '', eve: '' };
const ans: Record<'anaDebug' | 'anaExplain' | 'benDebug' | 'benExplain', string> = {
  anaDebug: '',
  anaExplain: '',
  benDebug: '',
  benExplain: '',
};
const contribution: Record<keyof typeof ans, { id: string; statements: { id: string; text: string }[] }> = {} as never;
let otherOpening: { id: string; criterionId: string; answerId: string };
let benAudio: string;

const DEBUG_PROMPT = 'Tell us about a time you debugged a production outage.';
const EXPLAIN_PROMPT = 'How do you explain a technical decision to someone who is not an engineer?';
const ROOT_CAUSE =
  'I reproduced the failure on a staging copy, read the logs and the latency metrics, and isolated the root cause: a connection pool that never released its connections after a timeout.';
const PLAIN_WORDS = 'I used plain words instead of jargon and asked her to explain the trade-off back to me, to check that she understood.';

/** One candidate speaking: 11 s turns with 4 s pauses, so each turn becomes a statement of its own. */
const turns = (speaker: string, texts: string[]): TranscriptTurn[] =>
  texts.map((text, i) => ({ speaker, text, startMs: i * 15_000, endMs: i * 15_000 + 11_000 }));

const sql = <T extends object = Record<string, unknown>>(text: string, params: unknown[] = []) => t.runtime.db.query<T>(text, params);

/** An interview conference with its question set, the way H1 builds one, written directly. */
async function makeOpening(owner: Client, title: string, aiSummaries: boolean) {
  const conference = (await owner.post(`/api/spaces/${spaceId}/conferences`, { title, kind: 'interview' })).json().conference;
  const [set] = await sql<{ id: string }>(`insert into question_sets (space_id, conference_id, title) values ($1, $2, $3) returning id`, [
    spaceId,
    conference.id,
    title,
  ]);
  await sql(`insert into interviews (conference_id, question_set_id, ai_summaries) values ($1, $2, $3)`, [
    conference.id,
    set.id,
    aiSummaries,
  ]);
  return { conferenceId: conference.id as string, questionSetId: set.id };
}

const addQuestion = async (setId: string, position: number, prompt: string, isPractice = false) =>
  (
    await sql<{ id: string }>(
      `insert into questions (question_set_id, position, prompt, is_practice) values ($1, $2, $3, $4) returning id`,
      [setId, position, prompt, isPractice],
    )
  )[0].id;

const addCriterion = async (
  conferenceId: string,
  c: { position: number; name: string; questionId: string | null; description: string; strong: string; min?: number; max?: number },
) =>
  (
    await sql<{ id: string }>(
      `insert into criteria (conference_id, question_id, position, name, description, scale_min, scale_max, anchor_weak, anchor_average, anchor_strong)
       values ($1, $2, $3, $4, $5, $6, $7, 'weak', 'average', $8) returning id`,
      [conferenceId, c.questionId, c.position, c.name, c.description, c.min ?? 1, c.max ?? 5, c.strong],
    )
  )[0].id;

let invited = 0;
async function invite(conferenceId: string, name: string, state: 'invited' | 'completed' | 'revoked' = 'invited') {
  // One second apart, so invitation order is certain (the clock may not tell quick inserts apart).
  const [row] = await sql<{ id: string }>(
    `insert into invitations (conference_id, candidate_name, candidate_email, deadline, created_at, started_at, completed_at, revoked_at)
     values ($1, $2, $3, now() + interval '7 days', now() - interval '1 hour' + $5 * interval '1 second',
             case when $4 = 'completed' then now() end, case when $4 = 'completed' then now() end, case when $4 = 'revoked' then now() end)
     returning id`,
    [conferenceId, name, `${name.toLowerCase()}@candidates.example`, state, ++invited],
  );
  return row.id;
}

/** Ties a ready contribution to a candidate's answer, as H2's upload does: no author, the candidate's name. */
async function answer(invitationId: string, questionId: string, contributionId: string, candidate: string) {
  await sql(`update contributions set author_id = null, outside_name = $2 where id = $1`, [contributionId, candidate]);
  const [row] = await sql<{ id: string }>(
    `insert into answers (invitation_id, question_id, contribution_id, take, duration_ms) values ($1, $2, $3, 1, 28000) returning id`,
    [invitationId, questionId, contributionId],
  );
  return row.id;
}

async function transcriptAnswer(key: keyof typeof ans, invitationId: string, questionId: string, candidate: string, texts: string[]) {
  const c = await postTranscript(hana, openingId, { title: `${candidate}: answer`, turns: turns(candidate, texts) });
  contribution[key] = { id: c.id, statements: c.statements };
  ans[key] = await answer(invitationId, questionId, c.id, candidate);
}

beforeAll(async () => {
  t = await startTestApp();
  hana = await Client.signUp(t.app, 'Hana');
  spaceId = (await hana.post('/api/spaces', { name: 'Hiring' })).json().space.id;
  rita = await addMember(t.app, hana, spaceId, 'Rita');
  sam = await addMember(t.app, hana, spaceId, 'Sam', 'host');
  outsider = await Client.signUp(t.app, 'Olga');
  await outsider.post('/api/spaces', { name: 'Elsewhere' });

  const opening = await makeOpening(hana, 'Backend engineer', true);
  openingId = opening.conferenceId;
  q.practice = await addQuestion(opening.questionSetId, 1, 'Say hello and tell us what you had for breakfast.', true);
  q.debug = await addQuestion(opening.questionSetId, 2, DEBUG_PROMPT);
  q.explain = await addQuestion(opening.questionSetId, 3, EXPLAIN_PROMPT);
  crit.debugging = await addCriterion(openingId, {
    position: 1,
    name: 'Debugging',
    questionId: q.debug,
    description: 'Finds the root cause of a failure systematically.',
    strong: 'Reproduces the bug, reads the logs and metrics, and isolates the root cause before fixing it.',
  });
  crit.communication = await addCriterion(openingId, {
    position: 2,
    name: 'Communication',
    questionId: null,
    description: 'Explains technical ideas clearly to people who are not engineers.',
    strong: 'Uses plain words and concrete examples, and checks that the listener understood.',
    min: 0,
    max: 10,
  });

  inv.ana = await invite(openingId, 'Ana', 'completed');
  inv.ben = await invite(openingId, 'Ben', 'completed');
  inv.cleo = await invite(openingId, 'Cleo');
  inv.dan = await invite(openingId, 'Dan', 'revoked');
  inv.eve = await invite(openingId, 'Eve', 'completed');

  await transcriptAnswer('anaDebug', inv.ana, q.debug, 'Ana', [
    'Last spring our payment service went down during the evening peak, and customers could not check out for forty minutes.',
    ROOT_CAUSE,
    'After the fix I wrote the postmortem and we added an alert when the pool is nearly full.',
  ]);
  await transcriptAnswer('anaExplain', inv.ana, q.explain, 'Ana', [
    'When we chose Postgres over a document store, I explained the decision to our sales lead with a concrete example: a spreadsheet where every row has the same columns.',
    PLAIN_WORDS,
    'Afterwards we mostly talked about the football match on Saturday.',
  ]);
  await transcriptAnswer('benExplain', inv.ben, q.explain, 'Ben', [
    'I draw a small diagram on the whiteboard and compare the database to a library catalogue.',
    'Then I ask which part was unclear and explain that part again with a different example.',
  ]);

  // Ben's first answer is a real recording (speech with captions), so the shared link's media can be checked.
  benAudio = path.join(tmp, 'ben.m4a');
  await concatClipsToLength(
    asrClips()
      .slice(0, 2)
      .map((c) => c.path),
    benAudio,
    20,
  );
  const vtt = [
    'WEBVTT',
    '',
    '00:00:00.000 --> 00:00:09.000',
    '<v Ben>At my last job the mobile app kept crashing on older phones right after a release.',
    '',
    '00:00:10.000 --> 00:00:19.500',
    '<v Ben>I read the crash reports, found the stack trace, and bisected the commits until I found the change that caused it.',
    '',
  ].join('\n');
  const body = multipart([
    { name: 'title', value: 'Ben: answer' },
    { name: 'file', file: fs.readFileSync(benAudio), filename: 'ben.m4a', contentType: 'audio/mp4' },
    { name: 'captions', file: Buffer.from(vtt), filename: 'ben.vtt', contentType: 'text/vtt' },
  ]);
  const uploaded = await hana.request({ method: 'POST', url: `/api/conferences/${openingId}/contributions`, ...body });
  expect(uploaded.statusCode, uploaded.body).toBe(202);
  const done = await waitForContribution(hana, uploaded.json().contribution.id);
  expect(done.status, done.error).toBe('ready');
  contribution.benDebug = { id: done.id, statements: (await hana.get(`/api/contributions/${done.id}`)).json().contribution.statements };
  ans.benDebug = await answer(inv.ben, q.debug, done.id, 'Ben');

  // Eve asked for her data to be deleted: the answer row stays, its contribution is gone.
  const [eveAnswer] = await sql<{ id: string }>(
    `insert into answers (invitation_id, question_id, contribution_id, take) values ($1, $2, null, 1) returning id`,
    [inv.eve, q.debug],
  );
  expect(eveAnswer.id).toBeTruthy();
  await sql(
    `update invitations set deleted_at = now(), deletion_reason = 'candidate-request', candidate_name = 'Deleted candidate' where id = $1`,
    [inv.eve],
  );

  // A second opening with AI summaries off, in the same space.
  const off = await makeOpening(hana, 'Designer', false);
  const offQuestion = await addQuestion(off.questionSetId, 1, 'Walk us through a design you are proud of.');
  const offCriterion = await addCriterion(off.conferenceId, {
    position: 1,
    name: 'Craft',
    questionId: null,
    description: 'Care for detail.',
    strong: 'Explains every decision.',
  });
  const zoe = await invite(off.conferenceId, 'Zoe', 'completed');
  const c = await postTranscript(hana, off.conferenceId, {
    title: 'Zoe: answer',
    turns: turns('Zoe', [
      'I redesigned the checkout form and explained every decision with a short user test.',
      'The error messages now say what to do next.',
    ]),
  });
  otherOpening = { id: off.conferenceId, criterionId: offCriterion, answerId: await answer(zoe, offQuestion, c.id, 'Zoe') };
});

afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const put = (c: Client, invitationId: string, payload: unknown) =>
  c.request({ method: 'PUT', url: `/api/invitations/${invitationId}/scores`, payload: payload as object });
const scores = (debugging: number, communication: number) => [
  { criterionId: crit.debugging, value: debugging },
  { criterionId: crit.communication, value: communication },
];
const submit = (c: Client, invitationId: string) => c.post(`/api/invitations/${invitationId}/scores/submit`);
const read = async (c: Client, invitationId: string) => {
  const res = await c.get(`/api/invitations/${invitationId}/scores`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the review grid', () => {
  it('shows non-practice questions, the rubric, and candidates with their answers (not revoked ones; deleted ones without answers)', async () => {
    const res = await rita.get(`/api/interviews/${openingId}/review`);
    expect(res.statusCode, res.body).toBe(200);
    const grid = res.json();
    expect(grid.questions.map((x: { prompt: string }) => x.prompt)).toEqual([DEBUG_PROMPT, EXPLAIN_PROMPT]);
    expect(grid.questions[0]).toMatchObject({
      id: q.debug,
      position: 2,
      thinkTimeS: 30,
      timeLimitS: 120,
      retakes: 1,
      isPractice: false,
      hasPromptMedia: false,
    });
    expect(grid.criteria).toEqual([
      expect.objectContaining({
        id: crit.debugging,
        questionId: q.debug,
        name: 'Debugging',
        scaleMin: 1,
        scaleMax: 5,
        anchors: expect.objectContaining({ weak: 'weak' }),
      }),
      expect.objectContaining({ id: crit.communication, questionId: null, scaleMin: 0, scaleMax: 10 }),
    ]);

    const byName = Object.fromEntries(grid.candidates.map((c: { name: string }) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['Ana', 'Ben', 'Cleo', 'Deleted candidate']); // in invitation order; Dan's was revoked
    expect(byName.Ana).toMatchObject({
      invitationId: inv.ana,
      status: 'completed',
      decision: null,
      reviewsSubmitted: 0,
      myReview: { submittedAt: null, comment: '', scores: [] },
    });
    expect(byName.Ana.completedAt).not.toBeNull();
    expect(byName.Ana.answers.map((a: { questionId: string }) => a.questionId)).toEqual([q.debug, q.explain]);
    const [anaDebug] = byName.Ana.answers;
    expect(anaDebug).toMatchObject({
      id: ans.anaDebug,
      invitationId: inv.ana,
      contributionId: contribution.anaDebug.id,
      take: 1,
      durationMs: 28000,
      status: 'ready',
    });
    expect(anaDebug.statementCount).toBe(contribution.anaDebug.statements.length);
    expect(anaDebug.gist).toEqual(expect.any(String));
    expect(anaDebug.gist).not.toBe('Ana: answer'); // the contribution's own title says nothing

    expect(byName.Ben.answers.map((a: { questionId: string }) => a.questionId)).toEqual([q.debug, q.explain]);
    expect(byName.Cleo).toMatchObject({ status: 'invited', answers: [] });
    expect(byName['Deleted candidate']).toMatchObject({ invitationId: inv.eve, status: 'deleted', answers: [] });
  });

  it('shows one answer in full: its question, candidate and contribution', async () => {
    const res = await rita.get(`/api/answers/${ans.anaDebug}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.answer).toMatchObject({ id: ans.anaDebug, status: 'ready' });
    expect(body.question).toMatchObject({ id: q.debug, prompt: DEBUG_PROMPT });
    expect(body.candidate).toEqual({ invitationId: inv.ana, name: 'Ana' });
    expect(body.contribution).toMatchObject({ id: contribution.anaDebug.id, status: 'ready', authorId: null, outside: { name: 'Ana' } });
    expect(body.contribution.statements.map((s: { text: string }) => s.text).join(' ')).toContain('connection pool');
    expect(body.contribution.summary).not.toBeNull();
  });
});

describe('AI evidence for an answer', () => {
  const statementIds = (key: keyof typeof ans) => new Set(contribution[key].statements.map((s) => s.id));

  it("maps each criterion to the answer's statement that talks about it, citing only that answer", async () => {
    const { evidence } = (await rita.get(`/api/answers/${ans.anaDebug}`)).json();
    expect(evidence).toMatchObject({ ai: true, provider: t.runtime.ai.embedder.provider, model: t.runtime.ai.embedder.model });
    // Debugging is for this question, Communication for the whole interview: both apply.
    expect(evidence.criteria.map((c: { criterionId: string }) => c.criterionId)).toEqual([crit.debugging, crit.communication]);
    const debugging = evidence.criteria[0].statements;
    expect(debugging.length).toBeGreaterThan(0);
    expect(debugging.length).toBeLessThanOrEqual(3);
    expect(debugging[0].text).toBe(ROOT_CAUSE);
    expect(debugging[0].similarity).toBeGreaterThan(0.15);

    const own = statementIds('anaDebug');
    const cited = [
      ...evidence.criteria.flatMap((c: { statements: { statementId: string }[] }) => c.statements.map((s) => s.statementId)),
      ...evidence.summary.statementIds,
    ];
    expect(cited.length).toBeGreaterThan(0);
    for (const id of cited) expect(own.has(id)).toBe(true);
    expect(evidence.summary.text.length).toBeGreaterThan(0);
  });

  it('leaves out criteria of other questions, and statements that say nothing about the criterion', async () => {
    const { evidence } = (await rita.get(`/api/answers/${ans.anaExplain}`)).json();
    expect(evidence.criteria.map((c: { criterionId: string }) => c.criterionId)).toEqual([crit.communication]);
    const texts = evidence.criteria[0].statements.map((s: { text: string }) => s.text);
    expect(texts[0]).toBe(PLAIN_WORDS);
    expect(texts.join(' ')).not.toMatch(/football/);
    for (const s of evidence.criteria[0].statements) expect(statementIds('anaExplain').has(s.statementId)).toBe(true);
  });

  it('is null, and the answer carries no AI text, when the opening has AI summaries off', async () => {
    const res = await hana.get(`/api/answers/${otherOpening.answerId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().evidence).toBeNull();
    expect(res.json().answer.gist).toBeNull();
    expect(res.json().contribution.summary).toBeNull();
    expect(res.json().contribution.statements.every((s: { gist: string | null }) => s.gist === null)).toBe(true);
    const grid = (await hana.get(`/api/interviews/${otherOpening.id}/review`)).json();
    expect(grid.candidates[0].answers[0]).toMatchObject({ status: 'ready', gist: null });
    // Not merely hidden: the pipeline never summarised what the candidate was promised it wouldn't.
    const contributionId = res.json().answer.contributionId;
    expect(await sql(`select 1 from contribution_summaries where contribution_id = $1`, [contributionId])).toHaveLength(0);
    expect(await sql(`select 1 from statements where contribution_id = $1 and gist is not null`, [contributionId])).toHaveLength(0);
  });
});

describe('blind scoring', () => {
  it('keeps a draft to its reviewer and checks it against the rubric', async () => {
    const saved = await put(rita, inv.ana, { scores: scores(4, 7), comment: 'Clear root-cause story.' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().mine).toEqual({
      submittedAt: null,
      comment: 'Clear root-cause story.',
      scores: [
        { criterionId: crit.debugging, value: 4, comment: '' },
        { criterionId: crit.communication, value: 7, comment: '' },
      ],
    });
    // Sam sees none of it, not even after saving a draft of his own.
    expect(await read(sam, inv.ana)).toEqual({ mine: { submittedAt: null, comment: '', scores: [] }, others: null, aggregate: null });
    expect((await put(sam, inv.ana, { scores: scores(1, 8) })).statusCode).toBe(200);
    expect(await read(sam, inv.ana)).toMatchObject({ others: null, aggregate: null });
    expect((await read(rita, inv.ana)).others).toBeNull();

    const outOfScale = await put(rita, inv.ana, { scores: [{ criterionId: crit.debugging, value: 6 }] });
    expect(outOfScale.statusCode).toBe(400);
    expect(outOfScale.json().error.code).toBe('E_SCORE_OUT_OF_SCALE');
    expect((await put(rita, inv.ana, { scores: [{ criterionId: crit.communication, value: -1 }] })).json().error.code).toBe(
      'E_SCORE_OUT_OF_SCALE',
    );
    const unknown = await put(rita, inv.ana, { scores: [{ criterionId: otherOpening.criterionId, value: 3 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('E_UNKNOWN_CRITERION');
    expect((await put(rita, inv.ana, { scores: [{ criterionId: 'not-a-criterion', value: 3 }] })).json().error.code).toBe(
      'E_UNKNOWN_CRITERION',
    );
    expect((await put(rita, inv.ana, { scores: scores(4, 7), comment: 'x'.repeat(2001) })).statusCode).toBe(400);
    // refused writes changed nothing
    expect((await read(rita, inv.ana)).mine.scores.map((s: { value: number }) => s.value)).toEqual([4, 7]);
  });

  it('submits only once every criterion is scored, and a submitted review is final', async () => {
    expect(
      (await put(hana, inv.ana, { scores: [{ criterionId: crit.debugging, value: 2, comment: 'Vague on the fix.' }] })).statusCode,
    ).toBe(200);
    const missing = await submit(hana, inv.ana);
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error.code).toBe('E_SCORES_MISSING');
    expect(missing.json().error.message).toContain('Communication');
    const nothing = await submit(outsider, inv.ana);
    expect(nothing.statusCode).toBe(404);

    const done = await submit(rita, inv.ana);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().mine.submittedAt).not.toBeNull();
    const edit = await put(rita, inv.ana, { scores: scores(5, 9) });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('E_REVIEW_SUBMITTED');
    expect((await submit(rita, inv.ana)).json().mine).toEqual(done.json().mine); // again: no change
  });

  it("shows the others' submitted reviews and the aggregate only after one's own is submitted", async () => {
    // Rita submitted; Hana and Sam have drafts: Rita sees no draft.
    const ritaView = await read(rita, inv.ana);
    expect(ritaView.others).toEqual([]);
    expect(ritaView.aggregate).toMatchObject({ reviews: 1, disagreement: false });

    // Hana (B) cannot see Rita's (A) scores before submitting...
    expect(await read(hana, inv.ana)).toMatchObject({ others: null, aggregate: null });
    const hanaScores = [
      { criterionId: crit.debugging, value: 2, comment: 'Vague on the fix.' },
      { criterionId: crit.communication, value: 8 },
    ];
    expect((await put(hana, inv.ana, { scores: hanaScores, comment: 'OK' })).statusCode).toBe(200);
    expect((await submit(hana, inv.ana)).statusCode).toBe(200);
    // ...and sees them after.
    const hanaView = await read(hana, inv.ana);
    expect(hanaView.others).toEqual([
      {
        reviewer: { id: rita.userId, name: 'Rita' },
        submittedAt: expect.any(String),
        comment: 'Clear root-cause story.',
        scores: [
          { criterionId: crit.debugging, value: 4, comment: '' },
          { criterionId: crit.communication, value: 7, comment: '' },
        ],
      },
    ]);
    // Rita sees Hana's now that it is submitted, but still not Sam's draft.
    expect((await read(rita, inv.ana)).others.map((o: { reviewer: { name: string } }) => o.reviewer.name)).toEqual(['Hana']);

    expect((await submit(sam, inv.ana)).statusCode).toBe(200);
    expect((await read(rita, inv.ana)).others.map((o: { reviewer: { name: string } }) => o.reviewer.name).sort()).toEqual(['Hana', 'Sam']);
  });

  it('aggregates the submitted reviews per criterion and flags disagreement', async () => {
    // Debugging 4, 2, 1 on 1–5; Communication 7, 8, 8 on 0–10.
    const { aggregate } = await read(sam, inv.ana);
    expect(aggregate.reviews).toBe(3);
    const [debugging, communication] = aggregate.criteria;
    expect(debugging).toMatchObject({ criterionId: crit.debugging, min: 1, max: 4, spread: 3, n: 3, disagreement: true });
    expect(debugging.mean).toBeCloseTo(7 / 3);
    expect(communication).toMatchObject({ criterionId: crit.communication, min: 7, max: 8, spread: 1, n: 3, disagreement: false });
    expect(aggregate.disagreement).toBe(true);
    // (7/3 − 1) / 4 and (23/3) / 10, averaged
    expect(aggregate.mean).toBeCloseTo(((7 / 3 - 1) / 4 + 23 / 30) / 2);

    const grid = (await rita.get(`/api/interviews/${openingId}/review`)).json();
    const ana = grid.candidates.find((c: { name: string }) => c.name === 'Ana');
    expect(ana.reviewsSubmitted).toBe(3);
    expect(ana.myReview).toMatchObject({ submittedAt: expect.any(String), comment: 'Clear root-cause story.' });
    expect(ana.myReview.scores).toHaveLength(2);
  });

  it('cannot score a candidate whose data was deleted', async () => {
    const res = await put(rita, inv.eve, { scores: scores(3, 3) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('E_CANDIDATE_DELETED');
  });
});

describe('the shortlist', () => {
  it('ranks candidates by mean, showing aggregates only of candidates the caller has reviewed', async () => {
    expect((await put(rita, inv.ben, { scores: scores(5, 9) })).statusCode).toBe(200);
    expect((await submit(rita, inv.ben)).statusCode).toBe(200);

    const forRita = (await rita.get(`/api/interviews/${openingId}/shortlist`)).json().candidates;
    expect(forRita.map((c: { name: string; rank: number | null }) => [c.name, c.rank])).toEqual([
      ['Ben', 1],
      ['Ana', 2],
      ['Cleo', null],
      ['Deleted candidate', null],
    ]);
    expect(forRita[0]).toMatchObject({ invitationId: inv.ben, status: 'completed', decision: null, reviews: 1 });
    expect(forRita[0].aggregate.mean).toBeCloseTo(((5 - 1) / 4 + 9 / 10) / 2);
    expect(forRita[2]).toMatchObject({ reviews: 0, aggregate: null });

    // Hana has not reviewed Ben: his aggregate stays hidden from her, and he is not ranked for her.
    const forHana = (await hana.get(`/api/interviews/${openingId}/shortlist`)).json().candidates;
    const ben = forHana.find((c: { name: string }) => c.name === 'Ben');
    expect(ben).toMatchObject({ reviews: 1, aggregate: null, rank: null });
    expect(forHana.find((c: { name: string }) => c.name === 'Ana')).toMatchObject({ rank: 1, reviews: 3 });
    expect(forHana[0].name).toBe('Ana');
  });
});

describe('non-members', () => {
  it('get 404 for everything about an opening', async () => {
    const calls = [
      outsider.get(`/api/interviews/${openingId}/review`),
      outsider.get(`/api/interviews/${openingId}/shortlist`),
      outsider.get(`/api/invitations/${inv.ana}/scores`),
      put(outsider, inv.ana, { scores: scores(3, 3) }),
      submit(outsider, inv.ana),
      outsider.get(`/api/answers/${ans.anaDebug}`),
      outsider.post(`/api/answers/${ans.anaDebug}/share`, { email: 'spy@example.net', name: 'Spy' }),
      // and a revoked candidate is not there for members either
      rita.get(`/api/invitations/${inv.dan}/scores`),
    ];
    for (const res of await Promise.all(calls)) expect(res.statusCode, res.body).toBe(404);
    // unsigned callers: 401
    expect((await t.app.inject({ method: 'GET', url: `/api/interviews/${openingId}/review` })).statusCode).toBe(401);
  });
});

describe('sharing one answer with an outside reviewer', () => {
  let token: string;
  let forwardId: string;
  const expert = (suffix = '', headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/x/${token}${suffix}`, headers });

  it('emails an expert link, with the question as the note by default', async () => {
    const res = await hana.post(`/api/answers/${ans.benDebug}/share`, { email: 'omar@example.net', name: 'Omar Reyes' });
    expect(res.statusCode, res.body).toBe(201);
    const { forward, link } = res.json();
    expect(new Date(forward.expiresAt).getTime()).toBeGreaterThan(Date.now());
    forwardId = forward.id;
    token = link.split('/x/')[1];
    const [mail] = await sql<{ subject: string; text_body: string }>(
      `select subject, text_body from outbox where kind = 'forward' and to_email = 'omar@example.net'`,
    );
    expect(mail.text_body).toContain(DEBUG_PROMPT);
    expect(mail.text_body).toContain('this one answer only');
    const [row] = await sql<{ whole_contribution: boolean; note: string }>(`select whole_contribution, note from forwards where id = $1`, [
      forwardId,
    ]);
    expect(row).toEqual({ whole_contribution: true, note: DEBUG_PROMPT });
  });

  it('opens the whole answer (every statement, the whole recording) and nothing else', async () => {
    const res = await expert();
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({
      wholeContribution: true,
      note: DEBUG_PROMPT,
      expertName: 'Omar Reyes',
      conferenceTitle: 'Backend engineer',
    });
    const said = page.transcript.map((c: { text: string }) => c.text).join(' ');
    expect(said).toContain('kept crashing on older phones');
    expect(said).toContain('bisected the commits');
    for (const s of contribution.benDebug.statements) expect(said).toContain(s.text);
    // not Ben's other answer, not another candidate's
    expect(JSON.stringify(page)).not.toMatch(/whiteboard|library catalogue|connection pool|football/);

    expect(page.media).toMatchObject({ url: `/api/x/${token}/media`, startMs: 0 });
    const media = await expert('/media');
    expect(media.statusCode).toBe(200);
    const file = path.join(tmp, 'shared.m4a');
    fs.writeFileSync(file, media.rawPayload);
    expect(await mediaDurationSeconds(file)).toBeGreaterThan(19); // the whole 20 s, not a statement's span
    expect((await expert('/media', { range: 'bytes=0-99' })).statusCode).toBe(206);

    // The link is no session: the contribution itself stays closed to it.
    const direct = await t.app.inject({
      method: 'GET',
      url: `/api/contributions/${contribution.benDebug.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(direct.statusCode).toBe(401);
  });

  it('is revocable like any forward', async () => {
    const revoked = await hana.request({ method: 'DELETE', url: `/api/forwards/${forwardId}` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await expert()).statusCode).toBe(404);
    expect((await expert('/media')).statusCode).toBe(404);
  });

  it('shares only what can be shared', async () => {
    // a member may share with someone already in the directory, but only hosts add new people
    expect((await rita.post(`/api/answers/${ans.anaExplain}/share`, { email: 'newcomer@example.net', name: 'New' })).statusCode).toBe(403);
    const byRita = await rita.post(`/api/answers/${ans.anaExplain}/share`, {
      email: 'omar@example.net',
      note: 'How well does she explain?',
    });
    expect(byRita.statusCode, byRita.body).toBe(201);
    const [row] = await sql<{ note: string }>(`select note from forwards where id = $1`, [byRita.json().forward.id]);
    expect(row.note).toBe('How well does she explain?');
  });
});
