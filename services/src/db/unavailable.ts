import { AppError } from '../core/errors.ts';

/**
 * Errors that mean the database cannot be reached right now (refused or dropped connections, a
 * server shutting down or starting up), as opposed to a query it refused. Those answer 503
 * E_DB_UNAVAILABLE and are retryable: the pool reconnects on the next query once it is back.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE classes 08 (connection exception) and 57P01–57P03 (admin/crash shutdown, cannot connect now).
const SQLSTATE = /^(08...|57P0[123])$/;
const MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|not queryable/i;

export function isDbUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (code && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  return MESSAGES.test(err.message);
}

export const dbUnavailable = (cause: unknown) =>
  Object.assign(new AppError('E_DB_UNAVAILABLE', 'the database is unavailable: try again in a moment', 503, true), { cause });

/** `err` as E_DB_UNAVAILABLE when it is a lost connection, else unchanged. */
export const asDbError = (err: unknown): unknown => (isDbUnavailable(err) && !(err instanceof AppError) ? dbUnavailable(err) : err);
