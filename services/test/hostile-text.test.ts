import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  accountOperations,
  candidateOperations,
  contributionsOperations,
  directoryOperations,
  expertOperations,
  feedOperations,
  forwardsOperations,
  interviewOperations,
  type Operation,
  reactionsOperations,
  searchOperations,
  sessionOperations,
  spacesOperations,
  statementsOperations,
} from '@colloquy/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, multipart, spaceWithConference, startTestApp, type TestApp } from './helpers/app.ts';
import { HttpClient, startColloquyProcess, stop } from './helpers/process.ts';
import { waitFor } from './helpers/wait.ts';
import { asrClips, makeAudioFromClip } from './fixtures/media.ts';

/**
 * Audit finding 1: a NUL byte in any text field answered 500, and a NUL in a caption file ended
 * the process (the stage's error, holding the NUL, could not be stored when the job failed).
 */
const NUL = 'a\u0000b';
let t: TestApp;
let owner: Client;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-hostile-'));
beforeAll(async () => {
  t = await startTestApp();
  owner = await Client.signUp(t.app, 'Owner');
});
afterAll(async () => {
  await t.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const anyId = randomUUID();
const urlOf = (op: Operation, params: Record<string, string> = {}) =>
  op.url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? anyId));

// One row per text field the audit found answering 500 (and a few more of the same kind); the
// contract unit test (services/src/http/text-inputs.test.ts) checks that no string field is left open.
const cases: {
  field: string;
  op: Operation;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  anonymous?: true;
}[] = [
  {
    field: 'sign-up name',
    op: sessionOperations.signUp,
    body: { email: 'nul@example.org', password: 'long enough pw', name: NUL },
    anonymous: true,
  },
  { field: 'sign-in password', op: sessionOperations.signIn, body: { email: 'nul@example.org', password: NUL }, anonymous: true },
  { field: 'token name', op: accountOperations.createApiToken, body: { name: NUL } },
  { field: 'space name', op: spacesOperations.createSpace, body: { name: NUL } },
  { field: 'conference title', op: spacesOperations.createConference, body: { title: NUL } },
  { field: 'conference description', op: spacesOperations.createConference, body: { title: 'ok', description: NUL } },
  {
    field: 'transcript title',
    op: contributionsOperations.postTranscript,
    body: { title: NUL, turns: [{ text: 'hi', startMs: 0, endMs: 1 }] },
  },
  { field: 'transcript text', op: contributionsOperations.postTranscript, body: { turns: [{ text: NUL, startMs: 0, endMs: 1 }] } },
  {
    field: 'transcript speaker',
    op: contributionsOperations.postTranscript,
    body: { turns: [{ speaker: NUL, text: 'hi', startMs: 0, endMs: 1 }] },
  },
  {
    field: 'transcript link',
    op: contributionsOperations.postTranscript,
    body: { links: [NUL], turns: [{ text: 'hi', startMs: 0, endMs: 1 }] },
  },
  { field: 'search q', op: searchOperations.search, query: { q: NUL } },
  { field: 'search speaker', op: searchOperations.search, query: { q: 'ok', speaker: NUL } },
  { field: 'feed q', op: feedOperations.getFeed, query: { q: NUL } },
  { field: 'ask', op: searchOperations.ask, body: { question: NUL } },
  { field: 'label', op: statementsOperations.addLabel, body: { kind: 'topic', value: NUL } },
  { field: 'label in the path', op: statementsOperations.removeLabel, params: { kind: 'topic', value: NUL } },
  { field: 'followed tag', op: reactionsOperations.followTag, params: { tag: NUL } },
  { field: 'person name', op: directoryOperations.addPerson, body: { name: NUL, email: 'p@example.org' } },
  { field: 'person bio', op: directoryOperations.addPerson, body: { name: 'P', email: 'p@example.org', bio: NUL } },
  { field: 'forward note', op: forwardsOperations.forwardStatement, body: { email: 'x@example.org', note: NUL } },
  { field: 'question set title', op: interviewOperations.createQuestionSet, body: { title: NUL, questions: [{ prompt: 'Why?' }] } },
  { field: 'interview title', op: interviewOperations.createInterview, body: { title: NUL, criteria: [] } },
  { field: 'candidate name', op: interviewOperations.inviteCandidates, body: { candidates: [{ name: NUL, email: 'c@example.org' }] } },
  { field: 'score comment', op: interviewOperations.saveScores, body: { scores: [{ criterionId: anyId, value: 3, comment: NUL }] } },
  { field: 'share note', op: interviewOperations.shareAnswer, body: { email: 'e@example.org', note: NUL } },
  { field: 'expert reply', op: expertOperations.replyAsExpert, params: { token: 'whatever' }, body: { text: NUL }, anonymous: true },
  { field: 'candidate token', op: candidateOperations.getCandidateLink, params: { token: NUL }, anonymous: true },
];

