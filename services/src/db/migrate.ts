import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../db/migrations');

/**
 * Applies db/migrations/NNNN_name.sql in order, each once, each in its own transaction, recorded in
 * schema_migrations. Forward-only. An advisory lock keeps two starting processes from racing.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  await db.exec(`create table if not exists schema_migrations (
    version text primary key,
    applied_at timestamptz not null default now()
  )`);
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    const done = await db.tx(async (q) => {
      await q.query(`select pg_advisory_xact_lock(hashtext('colloquy.migrate'))`);
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
