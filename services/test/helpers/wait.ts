/**
 * Waiting in integration and browser tests: poll the real signal (a status, a row, a file, an
 * event received) until it holds, with a limit generous enough for a loaded two-core machine.
 * A limit is a guard against hangs, never a pace: nothing here waits for a fixed time.
 */

/** How long one wait may take: a contribution through the whole pipeline on a busy machine. */
export const WAIT_TIMEOUT_MS = 180_000;

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

export interface WaitUntilOptions<T> extends WaitOptions {
  /** Done when this holds for the value read; without it, when the value is truthy. */
  until: (value: T) => boolean;
}

type Found<T> = Exclude<T, undefined | null | false | 0 | ''>;

/**
 * Reads `read()` every `intervalMs` until it is truthy (or `until` holds) and returns that value.
 * After `timeoutMs` it throws, saying what it waited for and the last value read.
 */
export function waitFor<T>(what: string, read: () => T | Promise<T>, options: WaitUntilOptions<T>): Promise<T>;
export function waitFor<T>(what: string, read: () => T | Promise<T>, options?: WaitOptions): Promise<Found<T>>;
export async function waitFor<T>(what: string, read: () => T | Promise<T>, options: Partial<WaitUntilOptions<T>> = {}): Promise<T> {
  const { timeoutMs = WAIT_TIMEOUT_MS, intervalMs = 200, until = Boolean } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${describe(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
