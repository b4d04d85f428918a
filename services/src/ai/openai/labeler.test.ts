import { afterEach, describe, expect, it } from 'vitest';
import {
  CHAT,
  parseChatRequest,
  startFakeOpenAi,
  type ChatRequest,
  type FakeOpenAi,
  type FakeOpenAiOptions,
} from '../../../test/fakes/openai-server.ts';
import type { StatementInput } from '../ports.ts';
import { loadPrompts } from '../prompts.ts';
import { createOpenAiLabeler } from './labeler.ts';
import { createStructuredChat, STRUCTURED_METHODS, type StructuredChatOptions } from './structured-chat.ts';

const prompts = loadPrompts();
let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(server: FakeOpenAiOptions = {}, chat: Partial<StructuredChatOptions> = {}, batchSize?: number) {
  fake = await startFakeOpenAi({ apiKey: 'sk-test', ...server });
  const labeler = createOpenAiLabeler({
    chat: createStructuredChat({ apiKey: 'sk-test', baseUrl: fake.baseUrl, model: 'qwen2.5:7b', maxRetries: 0, ...chat }),
    prompts,
    batchSize,
  });
  return { fake, labeler };
}

const chatRequests = (f: FakeOpenAi): ChatRequest[] =>
  f.requests.filter((r) => `${r.method} ${r.path}` === CHAT).map((r) => parseChatRequest(r.json));

const statement = (id: string, text: string, at = 0): StatementInput => ({ id, text, speaker: 'Ana', startMs: at, endMs: at + 10_000 });
const STATEMENTS = [
  statement('7d1e0c52-aaaa-4000-8000-000000000001', 'Should we move the launch to April?', 0),
  statement('7d1e0c52-aaaa-4000-8000-000000000002', 'We decided to keep the pricing page simple.', 10_000),
  statement('7d1e0c52-aaaa-4000-8000-000000000003', 'The onboarding emails went out on Tuesday.', 20_000),
];

