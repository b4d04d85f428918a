import { describe, expect, it } from 'vitest';
import { namedSpeakers } from './named-speakers.ts';

const names = (query: string, speakers: string[]) => [...namedSpeakers(query, speakers)].sort();

describe('namedSpeakers', () => {
  it('finds a speaker named by a word only their label holds', () => {
    expect(names('What did Margaret think about the budget?', ['Margaret Chen', 'Paul Roy'])).toEqual(['Margaret Chen']);
    expect(names('What did the professor think about clustering?', ['Professor C', 'PhD A', 'PhD B'])).toEqual(['Professor C']);
  });

  it('finds a speaker by their whole label, even when its words are shared', () => {
    expect(names('What did PhD A think about the results?', ['Professor C', 'PhD A', 'PhD B'])).toEqual(['PhD A']);
    expect(names('What did the Project Manager say about buttons?', ['Project Manager', 'Marketing'])).toEqual(['Project Manager']);
  });

  it('names nobody from a word several labels share, a single letter, or an unrelated query', () => {
    expect(names('What did the PhD students think?', ['PhD A', 'PhD B'])).toEqual([]);
    expect(names('What did a student say?', ['A', 'B'])).toEqual([]);
    expect(names('Summarize the discussion about storage disks', ['Grad E', 'Professor B'])).toEqual([]);
  });
});
