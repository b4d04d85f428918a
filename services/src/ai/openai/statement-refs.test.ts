import { describe, expect, it } from 'vitest';
import type { StatementInput } from '../ports.ts';
import { clock, contextStatement, referStatements, resolveCitations } from './statement-refs.ts';

const s = (id: string, text: string, startMs = 0, speaker: string | null = 'Ana'): StatementInput => ({
  id,
  text,
  speaker,
  startMs,
  endMs: startMs + 1000,
});

describe('statement refs', () => {
  it('shows statements under short aliases with speaker and time, escaped', () => {
    const refs = referStatements([s('uuid-1', 'A <b> & "c"', 62_000), s('uuid-2', 'Next', 3_723_000, null)]);
    expect(refs.text).toBe(
      '<statement id="s1" speaker="Ana" at="1:02">A &lt;b&gt; &amp; "c"</statement>\n<statement id="s2" at="1:02:03">Next</statement>',
    );
    expect(refs.aliases).toEqual(['s1', 's2']);
  });

  it('resolves citations to ids in transcript order, keeping the unknown ones apart', () => {
    const refs = referStatements([s('a', 'x'), s('b', 'y'), s('c', 'z')]);
    expect(resolveCitations(refs, ['s3', 'S1', '[s3]', 's7', 'uuid'])).toEqual({ ids: ['a', 'c'], unknown: ['s7', 'uuid'] });
  });

  it('clips long inputs evenly so every statement stays visible', () => {
    const refs = referStatements([s('a', 'word '.repeat(400)), s('b', 'short')], { maxChars: 600 });
    expect(refs.text.length).toBeLessThan(900);
    expect(refs.text).toContain('>short<');
    expect(refs.text).toContain('…</statement>');
  });

  it('shows context without an id', () => {
    expect(contextStatement(s('a', 'Earlier point'))).toBe('Ana: Earlier point');
    expect(contextStatement(undefined)).toBe('(none)');
    expect(clock(59_999)).toBe('0:59');
  });
});
