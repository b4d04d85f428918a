import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, auth, candidate, conferences, errorMessage, search } from './api';

afterEach(() => vi.unstubAllGlobals());

const respond = (status: number, body?: unknown) =>
  vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );

describe('the API client', () => {
  it("turns the server's {error: {code, message}} into an ApiError", async () => {
    vi.stubGlobal('fetch', respond(401, { error: { code: 'E_BAD_CREDENTIALS', message: 'wrong email or password' } }));
    const err = await auth.login({ email: 'a@example.org', password: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'E_BAD_CREDENTIALS', status: 401 });
    expect(errorMessage(err)).toBe('Wrong email or password');
  });

  it('says when the server cannot be reached, or answered something else', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    expect(await auth.me().catch((e) => e)).toMatchObject({ code: 'E_NETWORK', status: 0 });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })),
    );
    expect(await auth.me().catch((e) => e)).toMatchObject({ code: 'E_HTTP', status: 502 });
  });

  it('sends JSON only with a body, same-origin, and builds query strings', async () => {
    const fetch = respond(200, { previousVisitAt: null, lastVisitAt: 'now' });
    vi.stubGlobal('fetch', fetch);
    await conferences.visit('c 1');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/conferences/c%201/visit');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect((init!.headers as Record<string, string>)['content-type']).toBeUndefined();

    const searching = respond(200, { results: [] });
    vi.stubGlobal('fetch', searching);
    await search({ q: 'why android?', label: 'decision', speaker: undefined });
    expect(searching.mock.calls[0][0]).toBe('/api/search?q=why+android%3F&label=decision');

    const logout = respond(204);
    vi.stubGlobal('fetch', logout);
    await expect(auth.logout()).resolves.toBeUndefined();
  });

  it("sends a candidate's chunk as bytes at its offset, to the token's own address", async () => {
    const fetch = respond(200, { receivedBytes: 7 });
    vi.stubGlobal('fetch', fetch);
    const chunk = new Blob([new Uint8Array(7)], { type: 'video/webm' });
    await expect(candidate.uploads.putChunk('t/k', 'u 1', 0, chunk)).resolves.toEqual({ receivedBytes: 7 });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/i/t%2Fk/uploads/u%201?offset=0');
    expect(init).toMatchObject({ method: 'PUT', body: chunk, credentials: 'same-origin' });
    expect((init!.headers as Record<string, string>)['content-type']).toBe('application/octet-stream');
  });
});
