/**
 * A host lets a candidate record once more: a take is counted when recording starts, so a candidate
 * whose last take was lost (the browser crashed, the tab closed before "Keep") could never answer
 * that question, nor finish. The hosts' candidate list shows such questions as `stuck`; a host
 * grants another take, and the candidate answers with it. Real PGlite, real ffmpeg, a real speech
 * clip recorded as a browser writes WebM.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../src/media/run-tool.ts';
import { mediaToolsFrom } from '../src/media/tools.ts';
import { addMember, Client, startTestApp, type TestApp } from './helpers/app.ts';
import { asrClips, makeAudioFromClip } from './fixtures/media.ts';
import { candidateApi, createOpening, errorCode, inviteCandidate, type CandidateApi, type InvitationJson } from './helpers/interview.ts';

let t: TestApp;
let host: Client & { userId: string };
let member: Client;
let stranger: Client;
let spaceId: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-extra-take-'));
const outboxDir = path.join(tmp, 'outbox');

beforeAll(async () => {
  t = await startTestApp({ OUTBOX_DIR: outboxDir });
  host = await Client.signUp(t.app, 'Hana');
  spaceId = (await host.post('/api/spaces', { name: 'Acme Hiring' })).json().space.id;
  member = await addMember(t.app, host, spaceId, 'Milo');
  stranger = await Client.signUp(t.app, 'Sam');
});
afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Practice first, then a question with no retakes (one take in all) and one with a retake. */
const QUESTIONS = [
  { prompt: 'Practice: say hello.', thinkTimeS: 3, timeLimitS: 30, retakes: 1, isPractice: true },
  { prompt: 'Tell us about a speech that moved you.', thinkTimeS: 3, timeLimitS: 60, retakes: 0 },
  { prompt: 'What do you want to learn next?', thinkTimeS: 3, timeLimitS: 60, retakes: 1 },
];

async function opening() {
  const interview = await createOpening(host, spaceId, {
    questions: QUESTIONS,
    criteria: [{ name: 'Clarity', anchors: { weak: 'Hard to follow', average: 'Clear enough', strong: 'Clear and concise' } }],
  });
  const [practice, first, second] = (interview.questions as { id: string; position: number }[])
    .sort((a, b) => a.position - b.position)
    .map((q) => q.id);
  return { conferenceId: interview.conferenceId as string, practice, first, second };
}

async function invite(conferenceId: string, name: string) {
  const { invitation, token } = await inviteCandidate(
    t.app,
    host,
    conferenceId,
    { name, email: `${name.toLowerCase()}@example.org` },
    outboxDir,
  );
  const api = candidateApi(t.app, token);
  expect((await api.consent()).statusCode).toBe(200);
  return { invitationId: invitation.id, api };
}

const grant = (client: Client, invitationId: string, questionId: string) =>
  client.post(`/api/invitations/${invitationId}/questions/${questionId}/extra-take`, {});
const listed = async (client: Client, conferenceId: string, invitationId: string): Promise<InvitationJson> =>
  (await client.get(`/api/interviews/${conferenceId}/invitations`)).json().invitations.find((i: InvitationJson) => i.id === invitationId);
const questionIn = async (api: CandidateApi, qid: string) => (await api.view()).json().questions.find((q: { id: string }) => q.id === qid);

// ---- a real answer: the JFK clip (11 s of speech) as a browser's MediaRecorder writes it ----

const tools = mediaToolsFrom(process.env.FFMPEG_PATH);
let speech: Buffer | undefined;
async function speechRecording(): Promise<Buffer> {
  if (!speech) {
    const jfk = asrClips().find((c) => c.file.includes('jfk'))!;
    const encoded = await makeAudioFromClip(jfk.path, path.join(tmp, 'jfk.webm'), 'webm');
    const out = path.join(tmp, 'jfk-recorded.webm');
    await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', '-i', encoded, '-c', 'copy', '-f', 'webm', '-live', '1', out]);
    speech = fs.readFileSync(out);
  }
  return speech;
}

const CHUNK = 64 * 1024;

/** Uploads a recording for a take already started and keeps it. */
async function keep(api: CandidateApi, qid: string, take: number) {
  const recording = await speechRecording();
  const created = await api.createUpload(qid, take, recording.length);
  expect(created.statusCode).toBe(201);
  const { uploadId } = created.json();
  for (let offset = 0; offset < recording.length; offset += CHUNK) {
    expect((await api.chunk(uploadId, offset, recording.subarray(offset, offset + CHUNK))).statusCode).toBe(200);
  }
  return api.completeUpload(uploadId);
}

