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

/**
 * Runs a start-up step, waiting for the database while it cannot be reached: a process started
 * beside its database (a container, a server restarting, several processes queueing for the
 * start-up lock) keeps trying with backoff for up to `waitMs` instead of exiting. Other errors end
 * the wait at once.
 */
export async function whenDatabaseAnswers<T>(
  step: () => Promise<T>,
  o: { waitMs: number; onWait: (err: unknown, retryInMs: number) => void; sleep?: (ms: number) => Promise<void> },
): Promise<T> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + o.waitMs;
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await step();
    } catch (err) {
      const unreachable = isDbUnavailable(err) || (err instanceof AppError && err.code === 'E_DB_UNAVAILABLE');
      if (!unreachable || Date.now() + delay > deadline) throw asDbError(err);
      o.onWait(err, delay);
      await sleep(delay);
    }
  }
}
