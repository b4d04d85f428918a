import { ERRORS, stripControlChars, type ErrorCode } from '@colloquy/contract';

/**
 * One error type for the whole back end: a stable machine-readable `code` from the contract's
 * catalogue, the HTTP status it maps to (the catalogue's unless given), and whether a pipeline
 * worker should retry it (transient) or fail the stage at once.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
    readonly status: number = ERRORS[code].status,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('E_NOT_FOUND', `${what} not found`, 404);
export const badRequest = (message: string, code: ErrorCode = 'E_BAD_REQUEST') => new AppError(code, message, 400);
export const forbidden = (message: string) => new AppError('E_FORBIDDEN', message, 403);
export const unauthorized = () => new AppError('E_UNAUTHORIZED', 'sign in first', 401);
export const conflict = (message: string, code: ErrorCode = 'E_CONFLICT') => new AppError(code, message, 409);
export const unsupportedMedia = (message: string) => new AppError('E_UNSUPPORTED_MEDIA', message, 415);
export const tooLarge = (message: string) => new AppError('E_TOO_LARGE', message, 413);
/** An expert link that is unknown, expired or revoked: one answer for all three, so tokens cannot be probed. */
export const linkInvalid = () => new AppError('E_LINK_INVALID', 'this link is not valid: it may have expired or been revoked', 404);

/** A transient failure of a dependency (network, remote model): the job queue retries it. */
export const transient = (code: ErrorCode, message: string) => new AppError(code, message, 503, true);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/**
 * An error's message as it may be stored (a contribution's error, a job's output): without control
 * characters, since a NUL from the input can end up in a message and PostgreSQL refuses it.
 */
export function storableMessage(err: unknown, max = 2000): string {
  return stripControlChars(err instanceof Error ? err.message : String(err)).slice(0, max);
}
