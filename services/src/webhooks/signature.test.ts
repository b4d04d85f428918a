import { describe, expect, it } from 'vitest';
import { newSecret, sign, verify } from './signature.ts';

describe('webhook signatures', () => {
  const secret = newSecret();
  const body = '{"type":"contribution.ready"}';
  const now = Date.UTC(2026, 11, 3, 12);
  const t = now / 1000;

  it('verify accepts what sign made, for this body and secret only', () => {
    const header = sign(secret, body, t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(secret, body, header, now)).toBe(true);
    expect(verify(secret, `${body} `, header, now)).toBe(false);
    expect(verify(newSecret(), body, header, now)).toBe(false);
    expect(verify(secret, body, 'garbage', now)).toBe(false);
  });

  it('refuses an old timestamp (a replayed delivery)', () => {
    expect(verify(secret, body, sign(secret, body, t - 600), now)).toBe(false);
    expect(verify(secret, body, sign(secret, body, t - 60), now)).toBe(true);
  });

  it('makes a new random secret each time', () => {
    expect(newSecret()).not.toBe(newSecret());
  });
});