describe('another take, allowed by a host', () => {
  it('unblocks a candidate whose last take was lost: stuck in the list, one more take, answered, finished', async () => {
    const { conferenceId, first, second } = await opening();
    const { invitationId, api } = await invite(conferenceId, 'Cleo');

    // The second question is answered the ordinary way.
    const secondTake = await api.take(second);
    expect((await keep(api, second, secondTake.json().take)).statusCode).toBe(201);

    // The only take of the first question starts, and the recording is lost (nothing is uploaded).
    expect((await api.take(first)).json()).toEqual({ take: 1, takesUsed: 1, takesLeft: 0 });
    expect(errorCode(await api.take(first))).toBe('E_NO_RETAKES_LEFT');
    expect(await questionIn(api, first)).toMatchObject({ takesUsed: 1, takesLeft: 0, answer: null });
    expect(errorCode(await api.complete())).toBe('E_ANSWERS_MISSING');

    // Every member sees where the candidate is stuck ("Question 1": the practice question is not counted).
    const stuck = [{ questionId: first, position: 2, number: 1, prompt: QUESTIONS[1].prompt }];
    expect(await listed(host, conferenceId, invitationId)).toMatchObject({ status: 'started', answered: 1, questionCount: 2, stuck });
    expect((await listed(member, conferenceId, invitationId)).stuck).toEqual(stuck);

    // Only owners and hosts may grant; people outside the space do not even see the invitation.
    const byMember = await grant(member, invitationId, first);
    expect(byMember.statusCode).toBe(403);
    expect(errorCode(byMember)).toBe('E_FORBIDDEN');
    expect((await grant(stranger, invitationId, first)).statusCode).toBe(404);
    expect((await questionIn(api, first)).takesLeft).toBe(0);

    const granted = await grant(host, invitationId, first);
    expect(granted.statusCode).toBe(200);
    expect(granted.json().invitation).toMatchObject({ id: invitationId, status: 'started', stuck: [] });
    expect((await listed(host, conferenceId, invitationId)).stuck).toEqual([]);

    // Reloading the page, the candidate has exactly one more take, then none again.
    expect(await questionIn(api, first)).toMatchObject({ takesUsed: 1, takesLeft: 1, answer: null });
    const extra = await api.take(first);
    expect(extra.statusCode).toBe(201);
    expect(extra.json()).toEqual({ take: 2, takesUsed: 2, takesLeft: 0 });
    expect(errorCode(await api.take(first))).toBe('E_NO_RETAKES_LEFT');

    // The new take uploads and is kept; the interview can be finished.
    const kept = await keep(api, first, 2);
    expect(kept.statusCode).toBe(201);
    expect(kept.json().answer).toMatchObject({ questionId: first, take: 2, status: 'queued' });
    expect(kept.json().answer.durationMs).toBeGreaterThan(10_000);
    const done = await api.complete();
    expect(done.statusCode).toBe(200);
    expect((await listed(host, conferenceId, invitationId)).status).toBe('completed');

    // The history stays honest: both takes are on record, and who granted the extra one.
    const takes = await t.runtime.db.query<{ take: number }>(
      `select take from takes where invitation_id = $1 and question_id = $2 order by take`,
      [invitationId, first],
    );
    expect(takes.map((r) => r.take)).toEqual([1, 2]);
    const [extraRow] = await t.runtime.db.query<{ granted: number; granted_by: string }>(
      `select granted, granted_by from extra_takes where invitation_id = $1 and question_id = $2`,
      [invitationId, first],
    );
    expect(extraRow).toEqual({ granted: 1, granted_by: host.userId });

    // Once finished, nothing more can be granted.
    const afterwards = await grant(host, invitationId, first);
    expect(afterwards.statusCode).toBe(409);
    expect(errorCode(afterwards)).toBe('E_INVITATION_CLOSED');
  });

  it('adds up: each grant is one more take, whether or not takes were left', async () => {
    const { conferenceId, second } = await opening();
    const { invitationId, api } = await invite(conferenceId, 'Dora');
    expect((await grant(host, invitationId, second)).statusCode).toBe(200);
    expect((await grant(host, invitationId, second)).statusCode).toBe(200);
    expect(await questionIn(api, second)).toMatchObject({ takesUsed: 0, takesLeft: 4 });
    for (let take = 1; take <= 4; take++) expect((await api.take(second)).json()).toMatchObject({ take, takesLeft: 4 - take });
    expect(errorCode(await api.take(second))).toBe('E_NO_RETAKES_LEFT');
    expect((await listed(host, conferenceId, invitationId)).stuck.map((q) => q.questionId)).toEqual([second]);
  });

  it('refuses the practice question, an answered question, another opening’s question and closed invitations', async () => {
    const { conferenceId, practice, first, second } = await opening();
    const { invitationId, api } = await invite(conferenceId, 'Eli');

    const forPractice = await grant(host, invitationId, practice);
    expect(forPractice.statusCode).toBe(400);
    expect(errorCode(forPractice)).toBe('E_PRACTICE_NOT_UPLOADED');

    expect((await keep(api, first, (await api.take(first)).json().take)).statusCode).toBe(201);
    const answered = await grant(host, invitationId, first);
    expect(answered.statusCode).toBe(409);
    expect(errorCode(answered)).toBe('E_ALREADY_ANSWERED');

    const elsewhere = await opening();
    expect((await grant(host, invitationId, elsewhere.first)).statusCode).toBe(404);
    expect((await grant(host, invitationId, 'not-a-question')).statusCode).toBe(400);

    // Revoked, expired and deleted candidates cannot record any more: a take would not help, and nobody is listed as stuck.
    const revoked = await invite(conferenceId, 'Rita');
    expect((await revoked.api.take(first)).statusCode).toBe(201);
    expect((await host.request({ method: 'DELETE', url: `/api/invitations/${revoked.invitationId}` })).statusCode).toBe(204);
    const expired = await invite(conferenceId, 'Exa');
    await t.runtime.db.query(`update invitations set deadline = now() - interval '1 minute' where id = $1`, [expired.invitationId]);
    const deleted = await invite(conferenceId, 'Del');
    expect((await host.request({ method: 'DELETE', url: `/api/invitations/${deleted.invitationId}/data` })).statusCode).toBe(200);
    for (const { invitationId: id } of [revoked, expired, deleted]) {
      const res = await grant(host, id, second);
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('E_INVITATION_CLOSED');
    }
    const revokedListed = await listed(host, conferenceId, revoked.invitationId);
    expect(revokedListed).toMatchObject({ status: 'revoked', stuck: [] });
  });
});
