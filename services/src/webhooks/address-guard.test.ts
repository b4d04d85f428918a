import { describe, expect, it } from 'vitest';
import { checkUrlHost, guardedLookup, isPrivateAddress } from './address-guard.ts';

describe('the webhook address guard', () => {
  it('knows loopback, link-local, private and reserved addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.8',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ])
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect([a, isPrivateAddress(a)]).toEqual([a, false]);
    expect(isPrivateAddress('not-an-address')).toBe(true);
  });

  it('refuses private IP literals and localhost names unless allowed', async () => {
    await expect(checkUrlHost(new URL('http://127.0.0.1:9/x'), false)).rejects.toThrow(/private address/);
    await expect(checkUrlHost(new URL('http://[fe80::1]/x'), false)).rejects.toThrow(/private address/);
    await expect(checkUrlHost(new URL('http://api.localhost/x'), false)).rejects.toThrow(/private address/);
    await expect(checkUrlHost(new URL('http://127.0.0.1:9/x'), true)).resolves.toBeUndefined();
    await expect(checkUrlHost(new URL('http://93.184.216.34/x'), false)).resolves.toBeUndefined();
  });

  it('refuses at connection time a name that resolves to a private address', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (err) => resolve(err)));
    expect(error?.message).toMatch(/private address/);
    const allowed = await new Promise<string>((resolve) =>
      guardedLookup(true)('localhost', {}, (_err, address) => resolve(String(address))),
    );
    expect(isPrivateAddress(allowed)).toBe(true);
  });
});
