import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { uploadAnswer, type UploadState } from './chunked-upload';

afterEach(() => vi.unstubAllGlobals());

/**
 * A fake of the candidate upload API, behind the app's real transport (global fetch replaced), as strict as the contract: a chunk must start at the bytes
 * received so far (a chunk already received is accepted again), else 409 E_UPLOAD_OFFSET.
 * `fault` decides, per request, whether it fails and how: before the server saw it, or after it
 * stored the chunk (the answer lost on the way back).
 */
type Fault = 'network' | 'network-after' | 503 | 'offset' | null;

function fakeServer(options: { chunkBytes: number; fault?: (method: string, path: string, n: number) => Fault }) {
  const uploads = new Map<
    string,
    { bytes: Uint8Array; received: number; size: number; completed: boolean; take: number; questionId: string }
  >();
  const log: string[] = [];
  let n = 0;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://candidate.test');
    const method = init.method ?? 'GET';
    const path = url.pathname;
    log.push(`${method} ${path}${url.search}`);
    const fault = options.fault?.(method, path, n++) ?? null;
    if (fault === 'network') throw new TypeError('Failed to fetch');
    if (fault === 503) return json(503, { error: { code: 'E_UNAVAILABLE', message: 'try later' } });

    let m = path.match(/^\/api\/i\/tok\/questions\/([^/]+)\/uploads$/);
    if (m && method === 'POST') {
      const body = JSON.parse(String(init.body)) as { take: number; sizeBytes: number };
      const id = `u${uploads.size + 1}`;
      uploads.set(id, {
        bytes: new Uint8Array(body.sizeBytes),
        received: 0,
        size: body.sizeBytes,
        completed: false,
        take: body.take,
        questionId: m[1],
      });
      return json(201, { uploadId: id, receivedBytes: 0, chunkBytes: options.chunkBytes });
    }
    m = path.match(/^\/api\/i\/tok\/uploads\/([^/]+)(\/complete)?$/);
    const upload = m && uploads.get(m[1]);
    if (!m || !upload) return json(404, { error: { code: 'E_NOT_FOUND', message: 'no such upload' } });
    if (method === 'GET') return json(200, { receivedBytes: upload.received, sizeBytes: upload.size, completed: upload.completed });
    if (method === 'PUT') {
      const offset = Number(url.searchParams.get('offset'));
      const chunk = new Uint8Array(await (init.body as Blob).arrayBuffer());
      if (chunk.length > options.chunkBytes) return json(413, { error: { code: 'E_TOO_LARGE', message: 'chunk too large' } });
      if (fault === 'offset' || (offset !== upload.received && offset + chunk.length > upload.received)) {
        return json(409, { error: { code: 'E_UPLOAD_OFFSET', message: `expected offset ${upload.received}` } });
      }
      if (offset === upload.received) {
        upload.bytes.set(chunk, offset);
        upload.received += chunk.length;
      }
      if (fault === 'network-after') throw new TypeError('Failed to fetch');
      return json(200, { receivedBytes: upload.received });
    }
    if (method === 'POST' && m[2]) {
      if (upload.received !== upload.size) return json(409, { error: { code: 'E_UPLOAD_INCOMPLETE', message: 'not all bytes' } });
      upload.completed = true;
      return json(201, { answer: { questionId: upload.questionId, take: upload.take, durationMs: 4000, status: 'queued' } });
    }
    return json(405, { error: { code: 'E_METHOD', message: method } });
  };
  return { fetch, uploads, log };
}

const bytesOf = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 251);
const noSleep = async () => undefined;

async function run(server: ReturnType<typeof fakeServer>, blob: Blob, extra: Partial<Parameters<typeof uploadAnswer>[0]> = {}) {
  const states: UploadState[] = [];
  const progress: number[] = [];
  vi.stubGlobal('fetch', server.fetch);
  const answer = await uploadAnswer({
    token: 'tok',
    questionId: 'q1',
    take: 2,
    blob,
    sleep: noSleep,
    onState: (s) => states.push(s),
    onProgress: (p) => progress.push(p.sentBytes),
    ...extra,
  });
  return { answer, states, progress };
}

