import { describe, expect, it } from 'vitest';
import { capStatementText } from './statement-cap.ts';

describe('capStatementText', () => {
  it('keeps statements within the limit as they are', () => {
    const s = [{ startMs: 0, endMs: 1000, speaker: 'Ana', text: 'short and sweet' }];
    expect(capStatementText(s, 100)).toEqual(s);
  });

  it('cuts a long one at word boundaries into consecutive statements that keep every word and share its time', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`);
    const text = words.join(' ');
    const out = capStatementText([{ startMs: 1000, endMs: 61_000, speaker: 'Ben', text }], 1000);
    expect(out.length).toBeGreaterThan(text.length / 1000);
    for (const s of out) {
      expect(s.text.length).toBeLessThanOrEqual(1000);
      expect(s.speaker).toBe('Ben');
    }
    expect(out.map((s) => s.text).join(' ')).toBe(text);
    expect(out[0].startMs).toBe(1000);
    expect(out.at(-1)!.endMs).toBe(61_000);
    for (let i = 1; i < out.length; i++) expect(out[i].startMs).toBe(out[i - 1].endMs);
  });

  it('cuts inside a word only when there is no space to cut at', () => {
    const out = capStatementText([{ startMs: 0, endMs: 10, speaker: null, text: 'x'.repeat(2500) }], 1000);
    expect(out.map((s) => s.text.length)).toEqual([1000, 1000, 500]);
  });
});
