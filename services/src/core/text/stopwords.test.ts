import { describe, expect, it } from 'vitest';
import { FILLERS, HESITATIONS, STOPWORDS } from './stopwords.ts';

describe('stopword lists', () => {
  it('share the function words', () => {
    for (const word of ['the', 'and', 'of', 'which', 'would']) {
      expect(STOPWORDS.keyphrase.has(word)).toBe(true);
      expect(STOPWORDS.similarity.has(word)).toBe(true);
      expect(STOPWORDS.retrieval.has(word)).toBe(true);
    }
  });

  it('let topic similarity keep words that never name a topic but tell talk apart', () => {
    for (const word of ['good', 'today', 'working', 'new']) {
      expect(STOPWORDS.keyphrase.has(word)).toBe(true);
      expect(STOPWORDS.similarity.has(word)).toBe(false);
    }
  });

  it('drop the clitics and fillers that survive similarity tokens', () => {
    for (const word of ["'re", "n't", 'mm-hmm', "how's"]) {
      expect(STOPWORDS.similarity.has(word)).toBe(true);
      expect(STOPWORDS.keyphrase.has(word)).toBe(false);
    }
  });

  it('keep retrieval short: conversation words stay searchable', () => {
    for (const word of ['yeah', 'because', 'think', 'good']) expect(STOPWORDS.retrieval.has(word)).toBe(false);
    // What an ASCII tokeniser leaves of "it's" and "don't".
    expect(STOPWORDS.retrieval.has('s')).toBe(true);
    expect(STOPWORDS.retrieval.has('t')).toBe(true);
  });

  it('keep their calibrated sizes (the segmentation defaults and the BM25 baseline were measured on them)', () => {
    expect(STOPWORDS.keyphrase.size).toBe(421);
    expect(STOPWORDS.similarity.size).toBe(257);
    expect(STOPWORDS.retrieval.size).toBe(112);
  });
});

describe('fillers', () => {
  it('are hesitations plus their other spellings and backchannel noises', () => {
    for (const word of HESITATIONS) expect(FILLERS.has(word)).toBe(true);
    expect(FILLERS.has('uh-huh')).toBe(true);
    expect(HESITATIONS.has('uh-huh')).toBe(false);
    expect(HESITATIONS.has('huh')).toBe(false);
    expect(FILLERS.has('yeah')).toBe(false);
  });
});
