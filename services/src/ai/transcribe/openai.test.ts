import { describe, expect, it } from 'vitest';
import { chunkResponseToSegments } from './openai.ts';

describe('chunkResponseToSegments', () => {
  const chunk = { startMs: 20_000, endMs: 24_000 };

  it('keeps times inside the chunk when the server overshoots', () => {
    const segments = chunkResponseToSegments({ text: 'hi', segments: [{ start: 0, end: 30, text: ' hi' }] }, chunk);
    expect(segments).toEqual([{ startMs: 20_000, endMs: 24_000, speaker: null, text: 'hi' }]);
  });

  it('gives a word in a gap between segments to the segment before it', () => {
    const segments = chunkResponseToSegments(
      {
        segments: [
          { start: 0, end: 1, text: 'one' },
          { start: 2, end: 3, text: 'three' },
        ],
        words: [
          { word: 'one', start: 0.1, end: 0.5 },
          { word: 'two', start: 1.2, end: 1.6 },
          { word: 'three', start: 2.1, end: 2.5 },
        ],
      },
      chunk,
    );
    expect(segments.map((s) => s.words?.map((w) => w.text))).toEqual([['one', 'two'], ['three']]);
  });

  it('splits word-only answers at pauses and sentence ends', () => {
    const segments = chunkResponseToSegments(
      {
        words: [
          { word: 'Hello', start: 0, end: 0.3 },
          { word: 'there.', start: 0.4, end: 0.7 },
          { word: 'New', start: 0.8, end: 1.0 },
          { word: 'idea', start: 2.5, end: 2.9 },
        ],
      },
      chunk,
    );
    expect(segments.map((s) => s.text)).toEqual(['Hello there.', 'New', 'idea']);
  });

  it('ignores empty answers', () => {
    expect(chunkResponseToSegments({ text: '  ' }, chunk)).toEqual([]);
    expect(chunkResponseToSegments('', chunk)).toEqual([]);
  });
});
