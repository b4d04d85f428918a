import { describe, expect, it } from 'vitest';
import { overlaps, overlapsAny } from './time.ts';

describe('overlaps', () => {
  it('needs a shared stretch of positive length', () => {
    expect(overlaps({ startMs: 0, endMs: 10 }, { startMs: 5, endMs: 20 })).toBe(true);
    expect(overlaps({ startMs: 0, endMs: 10 }, { startMs: 10, endMs: 20 })).toBe(false); // back to back
    expect(overlaps({ startMs: 5, endMs: 5 }, { startMs: 0, endMs: 10 })).toBe(false); // empty
    expect(overlaps({ startMs: 0, endMs: 100 }, { startMs: 40, endMs: 60 })).toBe(true); // inside
  });
  it('against a list', () => {
    expect(
      overlapsAny({ startMs: 0, endMs: 10 }, [
        { startMs: 20, endMs: 30 },
        { startMs: 9, endMs: 11 },
      ]),
    ).toBe(true);
    expect(overlapsAny({ startMs: 0, endMs: 10 }, [])).toBe(false);
  });
});
