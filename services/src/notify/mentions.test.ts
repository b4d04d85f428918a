import { describe, expect, it } from 'vitest';
import { findAddressed, findMentions } from './mentions.ts';

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

describe('findAddressed', () => {
  const asked = (text: string, list = members) => findAddressed(text, list).map((m) => m.userId);
  const bo = { userId: 'o', name: 'Bo Berg' };

  it('takes a unique first name in direct address, and every mention', () => {
    expect(asked('Bo, does the quote include support?', [ana, bo])).toEqual(['o']);
    expect(asked('And Bo, who signs the order?', [ana, bo])).toEqual(['o']);
    expect(asked('What do you think, Bo?', [ana, bo])).toEqual(['o']);
    expect(asked('Thanks. Bo, can you check?', [ana, bo])).toEqual(['o']);
    expect(asked('@ana could we start in March?', [ana, bo])).toEqual(['a']);
  });

  it('does not take talk about someone for a question to them', () => {
    expect(asked('I met Bo yesterday; what did the vendor say?', [ana, bo])).toEqual([]);
    expect(asked('Bobby, can you check?', [ana, bo])).toEqual([]);
    expect(asked('Ana, can you check?', [ana, { userId: 'd', name: 'Ana Silva' }])).toEqual([]); // two Anas
  });
});
