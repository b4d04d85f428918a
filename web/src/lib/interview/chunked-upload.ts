/**
 * A candidate's kept answer, sent in chunks that survive a bad connection (the interview contract's
 * resumable upload): create → PUT each chunk at its offset → complete.
 *
 * - A network error, a timeout or a 5xx is retried with a growing pause; before resending, the
 *   server is asked how many bytes it already has (GET), and the upload goes on from there.
 * - 409 E_UPLOAD_OFFSET (the server has a different offset than we sent) resumes from the
 *   server's offset without waiting: it is no failure of the connection.
 * - Any other 4xx is the server's answer (no retakes, interview closed, too long…): thrown at once.
 * The blob is only read, never released: the caller keeps it until this resolves.
 * No framework here, and `fetch` and the clock can be replaced, so the protocol is tested alone.
 */
import { ApiError } from '../api';

export interface KeptAnswer {
  questionId: string;
  take: number;
  durationMs: number | null;
  status: string;
}

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
  /** 0..1 */
  fraction: number;
}

/** 'uploading' while things go well; 'retrying' after a failure, until a request succeeds again. */
export type UploadState = 'creating' | 'uploading' | 'retrying' | 'completing';

export interface ChunkedUploadOptions {
  /** The candidate API for one link, e.g. `/api/i/<token>`. */
  base: string;
  questionId: string;
  take: number;
  blob: Blob;
  /** An upload created by an earlier, interrupted run: go on with it instead of creating another. */
  uploadId?: string | null;
  /** Told the upload's id as soon as the server created it (keep it to resume after a failure). */
  onCreated?: (uploadId: string) => void;
  onProgress?: (p: UploadProgress) => void;
  /** The state, and after a failure the pause before the next attempt (ms). */
  onState?: (state: UploadState, retryInMs?: number) => void;
  signal?: AbortSignal;
  /** Pauses after successive failures; the last one repeats. */
  retryDelaysMs?: number[];
  /** Failures in a row (with no byte accepted in between) before giving up with the last error. */
  maxFailures?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];
export const DEFAULT_MAX_FAILURES = 12;

interface Created {
  uploadId: string;
  receivedBytes: number;
  chunkBytes: number;
}

/** Sends the blob and returns the kept answer once the server confirmed it. */
export async function uploadAnswer(options: ChunkedUploadOptions): Promise<KeptAnswer> {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const sleep = options.sleep ?? abortableSleep;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES;
  const { base, blob, signal } = options;
  const total = blob.size;
  let failures = 0;

  const call = async <T>(method: string, path: string, body?: BodyInit, contentType?: string): Promise<T> => {
    let res: Response;
    try {
      res = await doFetch(base + path, {
        method,
        body,
        signal,
        credentials: 'same-origin',
        headers: { accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) },
      });
    } catch (err) {
      if (signal?.aborted) throw new DOMException('The upload was cancelled.', 'AbortError');
      if ((err as Error)?.name === 'AbortError') throw err;
      throw new ApiError('E_NETWORK', 0, 'The connection was lost.');
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw errorFrom(res.status, res.statusText, text);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  /** Runs `attempt` until it succeeds; transient failures wait (growing pauses), then `beforeRetry`. */
  const withRetries = async <T>(state: UploadState, attempt: () => Promise<T>, beforeRetry?: () => Promise<void>): Promise<T> => {
    for (;;) {
      try {
        const result = await attempt();
        if (failures > 0) options.onState?.(state);
        failures = 0;
        return result;
      } catch (err) {
        if (!isTransient(err)) throw err;
        failures++;
        if (failures >= maxFailures) throw err;
        const pause = delays[Math.min(failures - 1, delays.length - 1)] ?? 0;
        options.onState?.('retrying', pause);
        await sleep(pause, signal);
        if (beforeRetry) {
          try {
            await beforeRetry();
          } catch (again) {
            if (!isTransient(again)) throw again;
            // still offline: the next attempt fails fast and counts as another failure
          }
        }
      }
    }
  };

  const report = (sent: number) => options.onProgress?.({ sentBytes: sent, totalBytes: total, fraction: total ? sent / total : 1 });

  // ---- create (or go on with an earlier upload) ----
  let uploadId = options.uploadId ?? null;
  let offset = 0;
  let chunkBytes = 0;
  if (uploadId) {
    options.onState?.('uploading');
    const state = await withRetries('uploading', () =>
      call<{ receivedBytes: number; completed?: boolean }>('GET', `/uploads/${enc(uploadId!)}`),
    );
    offset = state.receivedBytes;
  } else {
    options.onState?.('creating');
    const created = await withRetries('creating', () =>
      call<Created>(
        'POST',
        `/questions/${enc(options.questionId)}/uploads`,
        JSON.stringify({ take: options.take, sizeBytes: total }),
        'application/json',
      ),
    );
    uploadId = created.uploadId;
    offset = created.receivedBytes ?? 0;
    chunkBytes = created.chunkBytes;
    options.onCreated?.(uploadId);
    options.onState?.('uploading');
  }
  // Resuming an upload, the chunk size is not known again: 1 MiB is under any sensible limit.
  if (!chunkBytes || chunkBytes <= 0) chunkBytes = 1024 * 1024;
  report(offset);

  const askOffset = async () => {
    const state = await call<{ receivedBytes: number }>('GET', `/uploads/${enc(uploadId!)}`);
    offset = state.receivedBytes;
    report(offset);
  };

  // ---- the chunks ----
  let resyncs = 0;
  while (offset < total) {
    try {
      const result = await withRetries(
        'uploading',
        // From wherever the server is now: a retry may have asked it (askOffset).
        () => {
          const from = offset;
          return call<{ receivedBytes: number }>(
            'PUT',
            `/uploads/${enc(uploadId!)}?offset=${from}`,
            blob.slice(from, Math.min(total, from + chunkBytes)),
            'application/octet-stream',
          );
        },
        askOffset,
      );
      offset = result.receivedBytes;
      resyncs = 0;
    } catch (err) {
      // The server holds another offset (a chunk we thought lost did arrive, or the reverse).
      if (!(err instanceof ApiError) || err.code !== 'E_UPLOAD_OFFSET' || ++resyncs > 5) throw err;
      const told = serverOffset(err);
      if (told !== null) {
        offset = told;
        report(offset);
      } else await withRetries('uploading', askOffset);
      continue;
    }
    report(offset);
  }

  // ---- complete (idempotent: completing twice returns the same answer) ----
  options.onState?.('completing');
  const done = await withRetries('completing', () => call<{ answer: KeptAnswer }>('POST', `/uploads/${enc(uploadId!)}/complete`));
  return done.answer;
}

const enc = encodeURIComponent;

/** Worth trying again: no answer at all, a timeout, too many requests, or the server's own failure. */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500);
}

/** An ApiError that remembers the body, so a 409 can tell the offset the server holds. */
class UploadError extends ApiError {
  constructor(
    code: string,
    status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(code, status, message);
  }
}

function errorFrom(status: number, statusText: string, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } & Record<string, unknown> } & Record<string, unknown>;
    if (body.error?.code) return new UploadError(body.error.code, status, body.error.message ?? statusText, { ...body, ...body.error });
  } catch {
    // not JSON: a proxy answered
  }
  return new ApiError('E_HTTP', status, `The server answered ${status} ${statusText}`.trim());
}

/** `receivedBytes` (or `offset`) if the server put it in its 409 answer. */
function serverOffset(err: ApiError): number | null {
  if (!(err instanceof UploadError)) return null;
  const value = err.body.receivedBytes ?? err.body.offset;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('The upload was cancelled.', 'AbortError'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
