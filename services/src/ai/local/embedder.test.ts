import { describe, expect, it } from 'vitest';
import { createLocalEmbedder, dot, HashingVectorizer } from './embedder.ts';

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('local embedder', () => {
  it('names the model with version and dims, and reports the provider', () => {
    const e = createLocalEmbedder({ dims: 256 });
    expect(e.provider).toBe('local');
    expect(e.model).toBe('hash-ngram-v1-256');
    expect(e.dims).toBe(256);
    expect(createLocalEmbedder().model).toBe('hash-ngram-v1-384');
  });

  it('returns one unit vector of the configured dimension per text, in order', async () => {
    const e = createLocalEmbedder();
    const texts = ['We should drop the Android app.', '', 'um uh', 'Budget for catering next quarter'];
    const vectors = await e.embed(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toHaveLength(384);
      expect(norm(v)).toBeCloseTo(1, 9);
      expect(v.every(Number.isFinite)).toBe(true);
    }
    expect(vectors[0]).not.toEqual(vectors[3]);
  });

  it('is deterministic: the same text gives the same vector across instances and calls', async () => {
    const a = createLocalEmbedder();
    const b = createLocalEmbedder();
    const text = 'The pricing of the premium plan needs another look before launch.';
    const [first] = await a.embed([text]);
    const [again] = await a.embed([text]);
    const [other] = await b.embed([text, 'something else entirely']);
    expect(again).toEqual(first);
    expect(other).toEqual(first);
  });

  it('does not depend on the other texts in the batch (no corpus-fitted weights)', async () => {
    const e = createLocalEmbedder();
    const text = 'We decided to ship the desktop client first.';
    const [alone] = await e.embed([text]);
    const [, inBatch] = await e.embed(['Totally unrelated words about gardening and tomatoes.', text]);
    expect(inBatch).toEqual(alone);
  });

  it('puts paraphrases closer than unrelated texts', () => {
    const v = new HashingVectorizer(384);
    const drop = v.vector('we should drop the Android app');
    const dropping = v.vector('dropping the android application');
    const catering = v.vector('the budget for catering');
    expect(dot(drop, dropping)).toBeGreaterThan(0.3);
    expect(dot(drop, dropping)).toBeGreaterThan(dot(drop, catering) + 0.2);
    expect(dot(dropping, catering)).toBeLessThan(0.15);
  });

  it('lets inflections meet through stems and character n-grams ("pricing" / "prices")', () => {
    const v = new HashingVectorizer(384);
    const pricing = v.vector('pricing');
    expect(dot(pricing, v.vector('prices'))).toBeGreaterThan(0.3);
    expect(dot(pricing, v.vector('price'))).toBeGreaterThan(0.3);
    expect(dot(pricing, v.vector('battery'))).toBeLessThan(0.15);
  });

  it('gives fillers no weight: "um" and "uh" do not change a vector', () => {
    const v = new HashingVectorizer(384);
    expect(Array.from(v.vector('um we uh should um test it'))).toEqual(Array.from(v.vector('we should test it')));
  });

  it('weighs rare words over common ones (IDF from general English)', () => {
    const v = new HashingVectorizer(384);
    const query = v.vector('the battery');
    // Sharing "battery" matters more than sharing "the".
    expect(dot(query, v.vector('a battery'))).toBeGreaterThan(dot(query, v.vector('the meeting')));
  });

  it('rejects a nonsensical dimension', () => {
    expect(() => createLocalEmbedder({ dims: 0 })).toThrow(/dims/);
  });

  it('stops between texts when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(createLocalEmbedder().embed(['a'], { signal: controller.signal })).rejects.toThrow();
  });

  it('embeds thousands of statement-sized texts (speed smoke, no timing assertion)', async () => {
    const e = createLocalEmbedder();
    const words = (
      'so I think we should go with the rubber buttons because they are cheaper and kids like them ' +
      'more than plastic ones and the battery lasts'
    ).split(' ');
    const texts = Array.from({ length: 5000 }, (_, i) =>
      Array.from({ length: 20 + (i % 60) }, (_, j) => words[(i * 7 + j * 13) % words.length] + (j % 9 === 0 ? String(i % 101) : '')).join(
        ' ',
      ),
    );
    const vectors = await e.embed(texts);
    expect(vectors).toHaveLength(5000);
  });
});
