import { describe, expect, it } from 'vitest';
import type { StatementInput, StatementLabels } from '../core/understanding.ts';
import { keepSurelySaidTopics } from './surely-said-topics.ts';

const statement = (id: string, pairs: [string, number][]): StatementInput => ({
  id,
  text: pairs.map(([w]) => w).join(' '),
  speaker: null,
  startMs: 0,
  endMs: 1000,
  words: pairs.map(([text, confidence], i) => ({ text, startMs: i * 100, endMs: i * 100 + 90, confidence })),
});
const labelled = (id: string, topics: string[]): StatementLabels => ({ statementId: id, act: 'information', confidence: 0.5, topics });

describe('keepSurelySaidTopics', () => {
  const statements = [
    statement('a', [
      ['the', 0.9],
      ['printing', 0.95],
      ['press', 0.9],
      ['belly', 0.04],
    ]),
    statement('b', [
      ['printing', 0.8],
      ['belly', 0.3],
      ['ink', 0.9],
    ]),
    statement('c', [
      ['ink', 0.9],
      ['paper', 0.7],
    ]),
  ];

  it('drops tags the recogniser was unsure of, and new tags on only one statement', () => {
    const kept = keepSurelySaidTopics(
      [labelled('a', ['printing', 'belly']), labelled('b', ['printing', 'belly']), labelled('c', ['ink'])],
      statements,
      [],
    );
    expect(kept.map((l) => l.topics)).toEqual([['printing'], ['printing'], []]);
  });

  it('keeps a conference tag said surely once, even on one statement', () => {
    const kept = keepSurelySaidTopics([labelled('a', []), labelled('b', []), labelled('c', ['paper'])], statements, ['paper']);
    expect(kept[2].topics).toEqual(['paper']);
  });

  it('keeps everything else of the labels as they were', () => {
    const [first] = keepSurelySaidTopics([labelled('a', ['printing'])], statements.slice(0, 2), []);
    expect(first).toEqual({ statementId: 'a', act: 'information', confidence: 0.5, topics: ['printing'] });
  });
});
