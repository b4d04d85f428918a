import { describe, expect, it } from 'vitest';
import { cleanQmsumText, spanTime, synthesiseTimes } from './datasets.ts';

// Made-up turns; loading the dev splits in ../shared/eval is tested in services/test/eval/datasets.test.ts.
describe('synthesiseTimes', () => {
  it('times turns at 150 words per minute, back to back, at least 300 ms each; empty turns take no time', () => {
    const turns = synthesiseTimes([
      { speaker: 'A', text: 'one two three four five' }, // 5 words → 2000 ms
      { speaker: 'B', text: '' },
      { speaker: 'A', text: 'Yes.' }, // 1 word → 400 ms
      { speaker: 'B', text: 'Okay' }, // 400 ms
    ]);
    expect(turns.map((t) => [t.startMs, t.endMs])).toEqual([
      [0, 2000],
      [2000, 2000],
      [2000, 2400],
      [2400, 2800],
    ]);
    expect(spanTime(turns, [0, 2])).toEqual({ startMs: 0, endMs: 2400 });
  });

  it('drops QMSum markup that is not speech', () => {
    expect(cleanQmsumText('So {disfmarker} we {vocalsound} start .')).toBe('So we start .');
  });
});
