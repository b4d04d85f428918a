import { describe, expect, it } from 'vitest';
import { PublicBase } from './public-base.ts';

describe('PublicBase', () => {
  it('prefers PUBLIC_URL, without a trailing slash', () => {
    const base = new PublicBase({ publicUrl: 'https://colloquy.example.org/', port: 3000 });
    base.listeningOn({ address: '127.0.0.1', family: 'IPv4', port: 41234 });
    expect(base.url).toBe('https://colloquy.example.org');
  });

  it('uses the address the server listens on when there is no PUBLIC_URL', () => {
    const base = new PublicBase({ port: 3000 });
    expect(base.url).toBe('http://localhost:3000');
    base.listeningOn({ address: '127.0.0.1', family: 'IPv4', port: 41234 });
    expect(base.url).toBe('http://127.0.0.1:41234');
    base.listeningOn({ address: '::1', family: 'IPv6', port: 8080 });
    expect(base.url).toBe('http://[::1]:8080');
    base.listeningOn({ address: '0.0.0.0', family: 'IPv4', port: 9000 });
    expect(base.url).toBe('http://localhost:9000');
  });
});
