import { afterEach, describe, expect, it } from 'vitest';
import { EMBEDDINGS, fakeEmbedding, startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions } from '../../../test/fakes/openai-server.ts';
import { createOpenAiEmbedder, type OpenAiEmbedderOptions } from './embedder.ts';

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(server: FakeOpenAiOptions = {}, options: Partial<OpenAiEmbedderOptions> = {}) {
  fake = await startFakeOpenAi({ apiKey: 'sk-test', embeddingDims: 16, ...server });
  const embedder = createOpenAiEmbedder({
    apiKey: 'sk-test',
    baseUrl: fake.baseUrl,
    model: 'nomic-embed-text',
    dims: 16,
    maxRetries: 0,
    ...options,
  });
  return { fake, embedder };
}

const embeddingRequests = (f: FakeOpenAi) => f.requests.filter((r) => `${r.method} ${r.path}` === EMBEDDINGS);
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const unit = (v: number[]) => v.map((x) => x / norm(v));

const TEXTS = ['We should move the launch to April', 'Moving the launch to April is what we should do', 'The invoice template has a typo'];

describe('openai embedder against an OpenAI-compatible server', () => {
  it('asks for floats explicitly and returns one L2-normalised vector per text, in order', async () => {
    const { fake, embedder } = await setup();
    const vectors = await embedder.embed(TEXTS);

    const [request] = embeddingRequests(fake);
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.json).toMatchObject({ model: 'nomic-embed-text', input: TEXTS, encoding_format: 'float' });
    expect(request.json).not.toHaveProperty('dimensions');
    expect(vectors).toHaveLength(3);
    for (const [i, v] of vectors.entries()) {
      expect(v).toHaveLength(16);
      expect(norm(v)).toBeCloseTo(1, 6);
      expect(v.map((x) => Number(x.toFixed(6)))).toEqual(unit(fakeEmbedding(TEXTS[i], 16)).map((x) => Number(x.toFixed(6))));
    }
    expect(dot(vectors[0], vectors[1])).toBeGreaterThan(dot(vectors[0], vectors[2]));
    expect(embedder).toMatchObject({ provider: 'openai', model: 'nomic-embed-text', dims: 16 });
  });

  it('decodes base64 answers when configured to ask for them', async () => {
    const { fake, embedder } = await setup({}, { encodingFormat: 'base64' });
    const vectors = await embedder.embed(TEXTS);
    expect(embeddingRequests(fake)[0].json).toMatchObject({ encoding_format: 'base64' });
    expect(vectors[2].map((x) => Number(x.toFixed(5)))).toEqual(unit(fakeEmbedding(TEXTS[2], 16)).map((x) => Number(x.toFixed(5))));
  });

  it.each([
    ['floats although base64 was asked for', 'float', 'base64'],
    ['base64 although floats were asked for', 'base64', 'float'],
  ] as const)('accepts a server that answers %s', async (_, answers, asks) => {
    const { embedder } = await setup({ embeddingFormat: answers }, { encodingFormat: asks });
    const [vector] = await embedder.embed([TEXTS[0]]);
    expect(vector.map((x) => Number(x.toFixed(5)))).toEqual(unit(fakeEmbedding(TEXTS[0], 16)).map((x) => Number(x.toFixed(5))));
  });

  it('sends texts in batches and keeps their order', async () => {
    const { fake, embedder } = await setup({}, { batchSize: 2 });
    const texts = ['alpha one', 'beta two', 'gamma three', 'delta four', 'epsilon five'];
    const vectors = await embedder.embed(texts);
    expect(embeddingRequests(fake).map((r) => (r.json as { input: string[] }).input)).toEqual([
      texts.slice(0, 2),
      texts.slice(2, 4),
      texts.slice(4),
    ]);
    expect(vectors).toHaveLength(5);
    expect(vectors[4]).toEqual(unit(fakeEmbedding('epsilon five', 16)));
  });

  it('sends `dimensions` for models that can shorten vectors, or when told to', async () => {
    const { fake, embedder } = await setup({}, { model: 'text-embedding-3-small' });
    await embedder.embed(['x']);
    const told = createOpenAiEmbedder({
      apiKey: 'sk-test',
      baseUrl: fake.baseUrl,
      model: 'bge-m3',
      dims: 16,
      sendDimensions: true,
      maxRetries: 0,
    });
    await told.embed(['x']);
    expect(embeddingRequests(fake).map((r) => (r.json as { dimensions?: number }).dimensions)).toEqual([16, 16]);
  });

  it('rejects vectors of another dimension loudly, not retryable, saying how to fix it', async () => {
    const { embedder } = await setup({ embeddingDims: 24 });
    const error = await embedder.embed(TEXTS).catch((e) => e);
    expect(error).toMatchObject({ code: 'E_EMBED_DIMENSION', retryable: false });
    expect(error.message).toMatch(/24-dimensional/);
    expect(error.message).toMatch(/EMBED_DIMS=24/);
    expect(error.message).toMatch(/reindex/);
  });

  it('turns a 401 into E_AI_AUTH, not retried', async () => {
    const { fake, embedder } = await setup({}, { apiKey: 'sk-wrong', maxRetries: 3 });
    await expect(embedder.embed(TEXTS)).rejects.toMatchObject({ code: 'E_AI_AUTH', retryable: false });
    expect(embeddingRequests(fake)).toHaveLength(1);
  });

  it('turns a 500 into retryable E_AI_UNAVAILABLE', async () => {
    const { embedder } = await setup({ faults: [{ route: EMBEDDINGS, status: 500 }] });
    await expect(embedder.embed(TEXTS)).rejects.toMatchObject({ code: 'E_AI_UNAVAILABLE', retryable: true });
  });

  it('retries a 503 inside the call when maxRetries allows', async () => {
    const { fake, embedder } = await setup({ faults: [{ route: EMBEDDINGS, status: 503, times: 1 }] }, { maxRetries: 1 });
    expect(await embedder.embed(['hello'])).toHaveLength(1);
    expect(embeddingRequests(fake)).toHaveLength(2);
  });

  it('turns an unreachable server into retryable E_AI_UNAVAILABLE', async () => {
    const { fake: closed, embedder } = await setup();
    await closed.close();
    fake = undefined;
    await expect(embedder.embed(TEXTS)).rejects.toMatchObject({ code: 'E_AI_UNAVAILABLE', retryable: true });
  });

  it('rejects an answer with fewer vectors than texts as invalid output (retryable)', async () => {
    const { fake, embedder } = await setup();
    fake.route(EMBEDDINGS, () => ({
      json: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: fakeEmbedding('a b', 16) }] },
    }));
    await expect(embedder.embed(['a b', 'c d'])).rejects.toMatchObject({ code: 'E_AI_INVALID_OUTPUT', retryable: true });
  });

  it('stops waiting when aborted', async () => {
    const { fake, embedder } = await setup();
    fake.route(EMBEDDINGS, () => new Promise(() => {}));
    const controller = new AbortController();
    const pending = embedder.embed(TEXTS, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('job cancelled')), 50);
    await expect(pending).rejects.toThrow('job cancelled');
  });

  it('sends nothing for no texts', async () => {
    const { fake, embedder } = await setup();
    expect(await embedder.embed([])).toEqual([]);
    expect(embeddingRequests(fake)).toHaveLength(0);
  });
});
