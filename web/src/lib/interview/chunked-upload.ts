/**
 * A candidate's kept answer, sent in chunks that survive a bad connection (the interview contract's
 * resumable upload): create → PUT each chunk at its offset → complete.
 *
 * - A network error, a timeout or a 5xx is retried with a growing pause; before resending, the
 *   server is asked how many bytes it already has (GET), and the upload goes on from there.
 * - 409 E_UPLOAD_OFFSET (the server has a different offset than we sent) asks the server for its
 *   offset and resumes from there without waiting: it is no failure of the connection.
 * - Any other 4xx is the server's answer (no retakes, interview closed, too long…): thrown at once.
 * The blob is only read, never released: the caller keeps it until this resolves.
 * No framework here; the requests go through the API client (candidate.uploads) and its one
 * transport, and the clock can be replaced, so the protocol is tested alone.
 */
import type { KeptAnswer } from '@colloquy/contract';
import { candidate } from '../api';
import { ApiError, abortError, isTransient } from '../transport';

/** The answer the server kept, as `complete` returns it. */
export type { KeptAnswer };

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
  /** 0..1 */
  fraction: number;
}

/** 'uploading' while things go well; 'retrying' after a failure, until a request succeeds again. */
export type UploadState = 'creating' | 'uploading' | 'retrying' | 'completing';

export interface ChunkedUploadOptions {
  /** The candidate's link token. */
  token: string;
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
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];
export const DEFAULT_MAX_FAILURES = 12;

/** Sends the blob and returns the kept answer once the server confirmed it. */
export async function uploadAnswer(options: ChunkedUploadOptions): Promise<KeptAnswer> {
  const sleep = options.sleep ?? abortableSleep;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES;
  const { token, blob, signal } = options;
  const uploads = candidate.uploads;
  const total = blob.size;
  let failures = 0;

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
    const resumed = uploadId;
    options.onState?.('uploading');
    offset = (await withRetries('uploading', () => uploads.status(token, resumed, signal))).receivedBytes;
  } else {
    options.onState?.('creating');
    const created = await withRetries('creating', () =>
      uploads.create(token, options.questionId, { take: options.take, sizeBytes: total }, signal),
    );
    uploadId = created.uploadId;
    offset = created.receivedBytes ?? 0;
    chunkBytes = created.chunkBytes;
    options.onCreated?.(uploadId);
    options.onState?.('uploading');
  }
  const id = uploadId;
  // Resuming an upload, the chunk size is not known again: 1 MiB is under any sensible limit.
  if (!chunkBytes || chunkBytes <= 0) chunkBytes = 1024 * 1024;
  report(offset);

  const askOffset = async () => {
    offset = (await uploads.status(token, id, signal)).receivedBytes;
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
          return uploads.putChunk(token, id, from, blob.slice(from, Math.min(total, from + chunkBytes)), signal);
        },
        askOffset,
      );
      offset = result.receivedBytes;
      resyncs = 0;
    } catch (err) {
      // The server holds another offset (a chunk we thought lost did arrive, or the reverse): ask it.
      if (!(err instanceof ApiError) || err.code !== 'E_UPLOAD_OFFSET' || ++resyncs > 5) throw err;
      await withRetries('uploading', askOffset);
      continue;
    }
    report(offset);
  }

  // ---- complete (idempotent: completing twice returns the same answer) ----
  options.onState?.('completing');
  return withRetries('completing', () => uploads.complete(token, id, signal));
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
