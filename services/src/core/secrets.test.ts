import { describe, expect, it } from 'vitest';
import { hashPassword, scryptLoad, verifyPassword } from './secrets.ts';

describe('password hashing', () => {
  it('runs at most two scrypt hashes at once, the rest in turn, all correct', async () => {
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, scryptLoad().running)), 1);
    try {
      const hashes = await Promise.all(Array.from({ length: 6 }, (_, i) => hashPassword(`password ${i}`)));
      const checks = await Promise.all(hashes.map((h, i) => verifyPassword(`password ${i}`, h)));
      expect(checks).toEqual([true, true, true, true, true, true]);
      expect(await verifyPassword('password 0', hashes[1])).toBe(false);
    } finally {
      clearInterval(watch);
    }
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(2);
    expect(scryptLoad()).toEqual({ running: 0, waiting: 0 });
  });
});
