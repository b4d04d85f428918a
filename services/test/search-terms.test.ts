import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDb } from '../src/db/open.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Db } from '../src/db/db.ts';
import { loadConfig } from '../src/config.ts';
import { makeAi } from '../src/ai/index.ts';
import { rareWords } from '../src/search/term-frequency.ts';
import { textCandidates as candidates, type SearchDeps, type SearchParams } from '../src/search/search.ts';

const textCandidates = async (d: SearchDeps, p: SearchParams) => (await candidates(d, p)).map((c) => c.id);

// 2,000 statements: "meeting" in three of four, "pricing" in 20, "review" in 3 — the shape of a
// real library where a few words are everywhere.
let db: Db;
let deps: SearchDeps;
let userId: string;
const textOf = new Map<string, string>();

beforeAll(async () => {
  db = await openDb({ dataDir: null });
  await migrate(db);
  const [user] = await db.query<{ id: string }>(`insert into users (email, name, password_hash) values ('a@b.c', 'A', 'x') returning id`);
  userId = user.id;
  const [space] = await db.query<{ id: string }>(`insert into spaces (name, created_by) values ('S', $1) returning id`, [userId]);
  await db.query(`insert into memberships (space_id, user_id, role) values ($1, $2, 'host')`, [space.id, userId]);
  const [conf] = await db.query<{ id: string }>(`insert into conferences (space_id, title) values ($1, 'C') returning id`, [space.id]);
  const [contribution] = await db.query<{ id: string }>(
    `insert into contributions (conference_id, author_id, source, stage, status) values ($1, $2, 'transcript', 'segment', 'ready') returning id`,
    [conf.id, userId],
  );
  const rows = await db.query<{ id: string; text: string }>(
    `insert into statements (contribution_id, seq, start_ms, end_ms, text)
     select $1, g, g * 1000, g * 1000 + 900,
            concat_ws(' ', case when g % 4 <> 0 then 'in the meeting we talked' end,
                           case when g % 100 = 0 then 'about pricing tiers' end,
                           case when g in (7, 8, 2001 - 1) then 'and the design review' end,
                           'item number ' || g)
       from generate_series(1, 2000) g
     returning id, text`,
    [contribution.id],
  );
  for (const r of rows) textOf.set(r.id, r.text);
  const config = loadConfig({ ...process.env, SEARCH_COMMON_TERM_ROWS: '200' });
  deps = { db, embedder: makeAi(config.ai).embedder, config: config.search };
});
afterAll(() => db?.close());

it('tells rare query words from those in most statements, using the term statistics', async () => {
  expect(await rareWords(db, ['Meeting', 'pricing', 'the', 'review', 'zebra'], 200)).toEqual(['pricing', 'review', 'zebra']);
  expect(await rareWords(db, ['meeting', 'talked'], 200)).toEqual([]);
  expect(await rareWords(db, ['meeting'], 5000)).toEqual(['meeting']); // under the threshold, every word selects
});

it('finds statements by their rare words and ranks those that also share the common ones first', async () => {
  const ids = await textCandidates(deps, { q: 'meeting review', userId, limit: 10, mode: 'text' });
  const texts = ids.map((id) => textOf.get(id)!);
  expect(texts).toHaveLength(3);
  expect(texts.every((t) => t.includes('review'))).toBe(true);
  expect(texts.at(-1)).not.toContain('meeting'); // statement 2000 (g % 4 = 0) has no "meeting": ranked last
});

it('still answers a query made only of common words, requiring all of them', async () => {
  const ids = await textCandidates(deps, { q: 'meeting talked', userId, limit: 10, mode: 'text' });
  expect(ids).toHaveLength(deps.config.candidates);
  expect(ids.every((id) => /meeting we talked/.test(textOf.get(id)!))).toBe(true);
});

it('keeps phrases and exclusions binding whichever words select', async () => {
  const both = await textCandidates(deps, { q: 'pricing "design review"', userId, limit: 10, mode: 'text' });
  expect(both.map((id) => textOf.get(id))).toEqual([expect.stringMatching(/pricing tiers and the design review item number 2000$/)]);
  expect(await textCandidates(deps, { q: 'pricing "design review" -2000', userId, limit: 10, mode: 'text' })).toEqual([]);
  const priced = await textCandidates(deps, { q: 'pricing -meeting', userId, limit: 10, mode: 'text' });
  expect(priced.length).toBe(20);
  expect(priced.every((id) => !textOf.get(id)!.includes('meeting'))).toBe(true);
});

it('follows the term statistics as soon as a word becomes common, and again when it goes', async () => {
  expect(await rareWords(db, ['zebra'], 200)).toEqual(['zebra']);
  const [{ contribution_id }] = await db.query<{ contribution_id: string }>(`select contribution_id from statements limit 1`);
  await db.query(
    `insert into statements (contribution_id, seq, start_ms, end_ms, text)
     select $1, 3000 + g, g * 1000, g * 1000 + 900, 'a zebra crossing ' || g from generate_series(1, 800) g`,
    [contribution_id],
  );
  // term_stats is kept by triggers: no ANALYZE needed.
  expect(await rareWords(db, ['zebra', 'pricing'], 200)).toEqual(['pricing']);
  await db.query(`delete from statements where text like 'a zebra crossing %'`);
  expect(await rareWords(db, ['zebra', 'pricing'], 200)).toEqual(['zebra', 'pricing']);
});
