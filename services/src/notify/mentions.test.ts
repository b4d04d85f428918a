import { describe, expect, it } from 'vitest';
import { findMentions } from './mentions.ts';

const ana = { userId: 'a', name: 'Ana Lopez' };
const ben = { userId: 'b', name: 'Ben' };
const anna = { userId: 'c', name: 'Anna Berg' };
const members = [ana, ben, anna];
const who = (text: string, list = members) => findMentions(text, list).map((m) => m.userId);

describe('findMentions', () => {
  it('finds full names, case-insensitive, across spacing', () => {
    expect(who('I asked ana   LOPEZ about it.')).toEqual(['a']);
    expect(who('Ben, what do you think?')).toEqual(['b']);
  });

  it('finds @handles: the first name when it is unique, or the joined full name', () => {
    expect(who('@ana can you check?')).toEqual(['a']);
    expect(who('thanks @AnaLopez and @anna.berg')).toEqual(['a', 'c']);
    expect(who('cc @ben')).toEqual(['b']);
  });

  it('is word-bounded', () => {
    expect(who('Benchmarks look good, and bananas')).toEqual([]);
    expect(who('Anabel Lopezzi said so')).toEqual([]);
    expect(who('email ben@example.org')).toEqual(['b']); // "ben" stands alone before "@"
  });

  it('does not guess an ambiguous first name', () => {
    const twoAnas = [ana, { userId: 'd', name: 'Ana Silva' }];
    expect(who('@ana please', twoAnas)).toEqual([]);
    expect(who('Ana Silva please', twoAnas)).toEqual(['d']);
  });

  it('handles names with regex characters and letters outside ASCII', () => {
    expect(
      who('Ask Zoë (QA) and J.R. Smith', [
        { userId: 'z', name: 'Zoë' },
        { userId: 'j', name: 'J.R. Smith' },
        { userId: 'x', name: 'JxR Smith' },
      ]),
    ).toEqual(['z', 'j']);
    expect(who('Zoëlla is new', [{ userId: 'z', name: 'Zoë' }])).toEqual([]);
  });
});
