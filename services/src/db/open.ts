import path from 'node:path';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** DATABASE_URL → a PostgreSQL server; otherwise PGlite persisted in DATA_DIR/db. */
export async function openDb(opts: {
  databaseUrl?: string;
  dataDir: string | null;
  poolMax?: number;
  sharedBuffers?: string;
  onError?: (err: Error, what: string) => void;
}): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, { max: opts.poolMax, onError: opts.onError });
  return openPglite(opts.dataDir ? path.join(opts.dataDir, 'db') : null, { sharedBuffers: opts.sharedBuffers });
}