describe('the chunked, resumable answer upload', () => {
  it('sends the blob in chunks of the server’s size and completes', async () => {
    const data = bytesOf(10_000);
    const server = fakeServer({ chunkBytes: 4096 });
    const { answer, states, progress } = await run(server, new Blob([data]));
    expect(answer).toEqual({ questionId: 'q1', take: 2, durationMs: 4000, status: 'queued' });
    expect(server.uploads.get('u1')!.bytes).toEqual(data);
    expect(server.log.filter((l) => l.startsWith('PUT'))).toEqual([
      'PUT /api/i/tok/uploads/u1?offset=0',
      'PUT /api/i/tok/uploads/u1?offset=4096',
      'PUT /api/i/tok/uploads/u1?offset=8192',
    ]);
    expect(progress).toEqual([0, 4096, 8192, 10_000]);
    expect(states).toEqual(['creating', 'uploading', 'completing']);
  });

  it('retries chunks lost to the network or a 5xx, asking the server where to resume', async () => {
    const data = bytesOf(20_000);
    // Every third request fails, alternately before and after the server stored the chunk.
    let failed = 0;
    const server = fakeServer({
      chunkBytes: 3000,
      fault: (method, _path, n) => (method === 'PUT' && n % 3 === 1 ? (['network', 'network-after', 503] as const)[failed++ % 3] : null),
    });
    const { answer, states, progress } = await run(server, new Blob([data]));
    expect(answer.status).toBe('queued');
    expect(failed).toBeGreaterThanOrEqual(3);
    expect(server.uploads.size).toBe(1);
    expect(server.uploads.get('u1')!.bytes).toEqual(data);
    expect(states).toContain('retrying');
    expect(states.at(-1)).toBe('completing');
    // After each failure the client asked the server for its offset before sending again.
    const afterFailures = server.log.filter((l, i) => l.startsWith('GET') && server.log[i - 1]?.startsWith('PUT'));
    expect(afterFailures.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toBe(20_000);
    expect(Math.max(...progress)).toBe(20_000);
  });

  it('resumes from the server’s offset on 409 E_UPLOAD_OFFSET, without waiting', async () => {
    const data = bytesOf(9000);
    const server = fakeServer({ chunkBytes: 4000, fault: (method, _path, n) => (method === 'PUT' && n === 2 ? 'offset' : null) });
    const slept: number[] = [];
    const { answer } = await run(server, new Blob([data]), { sleep: async (ms) => void slept.push(ms) });
    expect(answer.take).toBe(2);
    expect(server.uploads.get('u1')!.bytes).toEqual(data);
    expect(slept).toEqual([]);
    expect(server.log).toContain('GET /api/i/tok/uploads/u1');
  });

  it('retries creating and completing too, with growing pauses', async () => {
    const data = bytesOf(5000);
    const server = fakeServer({
      chunkBytes: 8000,
      fault: (method, path, n) => ((n === 0 && method === 'POST') || (path.endsWith('/complete') && n < 6) ? 'network' : null),
    });
    const slept: number[] = [];
    const { answer } = await run(server, new Blob([data]), { sleep: async (ms) => void slept.push(ms), retryDelaysMs: [10, 20, 40] });
    expect(answer.status).toBe('queued');
    expect(server.uploads.size).toBe(1);
    expect(slept[0]).toBe(10);
    expect(slept.slice(1)).toEqual([10, 20, 40].slice(0, slept.length - 1));
  });

  it('gives up after too many failures in a row, and a later run resumes the same upload', async () => {
    const data = bytesOf(12_000);
    let offline = false;
    const server = fakeServer({
      chunkBytes: 4000,
      fault: (method, _p, n) => {
        if (!offline && !(method === 'PUT' && n >= 3)) return null;
        offline = true;
        return 'network';
      },
    });
    let uploadId: string | null = null;
    const err = await run(server, new Blob([data]), { maxFailures: 4, onCreated: (id) => (uploadId = id) }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'E_NETWORK', status: 0 });
    expect(uploadId).toBe('u1');
    const before = server.uploads.get('u1')!.received;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(12_000);

    offline = false;
    const resumed = fakeServer({ chunkBytes: 4000 });
    // Same server state, now reachable: hand the upload over to a healthy fake.
    resumed.uploads.set('u1', server.uploads.get('u1')!);
    const { answer, progress } = await run(resumed, new Blob([data]), { uploadId });
    expect(answer.status).toBe('queued');
    expect(resumed.log[0]).toBe('GET /api/i/tok/uploads/u1');
    expect(resumed.log.some((l) => l.startsWith('POST /api/i/tok/questions'))).toBe(false);
    expect(progress[0]).toBe(before);
    expect(resumed.uploads.get('u1')!.bytes).toEqual(data);
  });

  it('throws the server’s refusal at once (no retry on a 4xx)', async () => {
    const server = fakeServer({ chunkBytes: 1000 });
    const refusing = async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith('/uploads')
        ? new Response(JSON.stringify({ error: { code: 'E_STALE_TAKE', message: 'this is not your latest take' } }), { status: 409 })
        : server.fetch(input, init);
    vi.stubGlobal('fetch', refusing);
    const err = await uploadAnswer({
      token: 'tok',
      questionId: 'q1',
      take: 1,
      blob: new Blob([bytesOf(10)]),
      sleep: noSleep,
    }).catch((e) => e);
    expect(err).toMatchObject({ code: 'E_STALE_TAKE', status: 409, message: 'this is not your latest take' });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const server = fakeServer({ chunkBytes: 1000, fault: () => 'network' });
    vi.stubGlobal('fetch', server.fetch);
    const pending = uploadAnswer({
      token: 'tok',
      questionId: 'q1',
      take: 1,
      blob: new Blob([bytesOf(10)]),
      signal: controller.signal,
    });
    controller.abort();
    expect((await pending.catch((e) => e)).name).toBe('AbortError');
  });
});
