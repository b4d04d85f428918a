import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auth } from './api';

// Other files share this module (the unit project does not isolate them): start from "not known".
beforeEach(() => auth.forget());
afterEach(() => {
  auth.forget();
  vi.unstubAllGlobals();
});

const ana = { id: '00000000-0000-4000-8000-000000000001', email: 'ana@example.org', name: 'Ana', createdAt: '2026-12-01T10:00:00.000Z' };
const answering = (body: unknown, status = 200) =>
  vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );

describe('who is signed in, as the web app knows it', () => {
  it('asks the server once, however many loads want to know at the same time', async () => {
    const fetch = answering({ user: null });
    vi.stubGlobal('fetch', fetch);
    expect(await Promise.all([auth.me(), auth.me(), auth.me()])).toEqual([null, null, null]);
    expect(await auth.me()).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe('/api/me');
  });

  it('knows without asking after signing in and out here; asks again when told the session may have changed', async () => {
    vi.stubGlobal('fetch', answering({ user: ana }));
    await auth.login({ email: ana.email, password: 'correct horse battery' });
    const fetch = answering({ user: null });
    vi.stubGlobal('fetch', fetch);
    expect(await auth.me()).toEqual(ana);
    expect(fetch).not.toHaveBeenCalled();

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    await auth.logout();
    expect(await auth.me()).toBeNull();

    const again = answering({ user: ana });
    vi.stubGlobal('fetch', again);
    auth.forget();
    expect(await auth.me()).toEqual(ana);
    expect(again).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failure: the next call asks again', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    expect(await auth.me().catch((e) => e.code)).toBe('E_NETWORK');
    vi.stubGlobal('fetch', answering({ user: ana }));
    expect(await auth.me()).toEqual(ana);
  });
});
