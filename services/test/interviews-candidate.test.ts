/**
 * The candidate's side of a one-way interview, through the API their page uses (/api/i/<token>):
 * no account, no session, only the token of their link. Real PGlite, real ffmpeg, the real
 * pipeline; answers are real speech recorded the way a browser's MediaRecorder writes WebM
 * (streamed, so the header carries no duration).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../src/media/run-tool.ts';
import { mediaToolsFrom } from '../src/media/tools.ts';
import { addMember, Client, multipart, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { asrClips, concatClipsToLength, makeAudioFromClip } from './fixtures/media.ts';
import { candidateApi, createOpening as createHostOpening, errorCode, inviteCandidate, type CandidateApi } from './helpers/interview.ts';

let t: TestApp;
let owner: Client & { userId: string };
let spaceId: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-candidate-'));
const outboxDir = path.join(tmp, 'outbox');
const GRACE_S = 2;

beforeAll(async () => {
  t = await startTestApp({ INTERVIEW_GRACE_S: String(GRACE_S), OUTBOX_DIR: outboxDir });
  owner = await Client.signUp(t.app, 'Olga');
  spaceId = (await owner.post('/api/spaces', { name: 'Acme Hiring' })).json().space.id;
  await addMember(t.app, owner, spaceId, 'Rafael');
});
afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

// ---- an opening and its candidates ----

interface QuestionSpec {
  prompt: string;
  timeLimitS: number;
  retakes: number;
  isPractice?: boolean;
}

/** A practice question, a long-answer question (60 s, one retake) and a short one (10 s, one retake). */
const QUESTIONS: QuestionSpec[] = [
  { prompt: 'Practice: say hello.', timeLimitS: 30, retakes: 1, isPractice: true },
  { prompt: 'Tell us about a speech that moved you, and why it stayed with you.', timeLimitS: 60, retakes: 1 },
  { prompt: 'In one sentence: what do you want to learn next?', timeLimitS: 10, retakes: 1 },
];

/** An opening through the hosts' API, with this file's questions. */
async function createOpening(questions = QUESTIONS) {
  const interview = await createHostOpening(owner, spaceId, {
    title: 'Speechwriter',
    questions: questions.map((q) => ({ ...q, thinkTimeS: 5 })),
    timeline: 'We reply within a week.',
    contactEmail: 'jobs@acme.example',
  });
  const ids = (interview.questions as { id: string; position: number }[]).sort((x, y) => x.position - y.position).map((q) => q.id);
  const [practice, long, short] = ids;
  return { conferenceId: interview.conferenceId as string, questionIds: ids, practice, long, short };
}

/** Invites a candidate as the host does; the token comes from the email they get. */
async function invite(conferenceId: string, name: string) {
  const { invitation, token } = await inviteCandidate(
    t.app,
    owner,
    conferenceId,
    { name, email: `${name.toLowerCase()}@example.org` },
    outboxDir,
  );
  return { invitationId: invitation.id, token, api: candidateApi(t.app, token) };
}

// ---- recordings ----

