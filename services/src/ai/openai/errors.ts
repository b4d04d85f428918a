import { AppError, transient } from '../../core/errors.ts';

/**
 * Failures of an OpenAI-compatible server, as AppErrors the job queue understands:
 * - unreachable, timeouts, 408/429/5xx → E_AI_UNAVAILABLE, retried;
 * - 401/403 → E_AI_AUTH, not retried (a key does not fix itself);
 * - other 4xx → E_AI_REJECTED, not retried (wrong model name, unsupported response_format, …);
 * - an answer that does not match the prompt's schema or input → E_AI_INVALID_OUTPUT, retried:
 *   sampling again often fixes it, and we never fill in a default instead.
 */

export interface PromptRef {
  name: string;
  version: string;
}

export interface ServerRef {
  /** The base URL, for messages. */
  server: string;
  model: string;
}

/** `source` says what produced the answer, e.g. promptSource(prompt) or 'embedding model x'. */
export function invalidOutput(source: string, detail: string): AppError {
  return new AppError('E_AI_INVALID_OUTPUT', `invalid answer to ${source}: ${detail}`, 502, true);
}

export const promptSource = (prompt: PromptRef) => `prompt ${prompt.name}@${prompt.version}`;

const MAX_DETAIL_CHARS = 400;

/** One line for logs and the contribution's error: without LangChain's troubleshooting link, zod's issue lists squeezed. */
function describe(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s*Troubleshooting URL:[\s\S]*$/, '');
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL_CHARS ? `${flat.slice(0, MAX_DETAIL_CHARS - 1)}…` : flat;
}

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; response?: { status?: unknown } };
  if (typeof e.status === 'number') return e.status;
  if (typeof e.response?.status === 'number') return e.response.status;
  return undefined;
}

// By name, not instanceof: LangChain rewraps some SDK errors (timeouts become plain 'TimeoutError').
const CONNECTION_ERRORS = new Set(['APIConnectionError', 'APIConnectionTimeoutError', 'TimeoutError', 'FetchError']);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (
    CONNECTION_ERRORS.has(err.name) ||
    CONNECTION_ERRORS.has(err.constructor.name) ||
    (typeof code === 'string' && CONNECTION_CODES.has(code))
  );
}

/** An HTTP or network failure as an AppError, or undefined when `err` is neither. */
export function serverError(err: unknown, { server, model }: ServerRef): AppError | undefined {
  if (err instanceof AppError) return err;
  const status = statusOf(err);
  if (status === 401 || status === 403) {
    return new AppError('E_AI_AUTH', `AI server ${server} refused the credentials (${status}): check OPENAI_API_KEY`, 502, false);
  }
  if (status === 408 || status === 429 || (status !== undefined && status >= 500)) {
    return transient('E_AI_UNAVAILABLE', `AI server ${server} is unavailable (${status}): ${describe(err)}`);
  }
  if (status !== undefined) {
    return new AppError(
      'E_AI_REJECTED',
      `AI server ${server} rejected the request for model ${model} (${status}): ${describe(err)}`,
      502,
      false,
    );
  }
  if (isConnectionError(err)) return transient('E_AI_UNAVAILABLE', `AI server ${server} is unreachable: ${describe(err)}`);
  return undefined;
}

/**
 * After a call: an HTTP or network failure as such; anything else went wrong reading the answer
 * (JSON syntax, schema mismatch, a refusal, a cut-off answer, too few vectors).
 */
export function answerError(err: unknown, ref: ServerRef, source: string): AppError {
  return serverError(err, ref) ?? invalidOutput(source, describe(err));
}

export const abortReason = (signal: AbortSignal) => signal.reason ?? new DOMException('aborted', 'AbortError');
