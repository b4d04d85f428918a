import { afterAll, beforeAll, expect, it } from 'vitest';
import { spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';

/** Embeddings, labels, gists, summaries and answers through LangChain against a fake remote server. */
let fake: FakeOpenAi;
let t: TestApp;

beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-test', embeddingDims: 64 });
  t = await startTestApp({
    AI_PROVIDER: 'openai',
    TRANSCRIBE_PROVIDER: 'local',
    OPENAI_BASE_URL: fake.baseUrl,
    OPENAI_API_KEY: 'sk-test',
    EMBED_MODEL: 'nomic-embed-text',
    EMBED_DIMS: '64',
    CHAT_MODEL: 'llama3.1',
    JOB_RETRY_LIMIT: '1',
  });
});
afterAll(async () => {
  await t?.close({ remove: true });
  await fake?.close();
});

const turns = [
  { speaker: 'Ana', text: 'Should we drop the Android app? Usage has been flat for six months.', startMs: 0, endMs: 5000 },
  { speaker: 'Ben', text: 'We decided to keep the Android app until the payment redesign ships.', startMs: 5500, endMs: 10000 },
];

it('labels, summarises, embeds and answers through an OpenAI-compatible endpoint', async () => {
  const { client, conference } = await spaceWithConference(t.app);
  const res = await client.post(`/api/conferences/${conference.id}/transcripts`, { title: 'Android', turns });
  const done = await waitForContribution(client, res.json().contribution.id);
  expect(done.status, done.error).toBe('ready');

  const c = (await client.get(`/api/contributions/${done.id}`)).json().contribution;
  for (const s of c.statements) {
    expect(s.labels.some((l: { kind: string; source: string }) => l.kind === 'act' && l.source === 'ai')).toBe(true);
    expect(s.gist).toBeTruthy();
  }
  expect(c.summary).toMatchObject({ provider: 'openai', model: 'llama3.1', promptVersion: expect.stringMatching(/summarize@/) });
  const ids = c.statements.map((s: { id: string }) => s.id);
  expect(c.summary.sentences.flatMap((x: { statementIds: string[] }) => x.statementIds).every((id: string) => ids.includes(id))).toBe(true);

  const chatCalls = fake.requests.filter((r) => r.path === '/v1/chat/completions');
  expect(chatCalls.length).toBeGreaterThanOrEqual(2);
  expect(chatCalls.every((r) => r.headers.authorization === 'Bearer sk-test')).toBe(true);
  expect(fake.requests.some((r) => r.path === '/v1/embeddings')).toBe(true);

  const hits = (await client.get(`/api/search?q=${encodeURIComponent('android payment redesign')}&mode=vector`)).json().results;
  expect(hits.length).toBeGreaterThan(0);

  const ask = (await client.post('/api/ask', { question: 'Did we keep the Android app?', conference: conference.id })).json();
  expect(ask.answer.length).toBeGreaterThan(0);
  expect(ask.answer.flatMap((a: { statementIds: string[] }) => a.statementIds).every((id: string) => ids.includes(id))).toBe(true);

  const health = (await t.app.inject({ method: 'GET', url: '/api/health/ai' })).json();
  expect(health.providers.label).toMatchObject({ provider: 'openai', model: 'llama3.1', ok: true });
  expect(health.providers.embed).toMatchObject({ provider: 'openai', model: 'nomic-embed-text', dims: 64 });
});

it('fails the stage with a retryable model error, after retrying, when the model answers garbage', async () => {
  fake.options.chatOutput = 'not-json';
  try {
    const { client, conference } = await spaceWithConference(t.app);
    const res = await client.post(`/api/conferences/${conference.id}/transcripts`, { turns });
    const failed = await waitForContribution(client, res.json().contribution.id);
    expect(failed).toMatchObject({ status: 'failed', stage: 'label', errorCode: 'E_AI_INVALID_OUTPUT' });
    expect(failed.attempts).toBeGreaterThanOrEqual(3); // segment + embed + two label attempts
  } finally {
    fake.options.chatOutput = undefined;
  }
});
