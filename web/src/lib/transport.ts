/**
 * The one HTTP transport of the web app: every call to the API (api.ts) goes through `send`.
 *
 * - Same-origin requests with the session cookie; the server checks Origin on unsafe methods
 *   (CSRF), which a same-origin request passes, so no token lives in the page.
 * - One body encoding: a FormData as multipart, a Blob (a chunk) as raw bytes, anything else as JSON.
 * - One error parser: every failure becomes an ApiError with the server's stable code, the HTTP
 *   status and a message; aborting rejects with an AbortError instead.
 * - With `onProgress` the request goes through XMLHttpRequest, the only browser API that reports
 *   upload progress; otherwise through fetch.
 */

import type { ErrorBody, ErrorCode } from '@colloquy/contract';

/** The server's stable codes (the contract's catalogue), and the two the client gives itself: no answer, or an answer that is not the API's. */
export type ApiErrorCode = ErrorCode | 'E_NETWORK' | 'E_HTTP';

export class ApiError extends Error {
  constructor(
    /** The server's stable code (E_NOT_FOUND, E_VALIDATION, …), or E_NETWORK / E_HTTP from the client. */
    readonly code: ApiErrorCode,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A sentence for the person reading the page, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message.charAt(0).toUpperCase() + err.message.slice(1);
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}

export const isUnauthorized = (err: unknown) => err instanceof ApiError && err.status === 401;
export const isNotFound = (err: unknown) => err instanceof ApiError && err.status === 404;

/** Worth trying again: no answer at all, a timeout, too many requests, or the server's own failure. */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500);
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface SendProgress {
  loaded: number;
  total: number;
  /** 0..1 */
  fraction: number;
}

export interface SendOptions {
  query?: Query;
  /** A FormData is sent as multipart, a Blob as application/octet-stream, any other value (but undefined) as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** The request outlives the page (a player's last report as the reader leaves); fetch only. */
  keepalive?: boolean;
  /** Upload progress: the request goes through XMLHttpRequest. */
  onProgress?: (p: SendProgress) => void;
}

/** What came back, before it is judged: the same for fetch and XMLHttpRequest. */
interface RawAnswer {
  status: number;
  statusText: string;
  text: string;
}

const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';

/** Sends one request to the API and returns its JSON answer (undefined for an empty one). */
export async function send<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
  const url = withQuery(path, options.query);
  const { body, contentType } = encodeBody(options.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (contentType) headers['content-type'] = contentType;
  const answer = options.onProgress
    ? await viaXhr(method, url, headers, body, options.onProgress, options.signal)
    : await viaFetch(method, url, headers, body, options);
  return readAnswer<T>(answer);
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

function encodeBody(value: unknown): { body?: BodyInit; contentType?: string } {
  // No body, no content type: Fastify refuses an empty body declared as JSON.
  if (value === undefined) return {};
  // The browser writes the multipart boundary itself.
  if (value instanceof FormData) return { body: value };
  // Whatever the Blob holds, it travels as bytes (the server's chunk routes accept nothing else).
  if (value instanceof Blob) return { body: value, contentType: 'application/octet-stream' };
  return { body: JSON.stringify(value), contentType: 'application/json' };
}

async function viaFetch(method: string, url: string, headers: Record<string, string>, body: BodyInit | undefined, options: SendOptions) {
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: options.signal, keepalive: options.keepalive });
  } catch (err) {
    if (options.signal?.aborted || (err as Error)?.name === 'AbortError') throw abortError();
    throw new ApiError('E_NETWORK', 0, NETWORK_MESSAGE);
  }
  return { status: res.status, statusText: res.statusText, text: await res.text().catch(() => '') };
}

function viaXhr(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: BodyInit | undefined,
  onProgress: (p: SendProgress) => void,
  signal?: AbortSignal,
): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ loaded: e.loaded, total: e.total, fraction: e.total ? e.loaded / e.total : 0 });
    };
    xhr.onload = () => resolve({ status: xhr.status, statusText: xhr.statusText, text: xhr.responseText });
    xhr.onerror = () => reject(new ApiError('E_NETWORK', 0, NETWORK_MESSAGE));
    xhr.onabort = () => reject(abortError());
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send((body ?? null) as XMLHttpRequestBodyInit | null);
  });
}

function readAnswer<T>({ status, statusText, text }: RawAnswer): T {
  if (status < 200 || status >= 300) throw toApiError(status, statusText, text);
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError('E_HTTP', status, 'The server sent an answer that could not be read.');
  }
}

/** The server's `{error: {code, message}}`, or a plain description when a proxy answered instead. */
function toApiError(status: number, statusText: string, text: string): ApiError {
  try {
    // Checked field by field: a proxy's JSON may look like anything.
    const body = JSON.parse(text) as { error?: { [K in keyof ErrorBody['error']]?: unknown } };
    const code = body.error?.code;
    const message = body.error?.message;
    // The code is passed on as the server gave it: the server sends only codes of the catalogue.
    if (typeof code === 'string' && code)
      return new ApiError(code as ErrorCode, status, typeof message === 'string' ? message : statusText);
  } catch {
    // not JSON
  }
  return new ApiError('E_HTTP', status, `The server answered ${status} ${statusText}`.trim());
}

export const abortError = () => new DOMException('The request was cancelled.', 'AbortError');
