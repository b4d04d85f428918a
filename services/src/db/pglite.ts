import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Db, Queryable, Row } from './db.ts';

export interface PgliteOptions {
  /** PostgreSQL's shared_buffers (e.g. '128MB', PGlite's default): the pages kept in memory. */
  sharedBuffers?: string;
}

/**
 * PGlite (PostgreSQL compiled to WASM, with the real pgvector) in this process.
 * Only one process may open a data folder at a time, so a lock file guards it.
 */
export async function openPglite(dataDir: string | null, options: PgliteOptions = {}): Promise<Db> {
  const startParams = options.sharedBuffers ? [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`] : undefined;
  let releaseLock = () => {};
  let pg: PGlite;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true }); // PGlite does not create parent folders
    releaseLock = lockDataDir(dataDir);
    try {
      pg = await PGlite.create(dataDir, { extensions: { vector }, startParams });
    } catch (e) {
      releaseLock();
      throw e;
    }
  } else {
    pg = await PGlite.create({ extensions: { vector }, startParams });
  }

  const asQueryable = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T extends object>(text: string, params?: unknown[]) {
      return (await q.query<T>(text, params as unknown[])).rows;
    },
    async exec(script: string) {
      await q.exec(script);
    },
  });

  return {
    kind: 'pglite',
    ...asQueryable(pg),
    tx: (fn) => pg.transaction((t) => fn(asQueryable(t))),
    // The data folder's lock file already keeps every other process out.
    withStartupLock: (fn) => fn(),
    async listen(channel, onPayload) {
      const unsubscribe = await pg.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    queueConnection: () => ({
      db: {
        // pg-boss sends multi-statement scripts (BEGIN; …; COMMIT) without parameters: only the
        // simple-query protocol (exec) accepts those.
        async executeSql(text: string, values?: unknown[]) {
          if (values && values.length > 0) return { rows: (await pg.query<Row>(text, values)).rows };
          const results = await pg.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        },
      },
    }),
    async close() {
      try {
        await pg.close();
      } finally {
        releaseLock();
      }
    },
  };
}

/**
 * A consistent copy of an embedded database folder as an uncompressed tarball (PGlite's own
 * format). Takes the folder's lock, so it refuses while a server has the database open.
 */
export async function dumpPgliteDataDir(dataDir: string): Promise<Blob> {
  const releaseLock = lockDataDir(dataDir);
  try {
    const pg = await PGlite.create(dataDir, { extensions: { vector } });
    try {
      return await pg.dumpDataDir('none');
    } finally {
      await pg.close();
    }
  } finally {
    releaseLock();
  }
}

/** Creates an embedded database folder from a tarball made by dumpPgliteDataDir. */
export async function loadPgliteDataDir(dataDir: string, tarball: Blob): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  try {
    const pg = await PGlite.create(dataDir, { extensions: { vector }, loadDataDir: tarball });
    await pg.close();
  } finally {
    releaseLock();
  }
}

function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'colloquy.lock');
  try {
    const holder = Number(fs.readFileSync(lockPath, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `another Colloquy process (pid ${holder}) is using the embedded database in ${dataDir}. ` +
          'Stop it first, or use a PostgreSQL server (DATABASE_URL) to run several processes.',
      );
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.writeFileSync(lockPath, String(process.pid));
  return () => fs.rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