describe('a NUL byte in a text field', () => {
  it.each(cases)('$field → 400 E_VALIDATION', async ({ op, params, query, body, anonymous }) => {
    const caller = anonymous ? new Client(t.app) : owner;
    const res = await caller.request({
      method: op.method,
      url: urlOf(op, params),
      query,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('E_VALIDATION');
  });

  it('is refused in a multipart upload title, like a title over 300 characters', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const audio = await makeAudioFromClip(asrClips()[0].path, path.join(tmp, 'clip.mp3'), 'mp3');
    for (const title of [NUL, 'x'.repeat(301)]) {
      const res = await client.request({
        method: 'POST',
        url: `/api/conferences/${conference.id}/contributions`,
        ...multipart([
          { name: 'title', value: title },
          { name: 'file', file: fs.readFileSync(audio), filename: 'clip.mp3', contentType: 'audio/mpeg' },
        ]),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('E_VALIDATION');
    }
    // The JSON route has the same limit.
    const json = await client.post(`/api/conferences/${conference.id}/transcripts`, {
      title: 'x'.repeat(301),
      turns: [{ text: 'hi', startMs: 0, endMs: 1 }],
    });
    expect(json.statusCode).toBe(400);
  });

  it('in a stage error does not end the process: the job fails and keeps a readable message', async () => {
    // A queue of its own, so the real stages are not involved: a handler failing with a NUL in its message.
    const queue = t.runtime.queue;
    const contributionId = randomUUID();
    let calls = 0;
    await queue.work('profile', 1, async () => {
      calls++;
      throw new Error(`cannot store hi${'\u0000'}there`);
    });
    await queue.send('profile', contributionId);
    const job = await waitFor(
      'the failing job to be retried or failed',
      async () =>
        (
          await t.runtime.db.query<{ state: string; output: { message?: string } | null }>(
            `select state, output from pgboss.job where name = 'profile' and data->>'contributionId' = $1`,
            [contributionId],
          )
        )[0],
      { until: (j) => !!j && j.state !== 'created' && j.state !== 'active' },
    );
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(job.output?.message).toBe('cannot store hithere');
    expect((await new Client(t.app).get('/api/health')).statusCode).toBe(200);
  });
});

describe('the audit’s caption file with a NUL byte', () => {
  it('is accepted with the NUL removed, and the server keeps running', async () => {
    const dataDir = fs.mkdtempSync(path.join(tmp, 'server-'));
    const server = await startColloquyProcess({ DATA_DIR: dataDir, WORKER_CONCURRENCY: '1' });
    try {
      const api = new HttpClient(server.url);
      await api.call('POST', '/api/auth/signup', { email: 'vtt@example.org', password: 'long enough pw', name: 'Vtt' });
      const space = (await api.call('POST', '/api/spaces', { name: 'S' })).json.space;
      const conference = (await api.call('POST', `/api/spaces/${space.id}/conferences`, { title: 'C' })).json.conference;
      const audio = await makeAudioFromClip(asrClips()[0].path, path.join(tmp, 'clip.mp3'), 'mp3');
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(audio)], { type: 'audio/mpeg' }), 'clip.mp3');
      form.append('captions', new Blob(['WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nhi\u0000there\n'], { type: 'text/vtt' }), 'c.vtt');
      const res = await api.call('POST', `/api/conferences/${conference.id}/contributions`, form);
      expect(res.status).toBe(202);
      const id = res.json.contribution.id;
      const done = await waitFor(
        'the contribution to finish',
        async () => (await api.call('GET', `/api/contributions/${id}`)).json.contribution,
        { until: (c) => c.status === 'ready' || c.status === 'failed' },
      );
      expect(done.status, done.error).toBe('ready');
      expect(done.statements.map((s: { text: string }) => s.text).join(' ')).toContain('hithere');
      expect(server.child.exitCode).toBeNull();
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await stop(server.child);
    }
  });
});
