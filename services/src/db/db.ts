/**
 * The one database interface the app uses. Two backends implement it: PGlite in-process (the
 * embedded default) and a pg.Pool against a PostgreSQL server. SQL is plain PostgreSQL either way.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends object = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; rolls back if it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Runs fn while holding the start-up lock: one process at a time migrates and creates the job
   * queue's schema, so any number can start together on an empty database.
   */
  withStartupLock<T>(fn: () => Promise<T>): Promise<T>;
  /** What pg-boss needs to reach this database. */
  queueConnection(): { db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: Row[] }> } };
  close(): Promise<void>;
}

export async function one<T extends object>(q: Queryable, text: string, params?: unknown[]): Promise<T | undefined> {
  const rows = await q.query<T>(text, params);
  return rows[0];
}
