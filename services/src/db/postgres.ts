import pg from 'pg';
import pgvector from 'pgvector';
import type { Db, Queryable } from './db.ts';

/** A PostgreSQL server (with the pgvector extension) through a pg.Pool. */
export async function openPostgres(connectionString: string, opts: { max?: number } = {}): Promise<Db> {
  const vectorOid = await lookUpVectorOid(connectionString);
  // Parse vector columns into number[] on every pooled connection, from the first query on.
  const types = {
    getTypeParser(oid: number, format?: string) {
      if (vectorOid !== null && oid === vectorOid) return (v: string) => pgvector.fromSql(v);
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, types: types as pg.CustomTypesConfig });
  const listeners: pg.Client[] = [];

  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends object>(text: string, params?: unknown[]) {
      return (await c.query(text, params as unknown[])).rows as T[];
    },
    async exec(script: string) {
      await c.query(script); // without parameters pg uses the simple protocol: several statements are fine
    },
  });

  return {
    kind: 'postgres',
    ...wrap(pool),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      const client = new pg.Client({ connectionString });
      await client.connect();
      client.on('notification', (n) => n.channel === channel && onPayload(n.payload ?? ''));
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => {});
      };
    },
    // pg-boss shares the app's pool: one budget of connections per process.
    queueConnection: () => ({
      db: { executeSql: async (text: string, values?: unknown[]) => ({ rows: (await pool.query(text, values as unknown[])).rows }) },
    }),
    async close() {
      await Promise.all(listeners.map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
}

async function lookUpVectorOid(connectionString: string): Promise<number | null> {
  const client = new pg.Client({ connectionString });
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
