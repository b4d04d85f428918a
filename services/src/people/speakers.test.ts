import { describe, expect, it } from 'vitest';
import { memberNamed, normaliseName } from './speakers.ts';

const members = [
  { id: '1', name: 'Ana Lima' },
  { id: '2', name: 'José Ñúñez' },
  { id: '3', name: 'Sam Ortiz' },
  { id: '4', name: 'Sam Berg' },
  { id: '5', name: null },
];

describe('speaker labels to members', () => {
  it('normalises case, accents, punctuation and bracketed asides', () => {
    expect(normaliseName('  JOSÉ  ñúñez (PM) ')).toBe('jose nunez');
    expect(normaliseName('Ana-Lima:')).toBe('ana lima');
  });

  it('matches a whole name, or a first name only one member has', () => {
    expect(memberNamed('ana lima', members)?.id).toBe('1');
    expect(memberNamed('Jose Nunez', members)?.id).toBe('2');
    expect(memberNamed('Ana', members)?.id).toBe('1');
    expect(memberNamed('Ana (ID)', members)?.id).toBe('1');
  });

  it('links nobody when the label is ambiguous or names no member', () => {
    expect(memberNamed('Sam', members)).toBeNull();
    expect(memberNamed('ID (B)', members)).toBeNull();
    expect(memberNamed('Ana Berg', members)).toBeNull();
    expect(memberNamed('', members)).toBeNull();
  });
});
