import { expect, it } from 'vitest';
import { openDb } from '../src/db/open.ts';
import { migrate } from '../src/db/migrate.ts';
import { analyzeIfStale } from '../src/db/statistics.ts';

it('analyzes the tables search joins once enough rows changed, and not again until more do', async () => {
  const db = await openDb({ dataDir: null });
  try {
    await migrate(db);
    expect(await analyzeIfStale(db)).toEqual([]); // empty tables need no statistics
    const [user] = await db.query<{ id: string }>(`insert into users (email, name, password_hash) values ('a@b.c', 'A', 'x') returning id`);
    const [space] = await db.query<{ id: string }>(`insert into spaces (name, created_by) values ('S', $1) returning id`, [user.id]);
    await db.query(`insert into conferences (space_id, title) select $1, 'c' || g from generate_series(1, 300) g`, [space.id]);

    expect(await analyzeIfStale(db)).toContain('conferences');
    expect(await analyzeIfStale(db)).toEqual([]);
    const [stats] = await db.query<{ reltuples: number }>(`select reltuples from pg_class where relname = 'conferences'`);
    expect(stats.reltuples).toBe(300);
  } finally {
    await db.close();
  }
});
