import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { asrClips, makeVideoFromClip } from './fixtures/media.ts';
import { startFakeOpenAi, TRANSCRIPTIONS, type FakeOpenAi } from './fakes/openai-server.ts';

/** The whole pipeline with TRANSCRIBE_PROVIDER=openai: the real SDK against a fake remote server. */
let fake: FakeOpenAi;
let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-openai-'));

beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-test' });
  t = await startTestApp({
    TRANSCRIBE_PROVIDER: 'openai',
    OPENAI_BASE_URL: fake.baseUrl,
    OPENAI_API_KEY: 'sk-test',
    TRANSCRIBE_MODEL: 'whisper-large-v3',
    TRANSCRIBE_CHUNK_SECONDS: '4',
  });
});
afterAll(async () => {
  await t?.close({ remove: true });
  await fake?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

it('transcribes an upload in chunks through an OpenAI-compatible endpoint, with correct offsets', async () => {
  const video = path.join(tmp, 'jfk.webm');
  await makeVideoFromClip(asrClips().find((c) => c.file.includes('jfk'))!.path, video, { format: 'webm' });
  const { client, conference } = await spaceWithConference(t.app);
  const body = multipart([{ name: 'file', file: fs.readFileSync(video), filename: 'jfk.webm' }]);
  const res = await client.request({ method: 'POST', url: `/api/conferences/${conference.id}/contributions`, ...body });
  expect(res.statusCode).toBe(202);

  const done = await waitForContribution(client, res.json().contribution.id);
  expect(done.status, done.error).toBe('ready');
  expect(done.transcribedBy).toBe('openai:whisper-large-v3');

  const calls = fake.requests.filter((r) => `${r.method} ${r.path}` === TRANSCRIPTIONS);
  expect(calls.length).toBeGreaterThanOrEqual(3); // 11 s of audio in chunks of at most 4 s
  expect(calls.every((r) => r.headers.authorization === 'Bearer sk-test')).toBe(true);

  // The fake names each word after its second within the chunk; stitched, times only move forward.
  const { statements } = (await client.get(`/api/contributions/${done.id}`)).json().contribution;
  expect(statements.map((s: { text: string }) => s.text).join(' ')).toMatch(/^w0 w1 w2/);
  for (let i = 1; i < statements.length; i++) expect(statements[i].startMs).toBeGreaterThanOrEqual(statements[i - 1].endMs);
  expect(statements.at(-1).endMs).toBeGreaterThan(9000);
  expect(statements.at(-1).endMs).toBeLessThanOrEqual(done.durationMs + 100);
  const segments = await t.runtime.db.query<{ start_ms: number }>(
    `select start_ms from transcript_segments where contribution_id = $1 order by seq`,
    [done.id],
  );
  expect(segments.at(-1)!.start_ms).toBeGreaterThan(7000); // the third chunk starts past 7 s
});

it('fails with a clear, non-retried error when the endpoint refuses the key', async () => {
  fake.faults.push({ route: TRANSCRIPTIONS, status: 401, times: 1, message: 'bad key' });
  const { client, conference } = await spaceWithConference(t.app);
  const video = path.join(tmp, 'jfk.webm');
  const body = multipart([{ name: 'file', file: fs.readFileSync(video), filename: 'jfk.webm' }]);
  const res = await client.request({ method: 'POST', url: `/api/conferences/${conference.id}/contributions`, ...body });
  const failed = await waitForContribution(client, res.json().contribution.id);
  expect(failed).toMatchObject({ status: 'failed', stage: 'transcribe', errorCode: 'E_TRANSCRIBE_AUTH' });
  expect(failed.error).toMatch(/OPENAI_API_KEY/);

  const retried = await client.post(`/api/contributions/${failed.id}/retry`);
  expect(retried.statusCode).toBe(202);
  expect((await waitForContribution(client, failed.id)).status).toBe('ready');
});
