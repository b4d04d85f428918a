import { cpSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MODELS, startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions } from '../../../test/fakes/openai-server.ts';
import { DEFAULT_PROMPTS_DIR, loadPrompts } from '../prompts.ts';
import { createOpenAiAi, type OpenAiAiOptions } from './index.ts';

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(server: FakeOpenAiOptions = {}, options: Partial<OpenAiAiOptions> = {}) {
  fake = await startFakeOpenAi({ apiKey: 'sk-test', embeddingDims: 32, models: ['llama3.1:8b', 'nomic-embed-text'], ...server });
  const ai = createOpenAiAi({
    apiKey: 'sk-test',
    baseUrl: fake.baseUrl,
    chatModel: 'llama3.1:8b',
    embedModel: 'nomic-embed-text',
    dims: 32,
    maxRetries: 0,
    statusTimeoutMs: 300,
    ...options,
  });
  return { fake, ai };
}

describe('createOpenAiAi', () => {
  it('wires embedder, labeler and summariser to one server, recording provider and models', async () => {
    const { ai } = await setup();
    expect(ai.embedder).toMatchObject({ provider: 'openai', model: 'nomic-embed-text', dims: 32 });
    expect(ai.labeler).toMatchObject({ provider: 'openai', model: 'llama3.1:8b', promptVersion: loadPrompts().get('label').version });
    expect(ai.summariser).toMatchObject({ provider: 'openai', model: 'llama3.1:8b' });

    const statements = [{ id: 'a', text: 'Should we hire a designer?', speaker: null, startMs: 0, endMs: 5_000 }];
    const [vector] = await ai.embedder.embed(['Should we hire a designer?']);
    expect(vector).toHaveLength(32);
    expect((await ai.labeler.label(statements, { existingTags: ['hiring'] }))[0]).toMatchObject({ statementId: 'a', act: 'question' });
    expect(await ai.summariser.gists(statements)).toHaveLength(1);
  });

  it('fails at boot when a prompt file is missing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'colloquy-prompts-'));
    try {
      cpSync(DEFAULT_PROMPTS_DIR, dir, { recursive: true });
      unlinkSync(path.join(dir, 'answer.md'));
      expect(() =>
        createOpenAiAi({ baseUrl: 'http://127.0.0.1:9/v1', chatModel: 'm', embedModel: 'e', dims: 8, prompts: loadPrompts(dir) }),
      ).toThrow(/answer\.md/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails at boot for an unknown structured output method', () => {
    expect(() =>
      createOpenAiAi({ baseUrl: 'http://127.0.0.1:9/v1', chatModel: 'm', embedModel: 'e', dims: 8, structuredMethod: 'xml' as never }),
    ).toThrow(/structured output method/);
  });
});

describe('status', () => {
  it('is ok when the server lists the models', async () => {
    const { ai } = await setup();
    expect(await ai.status()).toEqual({ ok: true, message: expect.stringContaining('llama3.1:8b') });
  });

  it('says so when the server does not list a model', async () => {
    const { ai } = await setup({ models: ['other'] });
    const status = await ai.status();
    expect(status.ok).toBe(true);
    expect(status.message).toMatch(/does not list llama3.1:8b, nomic-embed-text/);
  });

  it('is ok for a server without a model list', async () => {
    const { ai } = await setup({ faults: [{ route: MODELS, status: 404 }] });
    expect(await ai.status()).toMatchObject({ ok: true, message: expect.stringMatching(/no model list/) });
  });

  it('reports refused credentials', async () => {
    const { ai } = await setup({}, { apiKey: 'sk-wrong' });
    expect(await ai.status()).toMatchObject({ ok: false, message: expect.stringMatching(/OPENAI_API_KEY/) });
  });

  it('never hangs on a server that does not answer', async () => {
    const { fake, ai } = await setup();
    fake.route(MODELS, () => new Promise(() => {}));
    const started = Date.now();
    const status = await ai.status();
    expect(status.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reports an unreachable server', async () => {
    const { fake: closed, ai } = await setup();
    await closed.close();
    fake = undefined;
    expect(await ai.status()).toMatchObject({ ok: false, message: expect.stringMatching(/cannot reach/) });
  });

  it('reports a missing key and base URL without a request', async () => {
    const ai = createOpenAiAi({ chatModel: 'gpt-4o-mini', embedModel: 'text-embedding-3-small', dims: 8 });
    expect(await ai.status()).toMatchObject({ ok: false, message: expect.stringMatching(/OPENAI_API_KEY/) });
    await expect(ai.embedder.embed(['x'])).rejects.toMatchObject({ code: 'E_AI_AUTH', retryable: false });
  });
});
