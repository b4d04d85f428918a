import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type SendProgress, send } from './transport';

afterEach(() => vi.unstubAllGlobals());

/** The same answers, given by fetch and by XMLHttpRequest: the transport must read them alike. */
const ANSWERS = {
  refusal: {
    status: 409,
    statusText: 'Conflict',
    text: JSON.stringify({ error: { code: 'E_UPLOAD_OFFSET', message: 'expected offset 10' } }),
  },
  proxy: { status: 502, statusText: 'Bad Gateway', text: '<html>Bad gateway</html>' },
  noCode: { status: 400, statusText: 'Bad Request', text: JSON.stringify({ error: { message: 'no code here' } }) },
  unreadable: { status: 200, statusText: 'OK', text: '{"half": ' },
  empty: { status: 204, statusText: 'No Content', text: '' },
  json: { status: 201, statusText: 'Created', text: JSON.stringify({ uploadId: 'u1' }) },
};
type Answer = (typeof ANSWERS)[keyof typeof ANSWERS];

const fetchAnswering = (a: Answer) =>
  vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(a.status === 204 ? null : a.text, { status: a.status, statusText: a.statusText }),
  );

/**
 * Just enough of XMLHttpRequest: `script` plays the exchange once the request is sent (later, so
 * an abort can come first): upload progress events, then an answer or a network error.
 */
class FakeXhr {
  static last: FakeXhr | null = null;
  static script: (xhr: FakeXhr) => void = () => undefined;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
    FakeXhr.last = this;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
    setTimeout(() => {
      if (!this.aborted) FakeXhr.script(this);
    });
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(a: Answer) {
    Object.assign(this, { status: a.status, statusText: a.statusText, responseText: a.text });
    this.onload?.();
  }
}

function useXhr(script: (xhr: FakeXhr) => void) {
  FakeXhr.script = script;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );

describe('the transport', () => {
  it("reads the server's refusal, a proxy's page and unreadable answers into ApiErrors", async () => {
    vi.stubGlobal('fetch', fetchAnswering(ANSWERS.refusal));
    const refused = await failure(send('PUT', '/api/x'));
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'E_UPLOAD_OFFSET', status: 409, message: 'expected offset 10' });

    vi.stubGlobal('fetch', fetchAnswering(ANSWERS.proxy));
    expect(await failure(send('GET', '/api/x'))).toMatchObject({
      code: 'E_HTTP',
      status: 502,
      message: 'The server answered 502 Bad Gateway',
    });

    vi.stubGlobal('fetch', fetchAnswering(ANSWERS.noCode));
    expect(await failure(send('GET', '/api/x'))).toMatchObject({ code: 'E_HTTP', status: 400 });

    vi.stubGlobal('fetch', fetchAnswering(ANSWERS.unreadable));
    expect(await failure(send('GET', '/api/x'))).toMatchObject({
      code: 'E_HTTP',
      status: 200,
      message: expect.stringMatching(/could not be read/),
    });

    vi.stubGlobal('fetch', fetchAnswering(ANSWERS.empty));
    await expect(send('DELETE', '/api/x')).resolves.toBeUndefined();
  });

  it('encodes JSON, multipart and bytes, each with its content type, and sends none without a body', async () => {
    const fetch = fetchAnswering(ANSWERS.json);
    vi.stubGlobal('fetch', fetch);
    const form = new FormData();
    form.append('title', 't');
    const chunk = new Blob([new Uint8Array([1, 2, 3])], { type: 'video/webm' });
    await send('POST', '/api/a', { body: { take: 1 } });
    await send('POST', '/api/b', { body: form });
    await send('PUT', '/api/c', { body: chunk, query: { offset: 0, skipped: undefined, empty: '' } });
    await send('POST', '/api/d');
    const sent = fetch.mock.calls.map(([url, init]) => ({
      url,
      type: (init!.headers as Record<string, string>)['content-type'],
      body: init!.body,
      credentials: init!.credentials,
    }));
    expect(sent).toEqual([
      { url: '/api/a', type: 'application/json', body: '{"take":1}', credentials: 'same-origin' },
      // The browser writes the multipart boundary itself.
      { url: '/api/b', type: undefined, body: form, credentials: 'same-origin' },
      { url: '/api/c?offset=0', type: 'application/octet-stream', body: chunk, credentials: 'same-origin' },
      { url: '/api/d', type: undefined, body: undefined, credentials: 'same-origin' },
    ]);
  });

  it('tells a lost connection from a cancelled request', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    expect(await failure(send('GET', '/api/x'))).toMatchObject({ code: 'E_NETWORK', status: 0 });

    const controller = new AbortController();
    const pending = failure(send('GET', '/api/x', { signal: controller.signal }));
    controller.abort();
    const err = await pending;
    expect(err).not.toBeInstanceOf(ApiError);
    expect((err as Error).name).toBe('AbortError');
  });

  it('sends through XMLHttpRequest when progress is asked for, and reads its answers like fetch’s', async () => {
    const progress: SendProgress[] = [];
    useXhr((xhr) => {
      xhr.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 });
      xhr.upload.onprogress?.({ lengthComputable: false, loaded: 0, total: 0 });
      xhr.upload.onprogress?.({ lengthComputable: true, loaded: 200, total: 200 });
      xhr.answer(ANSWERS.json);
    });
    const form = new FormData();
    const created = await send('POST', '/api/up', { body: form, query: { a: 1 }, onProgress: (p) => progress.push(p) });
    expect(created).toEqual({ uploadId: 'u1' });
    expect(FakeXhr.last).toMatchObject({ method: 'POST', url: '/api/up?a=1', body: form, headers: { accept: 'application/json' } });
    expect(progress).toEqual([
      { loaded: 50, total: 200, fraction: 0.25 },
      { loaded: 200, total: 200, fraction: 1 },
    ]);

    for (const a of [ANSWERS.refusal, ANSWERS.proxy, ANSWERS.noCode, ANSWERS.unreadable]) {
      vi.stubGlobal('fetch', fetchAnswering(a));
      const byFetch = (await failure(send('POST', '/api/up', { body: form }))) as ApiError;
      useXhr((xhr) => xhr.answer(a));
      const byXhr = (await failure(send('POST', '/api/up', { body: form, onProgress: () => undefined }))) as ApiError;
      expect(byXhr).toBeInstanceOf(ApiError);
      expect({ code: byXhr.code, status: byXhr.status, message: byXhr.message }).toEqual({
        code: byFetch.code,
        status: byFetch.status,
        message: byFetch.message,
      });
    }
  });

  it('through XMLHttpRequest too, a lost connection is E_NETWORK and cancelling aborts the request', async () => {
    useXhr((xhr) => xhr.onerror?.());
    expect(await failure(send('POST', '/api/up', { body: new FormData(), onProgress: () => undefined }))).toMatchObject({
      code: 'E_NETWORK',
      status: 0,
    });

    let answered = false;
    useXhr((xhr) => {
      answered = true;
      xhr.answer(ANSWERS.json);
    });
    const controller = new AbortController();
    const pending = failure(send('POST', '/api/up', { body: new FormData(), onProgress: () => undefined, signal: controller.signal }));
    controller.abort();
    expect(((await pending) as Error).name).toBe('AbortError');
    expect(FakeXhr.last?.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(answered).toBe(false);

    // Already cancelled: nothing is sent at all.
    FakeXhr.last = null;
    expect(
      ((await failure(send('POST', '/api/up', { body: new FormData(), onProgress: () => undefined, signal: controller.signal }))) as Error)
        .name,
    ).toBe('AbortError');
    expect(FakeXhr.last).toBeNull();
  });
});