describe('openai labeler against an OpenAI-compatible server', () => {
  it('labels every statement with an act and topics, by database id, recording provider, model and prompt version', async () => {
    const { fake, labeler } = await setup();
    const labels = await labeler.label(STATEMENTS, { existingTags: ['pricing', 'hiring'] });

    expect(labels.map((l) => [l.statementId, l.act])).toEqual([
      [STATEMENTS[0].id, 'question'],
      [STATEMENTS[1].id, 'decision'],
      [STATEMENTS[2].id, 'information'],
    ]);
    expect(labels[1].topics).toEqual(['pricing']);
    for (const l of labels) {
      expect(l.confidence).toBeGreaterThanOrEqual(0);
      expect(l.topics.length).toBeGreaterThanOrEqual(1);
    }
    expect(labeler).toMatchObject({ provider: 'openai', model: 'qwen2.5:7b', promptVersion: prompts.get('label').version });

    const [request] = chatRequests(fake);
    expect(request).toMatchObject({
      model: 'qwen2.5:7b',
      mechanism: 'json_schema',
      schemaName: 'StatementLabels',
      statementIds: ['s1', 's2', 's3'],
    });
    expect(request.body.response_format).toMatchObject({ json_schema: { strict: true } });
    expect(request.body.temperature).toBe(0);
    // The model sees short aliases, never database ids, and the conference's tags.
    expect(request.input).not.toContain(STATEMENTS[0].id);
    expect(request.input).toContain('<existing_tags>pricing, hiring</existing_tags>');
    expect(request.messages[0]).toMatchObject({ role: 'system' });
  });

  it.each(STRUCTURED_METHODS)('works with structured method %s', async (method) => {
    const { fake, labeler } = await setup({}, { structuredMethod: method });
    const labels = await labeler.label(STATEMENTS, { existingTags: [] });
    expect(labels.map((l) => l.act)).toEqual(['question', 'decision', 'information']);
    const expected = { jsonSchema: 'json_schema', functionCalling: 'tool', jsonMode: 'json_object' }[method];
    expect(chatRequests(fake)[0].mechanism).toBe(expected);
  });

  it('sends batches of at most batchSize, each with the statement before it as context, and keeps order', async () => {
    const many = Array.from({ length: 45 }, (_, i) => statement(`id-${i}`, `Point number ${i} about the roadmap.`, i * 10_000));
    const { fake, labeler } = await setup({}, {}, 20);
    const labels = await labeler.label(many, { existingTags: [] });

    const requests = chatRequests(fake);
    expect(requests.map((r) => r.statementIds.length)).toEqual([20, 20, 5]);
    expect(requests[0].input).toContain('<previous>(none)</previous>');
    expect(requests[1].input).toContain('<previous>Ana: Point number 19 about the roadmap.</previous>');
    expect(labels.map((l) => l.statementId)).toEqual(many.map((s) => s.id));
    // Tags the first batch created are offered to the next one.
    expect(requests[1].input).toMatch(/<existing_tags>[^<]*roadmap[^<]*<\/existing_tags>/);
  });

  it('spells topics the way the conference already does and cleans new ones', async () => {
    const { labeler } = await setup({
      chat: (req) => ({
        labels: req.statementIds.map((id) => ({
          id,
          act: 'information',
          confidence: 0.7,
          topics: ['Release-Date', '  #Pricing ', 'pricing'],
        })),
      }),
    });
    const [label] = await labeler.label([STATEMENTS[0]], { existingTags: ['release date'] });
    expect(label.topics).toEqual(['release date', 'pricing']);
  });

  it('accepts ids the model decorated ("S1", "[s1]")', async () => {
    const { labeler } = await setup({
      chat: () => ({
        labels: [
          { id: 'S1', act: 'question', confidence: 0.9, topics: ['launch'] },
          { id: '[s2]', act: 'decision', confidence: 0.9, topics: ['pricing'] },
        ],
      }),
    });
    const labels = await labeler.label(STATEMENTS.slice(0, 2), { existingTags: [] });
    expect(labels.map((l) => l.statementId)).toEqual([STATEMENTS[0].id, STATEMENTS[1].id]);
  });

  describe('rejects invalid answers as retryable E_AI_INVALID_OUTPUT naming the prompt version', () => {
    const version = prompts.get('label').version;
    it.each([
      ['prose instead of JSON', 'not-json'],
      ['a label for an id that was not given', 'unknown-id'],
      ['a statement left out', 'missing-item'],
      ['JSON of another shape', 'wrong-shape'],
    ] as const)('%s', async (_, chatOutput) => {
      for (const method of STRUCTURED_METHODS) {
        const { labeler } = await setup({ chatOutput }, { structuredMethod: method });
        const error = await labeler.label(STATEMENTS, { existingTags: [] }).catch((e) => e);
        expect(error, method).toMatchObject({ code: 'E_AI_INVALID_OUTPUT', retryable: true });
        expect(error.message).toContain(`label@${version}`);
        await fake?.close();
        fake = undefined;
      }
    });

    it.each([
      ['four topics', { topics: ['a', 'b', 'c', 'd'] }, /4 topic tags/],
      ['no topic', { topics: [' '] }, /no topic/],
      ['a sentence as a topic', { topics: ['this statement is about the release date of the product'] }, /not a short tag/],
      ['confidence above 1', { confidence: 1.5 }, /outside 0..1/],
      ['an unknown act', { act: 'rant' }, /.+/],
    ])('%s', async (_, change, message) => {
      const { labeler } = await setup({
        chat: (req) => ({ labels: req.statementIds.map((id) => ({ id, act: 'information', confidence: 0.5, topics: ['x'], ...change })) }),
      });
      const error = await labeler.label(STATEMENTS, { existingTags: [] }).catch((e) => e);
      expect(error).toMatchObject({ code: 'E_AI_INVALID_OUTPUT', retryable: true });
      expect(error.message).toMatch(message);
    });

    it('a statement labelled twice', async () => {
      const { labeler } = await setup({
        chat: () => ({ labels: ['s1', 's1'].map((id) => ({ id, act: 'answer', confidence: 0.5, topics: ['x'] })) }),
      });
      await expect(labeler.label(STATEMENTS.slice(0, 2), { existingTags: [] })).rejects.toMatchObject({
        code: 'E_AI_INVALID_OUTPUT',
        message: expect.stringMatching(/twice/),
      });
    });
  });

  it('turns a 401 into E_AI_AUTH, not retried', async () => {
    const { fake, labeler } = await setup({}, { apiKey: 'sk-wrong', maxRetries: 3 });
    await expect(labeler.label(STATEMENTS, { existingTags: [] })).rejects.toMatchObject({ code: 'E_AI_AUTH', retryable: false });
    expect(chatRequests(fake)).toHaveLength(1);
  });

  it.each([500, 502, 429])('turns a %s into retryable E_AI_UNAVAILABLE', async (status) => {
    const { labeler } = await setup({ faults: [{ route: CHAT, status }] });
    await expect(labeler.label(STATEMENTS, { existingTags: [] })).rejects.toMatchObject({ code: 'E_AI_UNAVAILABLE', retryable: true });
  });

  it('turns another 4xx (e.g. an unknown model) into non-retryable E_AI_REJECTED', async () => {
    const { labeler } = await setup({ faults: [{ route: CHAT, status: 404, message: "model 'qwen2.5:7b' not found" }] });
    await expect(labeler.label(STATEMENTS, { existingTags: [] })).rejects.toMatchObject({ code: 'E_AI_REJECTED', retryable: false });
  });

  it('stops when aborted', async () => {
    const { fake, labeler } = await setup();
    fake.route(CHAT, () => new Promise(() => {}));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('job cancelled')), 50);
    await expect(labeler.label(STATEMENTS, { existingTags: [], signal: controller.signal })).rejects.toThrow(/cancel|abort/i);
  });

  it('fails at construction when the prompt names another output schema', () => {
    const chat = createStructuredChat({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm' });
    const wrong = { ...prompts, get: (name: string) => (name === 'label' ? prompts.get('gist') : prompts.get(name)) };
    expect(() => createOpenAiLabeler({ chat, prompts: wrong })).toThrow(/declares output StatementGists/);
  });
});
