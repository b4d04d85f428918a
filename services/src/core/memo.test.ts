import { describe, expect, it } from 'vitest';
import { memoFor } from './memo.ts';

describe('memoFor', () => {
  it('runs once per interval, shares a running call, and forgets failures', async () => {
    let clock = 0;
    let calls = 0;
    let fail = false;
    const probe = memoFor(
      1000,
      async () => {
        calls++;
        if (fail) throw new Error('down');
        return calls;
      },
      () => clock,
    );
    expect(await Promise.all([probe(), probe(), probe()])).toEqual([1, 1, 1]);
    clock = 999;
    expect(await probe()).toBe(1);
    clock = 1000;
    fail = true;
    await expect(probe()).rejects.toThrow('down');
    fail = false;
    expect(await probe()).toBe(3); // the failure was not kept
    expect(calls).toBe(3);
  });
});
