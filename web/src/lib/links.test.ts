import { describe, expect, it } from 'vitest';
import { loginHref, safeNext } from './links.ts';

describe('safeNext (where sign-in and sign-up go afterwards)', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeNext('/c/123/watch/456?t=12&s=9#x')).toBe('/c/123/watch/456?t=12&s=9#x');
    expect(safeNext('/search?q=a%20b')).toBe('/search?q=a%20b');
  });

  it.each([
    ['the audit’s tab trick', '/\t/evil.invalid/'],
    ['a line feed', '/\n/evil.invalid/'],
    ['a carriage return', '/\r/evil.invalid'],
    ['a NUL', '/\u0000/evil.invalid'],
    ['protocol-relative', '//evil.invalid/'],
    ['a backslash', '/\\evil.invalid'],
    ['a backslash later on', '/a/..\\..\\\\evil.invalid'],
    ['an absolute URL', 'https://evil.invalid/'],
    ['a script URL', 'javascript:alert(1)'],
    ['nothing', null],
  ])('sends %s home instead', (_, next) => {
    expect(safeNext(next)).toBe('/');
  });

  it('is what the sign-in link carries', () => {
    expect(loginHref('/\t/evil.invalid/')).toBe('/login');
    expect(loginHref('/s/1')).toBe('/login?next=%2Fs%2F1');
  });
});