const tools = mediaToolsFrom(process.env.FFMPEG_PATH);
const jfk = () => asrClips().find((c) => c.file.includes('jfk'))!;
const words = (text: string) => new Set(text.toLowerCase().match(/[a-z']+/g) ?? []);

/** WebM/Opus written as a stream, like MediaRecorder: no duration or cues in the header. */
async function recordedWebm(source: string, name: string): Promise<Buffer> {
  const out = path.join(tmp, name);
  await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', '-i', source, '-c', 'copy', '-f', 'webm', '-live', '1', out]);
  return fs.readFileSync(out);
}

let speech: Buffer | undefined;
/** The JFK clip (11 s of real speech) as a browser recording. */
async function speechRecording(): Promise<Buffer> {
  speech ??= await recordedWebm(await makeAudioFromClip(jfk().path, path.join(tmp, 'jfk.webm'), 'webm'), 'jfk-recorded.webm');
  return speech;
}

const CHUNK = 16 * 1024;

/** Takes, uploads in chunks and completes an answer the straightforward way. */
async function answer(api: CandidateApi, qid: string, recording: Buffer) {
  const take = await api.take(qid);
  expect(take.statusCode).toBe(201);
  const created = await api.createUpload(qid, take.json().take, recording.length);
  expect(created.statusCode).toBe(201);
  const { uploadId } = created.json();
  for (let offset = 0; offset < recording.length; offset += CHUNK) {
    const res = await api.chunk(uploadId, offset, recording.subarray(offset, offset + CHUNK));
    expect(res.statusCode).toBe(200);
  }
  return { uploadId, res: await api.completeUpload(uploadId) };
}

async function contributionOfAnswer(invitationId: string, questionId: string): Promise<string> {
  const [row] = await t.runtime.db.query<{ contribution_id: string }>(
    `select contribution_id from answers where invitation_id = $1 and question_id = $2`,
    [invitationId, questionId],
  );
  return row.contribution_id;
}

// ---- the tests ----

describe('candidate links', () => {
  it('answer 404 E_LINK_INVALID for malformed, unknown and revoked tokens alike', async () => {
    const { conferenceId } = await createOpening();
    const revoked = await invite(conferenceId, 'Rita');
    await t.runtime.db.query(`update invitations set revoked_at = now() where id = $1`, [revoked.invitationId]);
    for (const token of ['nope', 'A'.repeat(43), revoked.token]) {
      for (const res of [
        await t.app.inject({ method: 'GET', url: `/api/i/${token}` }),
        await t.app.inject({ method: 'POST', url: `/api/i/${token}/consent`, payload: { agree: true } }),
        await t.app.inject({ method: 'POST', url: `/api/i/${token}/deletion` }),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(errorCode(res)).toBe('E_LINK_INVALID');
      }
    }
  });

  it('show the candidate the interview, its questions and plain consent terms, without an account', async () => {
    const { conferenceId, practice, long } = await createOpening();
    const { api } = await invite(conferenceId, 'Ada');
    const res = await api.view();
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const view = res.json();
    expect(view).toMatchObject({ candidate: { name: 'Ada' }, status: 'invited', consentedAt: null, graceS: GRACE_S });
    expect(view.interview).toMatchObject({
      title: 'Speechwriter',
      timeline: 'We reply within a week.',
      spaceName: 'Acme Hiring',
      aiSummaries: true,
      contactEmail: 'jobs@acme.example',
      retentionDays: 90,
    });
    expect(view.interview.consent.reviewers).toContain('the hiring team of Acme Hiring');
    expect(view.interview.consent.reviewers).toContain('Olga');
    expect(view.interview.consent.reviewers).toContain('Rafael');
    expect(view.interview.consent.ai).toMatch(/AI summarises/);
    expect(view.interview.consent.deletion).toContain('Delete my recordings');
    expect(view.interview.consent.deletion).toContain('jobs@acme.example');
    expect(view.interview.consent.deletion).toContain('90 days');
    expect(view.questions.map((q: { id: string }) => q.id)).toEqual([practice, long, expect.any(String)]);
    expect(view.questions[0]).toMatchObject({ isPractice: true, takesUsed: 0, answer: null, hasPromptMedia: false });
    expect(view.questions[1]).toMatchObject({ position: 2, timeLimitS: 60, retakes: 1, takesUsed: 0, takesLeft: 2, answer: null });

    // with AI summaries turned off, the terms say so
    expect(
      (await owner.request({ method: 'PATCH', url: `/api/interviews/${conferenceId}`, payload: { aiSummaries: false } })).statusCode,
    ).toBe(200);
    const off = (await api.view()).json().interview;
    expect(off.aiSummaries).toBe(false);
    expect(off.consent.ai).toMatch(/AI summaries are turned off/);
  });

  it("play the host's prompt video to the candidate (HTTP Range), for their own interview only", async () => {
    const { conferenceId, long, short } = await createOpening();
    const prompt = fs.readFileSync(await makeAudioFromClip(jfk().path, path.join(tmp, 'prompt.webm'), 'webm'));
    const put = await owner.request({
      method: 'PUT',
      url: `/api/questions/${long}/prompt-media`,
      ...multipart([{ name: 'file', file: prompt, filename: 'prompt.webm', contentType: 'video/webm' }]),
    });
    expect(put.statusCode).toBe(200);
    const { api, token } = await invite(conferenceId, 'Gus');
    const questions = (await api.view()).json().questions;
    expect(questions.find((q: { id: string }) => q.id === long).hasPromptMedia).toBe(true);

    const media = await t.app.inject({
      method: 'GET',
      url: `/api/i/${token}/questions/${long}/prompt-media`,
      headers: { range: 'bytes=0-99' },
    });
    expect(media.statusCode).toBe(206);
    expect(media.headers['content-range']).toBe(`bytes 0-99/${prompt.length}`);
    expect(media.rawPayload.equals(prompt.subarray(0, 100))).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/i/${token}/questions/${short}/prompt-media` })).statusCode).toBe(404);

    const stranger = await invite((await createOpening()).conferenceId, 'Hal');
    expect((await t.app.inject({ method: 'GET', url: `/api/i/${stranger.token}/questions/${long}/prompt-media` })).statusCode).toBe(404);
  });

  it('require consent before any take, upload or finishing', async () => {
    const { conferenceId, long } = await createOpening();
    const { api, token } = await invite(conferenceId, 'Ben');
    for (const res of [await api.take(long), await api.createUpload(long, 1, 1000), await api.complete()]) {
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('E_CONSENT_REQUIRED');
    }
    expect((await t.app.inject({ method: 'POST', url: `/api/i/${token}/consent`, payload: { agree: false } })).statusCode).toBe(400);
    const consent = await api.consent();
    expect(consent.statusCode).toBe(200);
    expect(Date.parse(consent.json().consentedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await api.view()).json().consentedAt).toBe(consent.json().consentedAt);
  });

  it('count takes from the start of each recording: 1 + retakes, then E_NO_RETAKES_LEFT; only the latest take uploads', async () => {
    const { conferenceId, long, practice } = await createOpening();
    const { api, invitationId } = await invite(conferenceId, 'Cleo');
    await api.consent();

    const practiceTake = await api.take(practice);
    expect(practiceTake.statusCode).toBe(400);
    expect(errorCode(practiceTake)).toBe('E_PRACTICE_NOT_UPLOADED');
    expect(errorCode(await api.createUpload(practice, 1, 1000))).toBe('E_PRACTICE_NOT_UPLOADED');

    const first = await api.take(long);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ take: 1, takesUsed: 1, takesLeft: 1 });
    const [started] = await t.runtime.db.query<{ started_at: Date | null }>(`select started_at from invitations where id = $1`, [
      invitationId,
    ]);
    expect(started.started_at).not.toBeNull();
    expect((await api.view()).json().status).toBe('started');

    const second = await api.take(long);
    expect(second.json()).toEqual({ take: 2, takesUsed: 2, takesLeft: 0 });
    const third = await api.take(long);
    expect(third.statusCode).toBe(409);
    expect(errorCode(third)).toBe('E_NO_RETAKES_LEFT');

    const stale = await api.createUpload(long, 1, 1000);
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('E_STALE_TAKE');
    const tooBig = await api.createUpload(long, 2, 10 * 1024 ** 3);
    expect(tooBig.statusCode).toBe(413);

    const q = (await api.view()).json().questions.find((x: { id: string }) => x.id === long);
    expect(q).toMatchObject({ takesUsed: 2, takesLeft: 0, answer: null });
  });

  it('keep each token to its own invitation: another candidate’s uploads and questions are not found', async () => {
    const a = await createOpening();
    const other = await createOpening();
    const ana = await invite(a.conferenceId, 'Ana');
    const bo = await invite(a.conferenceId, 'Bo');
    await ana.api.consent();
    await bo.api.consent();
    const take = (await ana.api.take(a.long)).json().take;
    const { uploadId } = (await ana.api.createUpload(a.long, take, 2000)).json();

    for (const res of [
      await bo.api.uploadStatus(uploadId),
      await bo.api.chunk(uploadId, 0, Buffer.alloc(100)),
      await bo.api.completeUpload(uploadId),
      await ana.api.take(other.long), // a question of another opening
      await ana.api.uploadStatus('not-an-id'),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    expect((await ana.api.uploadStatus(uploadId)).json()).toEqual({ receivedBytes: 0, sizeBytes: 2000, completed: false });
  });

  it('take chunks as application/octet-stream up to the chunk size, on these routes only', async () => {
    const { conferenceId, long } = await createOpening();
    const { api, token } = await invite(conferenceId, 'Cy');
    await api.consent();
    const take = (await api.take(long)).json().take;
    const { uploadId, chunkBytes } = (await api.createUpload(long, take, 8 * 1024 * 1024)).json();

    const oversized = await api.chunk(uploadId, 0, Buffer.alloc(chunkBytes + 1));
    expect(oversized.statusCode).toBe(413);
    const asJson = await t.app.inject({ method: 'PUT', url: `/api/i/${token}/uploads/${uploadId}?offset=0`, payload: { bytes: 'no' } });
    expect(asJson.statusCode).toBe(415);
    // the rest of the API still refuses raw bytes
    const elsewhere = await owner.request({
      method: 'POST',
      url: `/api/spaces/${spaceId}/conferences`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('{"title":"x"}'),
    });
    expect(elsewhere.statusCode).toBe(415);
    expect((await api.uploadStatus(uploadId)).json().receivedBytes).toBe(0);
  });

  it('work for a browser with no session, and for a signed-in one on the same origin', async () => {
    const { conferenceId } = await createOpening();
    const { token } = await invite(conferenceId, 'Dot');
    const consent = (headers: Record<string, string>, client?: Client) =>
      (client ?? new Client(t.app)).request({ method: 'POST', url: `/api/i/${token}/consent`, payload: { agree: true }, headers });
    // a host trying their own interview in the browser they are signed in with
    expect(
      (await consent({ origin: 'http://localhost:3000', host: 'localhost:3000', 'sec-fetch-site': 'same-origin' }, owner)).statusCode,
    ).toBe(200);
    expect((await consent({ origin: 'http://localhost:3000', host: 'localhost:3000', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(
      200,
    );
    // a session cookie sent from another site is still refused, as everywhere
    expect((await consent({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, owner)).statusCode).toBe(403);
  });

  it('refuse a recording that is not audio or video (415), keeping the take counted', async () => {
    const { conferenceId, long } = await createOpening();
    const { api } = await invite(conferenceId, 'Fay');
    await api.consent();
    const { res, uploadId } = await answer(api, long, Buffer.from('<html><body>not a video at all</body></html>'.repeat(50)));
    expect(res.statusCode).toBe(415);
    expect((await api.uploadStatus(uploadId)).statusCode).toBe(404);
    expect((await api.view()).json().questions.find((q: { id: string }) => q.id === long)).toMatchObject({
      takesUsed: 1,
      takesLeft: 1,
      answer: null,
    });
  });

  it('finish only after every real question, and refuse writes after the deadline', async () => {
    const { conferenceId, long } = await createOpening();
    const late = await invite(conferenceId, 'Lou');
    await late.api.consent();
    expect(errorCode(await late.api.complete())).toBe('E_ANSWERS_MISSING');
    await t.runtime.db.query(`update invitations set deadline = now() - interval '1 minute' where id = $1`, [late.invitationId]);
    expect((await late.api.view()).json().status).toBe('expired');
    for (const res of [await late.api.take(long), await late.api.consent(), await late.api.complete()]) {
      expect(res.statusCode).toBe(410);
      expect(errorCode(res)).toBe('E_INTERVIEW_CLOSED');
    }
  });
});

describe('answering', () => {
  let opening: Awaited<ReturnType<typeof createOpening>>;
  let dee: Awaited<ReturnType<typeof invite>>;
  let eve: Awaited<ReturnType<typeof invite>>;
  let deeLongContribution: string;

  beforeAll(async () => {
    opening = await createOpening();
    dee = await invite(opening.conferenceId, 'Dee');
    eve = await invite(opening.conferenceId, 'Eve');
    await dee.api.consent();
    await eve.api.consent();
  });

  it('uploads a recording in resumable chunks, and the kept answer goes through the pipeline to statements', async () => {
    const recording = await speechRecording();
    expect(recording.length).toBeGreaterThan(4 * CHUNK); // several chunks
    const take = await dee.api.take(opening.long);
    const created = await dee.api.createUpload(opening.long, take.json().take, recording.length);
    expect(created.statusCode).toBe(201);
    const { uploadId, receivedBytes, chunkBytes } = created.json();
    expect(receivedBytes).toBe(0);
    expect(chunkBytes).toBe(4 * 1024 * 1024);

    const send = (offset: number) => dee.api.chunk(uploadId, offset, recording.subarray(offset, offset + CHUNK));
    expect((await send(0)).json()).toEqual({ receivedBytes: CHUNK });
    // the response to the first chunk was "lost": the browser sends it again, which is fine
    const resent = await send(0);
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toEqual({ receivedBytes: CHUNK });
    expect((await send(CHUNK)).json()).toEqual({ receivedBytes: 2 * CHUNK });
    // a chunk is skipped (its request failed): the next one would leave a gap
    const gap = await send(3 * CHUNK);
    expect(gap.statusCode).toBe(409);
    expect(errorCode(gap)).toBe('E_UPLOAD_OFFSET');
    // incomplete uploads cannot be kept
    expect(errorCode(await dee.api.completeUpload(uploadId))).toBe('E_UPLOAD_INCOMPLETE');

    // the page asks where to resume, and goes on from there
    const status = await dee.api.uploadStatus(uploadId);
    expect(status.json()).toEqual({ receivedBytes: 2 * CHUNK, sizeBytes: recording.length, completed: false });
    for (let offset = status.json().receivedBytes; offset < recording.length; offset += CHUNK) {
      expect((await send(offset)).statusCode).toBe(200);
    }
    const past = await dee.api.chunk(uploadId, recording.length, Buffer.alloc(10));
    expect(past.statusCode).toBe(413);

    const completed = await dee.api.completeUpload(uploadId);
    expect(completed.statusCode).toBe(201);
    const kept = completed.json().answer;
    expect(kept).toMatchObject({ questionId: opening.long, take: 1, status: 'queued' });
    expect(kept.durationMs).toBeGreaterThan(10_000);
    expect(kept.durationMs).toBeLessThan(12_000);
    // completing again (a retry after a lost response) returns the same answer
    const again = await dee.api.completeUpload(uploadId);
    expect(again.json().answer).toMatchObject({ questionId: opening.long, take: 1, durationMs: kept.durationMs });
    expect((await dee.api.uploadStatus(uploadId)).json().completed).toBe(true);
    // and the question takes no more recordings
    expect(errorCode(await dee.api.take(opening.long))).toBe('E_ALREADY_ANSWERED');

    deeLongContribution = await contributionOfAnswer(dee.invitationId, opening.long);
    const done = await waitForContribution(owner, deeLongContribution);
    expect(done.status).toBe('ready');
    expect(done.durationMs).toBeGreaterThan(10_000);
    const contribution = (await owner.get(`/api/contributions/${deeLongContribution}`)).json().contribution;
    expect(contribution.authorId).toBeNull();
    expect(contribution.outside).toMatchObject({ name: 'Dee' });
    expect(contribution.title).toBe(QUESTIONS[1].prompt);
    expect(contribution.statements.length).toBeGreaterThanOrEqual(1);
    // the local recogniser is rough, but it hears the speech
    const heard = words(contribution.statements.map((s: { text: string }) => s.text).join(' '));
    expect([...words(jfk().reference)].filter((w) => heard.has(w)).length).toBeGreaterThanOrEqual(3);

    const view = (await dee.api.view()).json();
    expect(view.questions.find((q: { id: string }) => q.id === opening.long).answer).toMatchObject({ take: 1, status: 'ready' });
    expect(fs.readdirSync(path.join(t.dataDir, 'media', 'uploads'))).not.toContain(uploadId); // its chunks are gone
  });

  it('refuses an answer longer than the limit and the grace (422), removing the file but keeping the take counted', async () => {
    // 10 s allowed (+ 2 s grace): 20 s of real speech is too long
    const wav = await concatClipsToLength(
      asrClips().map((c) => c.path),
      path.join(tmp, 'long.wav'),
      20,
    );
    const tooLong = await recordedWebm(await makeAudioFromClip(wav, path.join(tmp, 'long.webm'), 'webm'), 'long-recorded.webm');
    const mediaBefore = fs.readdirSync(path.join(t.dataDir, 'media')).sort();

    const { uploadId, res } = await answer(dee.api, opening.short, tooLong);
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('E_ANSWER_TOO_LONG');
    expect(fs.readdirSync(path.join(t.dataDir, 'media')).sort()).toEqual(mediaBefore);
    expect(fs.readdirSync(path.join(t.dataDir, 'media', 'uploads'))).not.toContain(uploadId); // its chunks are gone
    const q = (await dee.api.view()).json().questions.find((x: { id: string }) => x.id === opening.short);
    expect(q).toMatchObject({ takesUsed: 1, takesLeft: 1, answer: null });

    // the retake, within the limit (11 s of speech ≤ 10 s + 2 s), is kept
    const retake = await answer(dee.api, opening.short, await speechRecording());
    expect(retake.res.statusCode).toBe(201);
    expect(retake.res.json().answer).toMatchObject({ questionId: opening.short, take: 2 });
  });

  it('finishes once every real question is answered, then takes nothing more', async () => {
    const done = await dee.api.complete();
    expect(done.statusCode).toBe(200);
    expect(Date.parse(done.json().completedAt)).toBeGreaterThan(Date.now() - 600_000);
    expect((await dee.api.view()).json().status).toBe('completed');
    expect((await dee.api.complete()).json().completedAt).toBe(done.json().completedAt);
    const after = await dee.api.take(opening.long);
    expect(after.statusCode).toBe(409);
    expect(errorCode(after)).toBe('E_INTERVIEW_COMPLETED');
  });

  it("deletes everything of the candidate on request, and nothing of anyone else's", async () => {
    const eveAnswer = await answer(eve.api, opening.long, await speechRecording());
    expect(eveAnswer.res.statusCode).toBe(201);
    const eveContribution = await contributionOfAnswer(eve.invitationId, opening.long);
    const deeShortContribution = await contributionOfAnswer(dee.invitationId, opening.short);
    const deeContributions = [deeLongContribution, deeShortContribution];
    for (const id of [...deeContributions, eveContribution]) expect((await waitForContribution(owner, id)).status).toBe('ready');

    const db = t.runtime.db;
    const left = async (ids: string[]) => {
      const [row] = await db.query<Record<string, number>>(
        `select (select count(*)::int from contributions where id = any($1::uuid[])) as contributions,
                (select count(*)::int from transcript_segments where contribution_id = any($1::uuid[])) as segments,
                (select count(*)::int from statements where contribution_id = any($1::uuid[])) as statements,
                (select count(*)::int from statements where contribution_id = any($1::uuid[]) and embedding is not null) as vectors,
                (select count(*)::int from labels l join statements s on s.id = l.statement_id where s.contribution_id = any($1::uuid[])) as labels`,
        [ids],
      );
      return row;
    };
    const before = await left(deeContributions);
    expect(before.statements).toBeGreaterThan(0);
    expect(before.vectors).toBeGreaterThan(0);
    const eveBefore = await left([eveContribution]);

    const res = await dee.api.deletion();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'deleted' });

    expect(await left(deeContributions)).toEqual({ contributions: 0, segments: 0, statements: 0, vectors: 0, labels: 0 });
    for (const id of deeContributions) expect(fs.existsSync(path.join(t.dataDir, 'media', id))).toBe(false);
    const [inv] = await db.query<{ candidate_name: string; candidate_email: string | null; deletion_reason: string }>(
      `select candidate_name, candidate_email, deletion_reason from invitations where id = $1`,
      [dee.invitationId],
    );
    expect(inv).toEqual({ candidate_name: 'Deleted candidate', candidate_email: null, deletion_reason: 'candidate-request' });

    // the other candidate's answer is untouched
    expect(await left([eveContribution])).toEqual(eveBefore);
    expect(fs.existsSync(path.join(t.dataDir, 'media', eveContribution, 'original'))).toBe(true);
    expect((await eve.api.view()).json().questions.find((q: { id: string }) => q.id === opening.long).answer.status).toBe('ready');

    // the link now says what happened, and accepts nothing else
    const view = await dee.api.view();
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ status: 'deleted', candidate: null, questions: [] });
    expect(JSON.stringify(view.json())).not.toContain('Dee');
    for (const write of [await dee.api.take(opening.long), await dee.api.consent(), await dee.api.complete()]) {
      expect(write.statusCode).toBe(410);
      expect(errorCode(write)).toBe('E_INTERVIEW_CLOSED');
    }
    expect((await dee.api.deletion()).json()).toEqual({ status: 'deleted' });
  });
});
