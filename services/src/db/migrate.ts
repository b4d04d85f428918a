import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../db/migrations');

/**
 * Applies db/migrations/NNNN_name.sql in order, each once, each in its own transaction, recorded in
 * schema_migrations. Forward-only. Each transaction takes an advisory lock before anything else, so
 * starting processes never race (main.ts also holds the start-up lock around it and the queue).
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    const done = await db.tx(async (q) => {
      // The lock comes first, even before the bookkeeping table exists: two processes creating it
      // at once collide on PostgreSQL's catalogue (pg_type_typname_nsp_index).
      await q.query(`select pg_advisory_xact_lock(hashtext('colloquy.migrate'))`);
      await q.exec(`create table if not exists schema_migrations (
        version text primary key,
        applied_at timestamptz not null default now()
      )`);
      const seen = await q.query(`select 1 from schema_migrations where version = $1`, [version]);
      if (seen.length > 0) return false;
      await q.exec(sql);
      await q.query(`insert into schema_migrations (version) values ($1)`, [version]);
      return true;
    });
    if (done) applied.push(version);
  }
  return applied;
}
