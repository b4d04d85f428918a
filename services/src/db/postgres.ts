import pg from 'pg';
import pgvector from 'pgvector';
import type { Db, Queryable } from './db.ts';
import { asDbError } from './unavailable.ts';

export interface PostgresOptions {
  max?: number;
  /** Told about connection trouble the app carries on through (a restart of the server). */
  onError?: (err: Error, what: string) => void;
}

/** How long a query waits for a connection before answering 503 (the server is down or full). */
const CONNECT_TIMEOUT_MS = 5000;
const LISTEN_RETRY_MS = { first: 250, max: 10_000 };

/**
 * A PostgreSQL server (with the pgvector extension) through a pg.Pool. It survives the server
 * going away: idle and listening connections that drop are reported, not fatal; queries meanwhile
 * fail with 503 E_DB_UNAVAILABLE; the pool connects afresh once the server is back, and LISTEN
 * connections reconnect with backoff and listen again.
 */
export async function openPostgres(connectionString: string, opts: PostgresOptions = {}): Promise<Db> {
  const report = opts.onError ?? (() => {});
  const vectorOid = await lookUpVectorOid(connectionString);
  // Parse vector columns into number[] on every pooled connection, from the first query on.
  const types = {
    getTypeParser(oid: number, format?: string) {
      if (vectorOid !== null && oid === vectorOid) return (v: string) => pgvector.fromSql(v);
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    types: types as pg.CustomTypesConfig,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle connection the server dropped: without a listener the 'error' would end the process.
  pool.on('error', (err) => report(err, 'an idle database connection failed'));
  const listeners = new Set<ResilientListener>();

  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends object>(text: string, params?: unknown[]) {
      try {
        return (await c.query(text, params as unknown[])).rows as T[];
      } catch (err) {
        throw asDbError(err);
      }
    },
    async exec(script: string) {
      try {
        await c.query(script); // without parameters pg uses the simple protocol: several statements are fine
      } catch (err) {
        throw asDbError(err);
      }
    },
  });

  const connect = async () => {
    try {
      return await pool.connect();
    } catch (err) {
      throw asDbError(err);
    }
  };

  return {
    kind: 'postgres',
    ...wrap(pool),
    async tx(fn) {
      const client = await connect();
      // A checked-out client whose connection drops emits 'error' too; the query in flight fails anyway.
      const onError = (err: Error) => report(err, 'a database connection failed during a transaction');
      client.on('error', onError);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN').catch((err) => Promise.reject(asDbError(err)));
        const result = await fn(wrap(client));
        await client.query('COMMIT').catch((err) => Promise.reject(asDbError(err)));
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch((err: Error) => (broken = err));
        throw e;
      } finally {
        client.off('error', onError);
        client.release(broken); // a connection that cannot roll back is not reused
      }
    },
    async listen(channel, onPayload) {
      const listener = new ResilientListener(connectionString, channel, onPayload, report);
      await listener.start();
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
        await listener.stop();
      };
    },
    // pg-boss shares the app's pool: one budget of connections per process.
    queueConnection: () => ({
      db: {
        executeSql: async (text: string, values?: unknown[]) => {
          try {
            return { rows: (await pool.query(text, values as unknown[])).rows };
          } catch (err) {
            throw asDbError(err);
          }
        },
      },
    }),
    async withStartupLock(fn) {
      // A session lock on a connection of its own, held while fn runs on the pool: migrations and
      // the queue's schema are made by one process at a time, however many start together.
      const client = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      client.on('error', (err) => report(err, 'the start-up lock connection failed'));
      await client.connect();
      try {
        await client.query(`select pg_advisory_lock(hashtext('colloquy.start-up'))`);
        return await fn();
      } finally {
        await client.query(`select pg_advisory_unlock(hashtext('colloquy.start-up'))`).catch(() => {});
        await client.end().catch(() => {});
      }
    },
    async close() {
      await Promise.all([...listeners].map((l) => l.stop()));
      await pool.end();
    },
  };
}

/** One LISTEN connection that comes back after the server does (events sent meanwhile are missed). */
class ResilientListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private delay = LISTEN_RETRY_MS.first;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
    private readonly report: (err: Error, what: string) => void,
  ) {}

  /** The first connection must work (start-up says so if not); later ones are retried. */
  async start() {
    await this.connect();
  }

  private async connect() {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (err) this.report(err, `the LISTEN connection for ${this.channel} failed; reconnecting`);
      this.scheduleReconnect();
    };
    client.on('error', (err) => lost(err));
    client.on('end', () => lost());
    client.on('notification', (n) => n.channel === this.channel && this.onPayload(n.payload ?? ''));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (err) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => {});
      throw err;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.delay = LISTEN_RETRY_MS.first;
  }

  private scheduleReconnect() {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = null;
      try {
        await this.connect();
      } catch (err) {
        this.report(err as Error, `reconnecting LISTEN ${this.channel} failed; retrying in ${this.delay} ms`);
        this.delay = Math.min(this.delay * 2, LISTEN_RETRY_MS.max);
        this.scheduleReconnect();
      }
    }, this.delay);
    this.retryTimer.unref();
  }

  async stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}

async function lookUpVectorOid(connectionString: string): Promise<number | null> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    // The extension must exist before its type oid can be known (the first migration needs it too).
    await client.query('create extension if not exists vector');
    const { rows } = await client.query(`select oid from pg_type where typname = 'vector'`);
    return rows[0] ? Number(rows[0].oid) : null;
  } finally {
    await client.end();
  }
}
