import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './password-policy.ts';

const codeOf = (password: string, email = 'ana@example.org') => {
  try {
    checkNewPassword(password, { email });
    return null;
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('checkNewPassword', () => {
  it('accepts an ordinary long-enough password, and one of exactly 8 or 256 characters', () => {
    expect(codeOf('correct horse battery')).toBeNull();
    expect(codeOf('abcdefg1')).toBeNull();
    expect(codeOf(`${'x'.repeat(255)}y`)).toBeNull();
  });

  it('refuses a short one as weak and a very long one as too long, with their own codes', () => {
    expect(codeOf('abcdefg')).toBe('E_WEAK_PASSWORD');
    expect(codeOf(`${'x'.repeat(256)}y`)).toBe('E_PASSWORD_TOO_LONG');
  });

  it('counts characters, not UTF-16 units: seven emoji are still too short', () => {
    expect(codeOf('🔑'.repeat(7))).toBe('E_WEAK_PASSWORD');
    expect(codeOf('🔑🗝️🔐🔒🔓🛡️⚔️🏰')).toBeNull();
  });

  it('refuses one character repeated and the account’s own email (or its name part)', () => {
    expect(codeOf('aaaaaaaaaaaa')).toBe('E_WEAK_PASSWORD');
    expect(codeOf('Ana.Lopez@Example.org', 'ana.lopez@example.org')).toBe('E_WEAK_PASSWORD');
    expect(codeOf('ana.lopez', 'ana.lopez@example.org')).toBe('E_WEAK_PASSWORD');
  });
});
