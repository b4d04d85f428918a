import { afterAll, beforeAll, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { freePort } from './helpers/process.ts';

/**
 * The PostgreSQL-server path (DATABASE_URL → pg.Pool shared with pg-boss), against
 * PGlite served over the Postgres wire protocol: a real wire peer for the `pg` driver.
 */
let server: PGLiteSocketServer;
let pglite: PGlite;
let t: TestApp;

beforeAll(async () => {
  pglite = await PGlite.create({ extensions: { vector } });
  const port = await freePort();
  server = new PGLiteSocketServer({ db: pglite, port, host: '127.0.0.1', maxConnections: 40 });
  await server.start();
  // pglite-socket runs every connection on one PostgreSQL session and queues single protocol
  // messages, so two connections' extended-protocol queries can interleave: use one connection.
  t = await startTestApp({
    DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    DATABASE_POOL_MAX: '1',
  });
});

afterAll(async () => {
  await t?.close({ remove: true });
  await server?.stop();
  await pglite?.close();
});

it('migrates, queues and segments through the pg driver', async () => {
  expect(t.runtime.db.kind).toBe('postgres');
  const migrations = await t.runtime.db.query<{ version: string }>(`select version from schema_migrations`);
  expect(migrations.map((m) => m.version)).toContain('0001_init');

  const { client, conference } = await spaceWithConference(t.app);
  const res = await client.post(`/api/conferences/${conference.id}/transcripts`, {
    turns: [
      { speaker: 'Ana', text: 'We should move the launch to April.', startMs: 0, endMs: 3000 },
      { speaker: 'Ben', text: 'Agreed, the payment flow needs testing.', startMs: 3500, endMs: 6000 },
    ],
  });
  const done = await waitForContribution(client, res.json().contribution.id);
  expect(done.status).toBe('ready');
  const statements = (await client.get(`/api/contributions/${done.id}`)).json().contribution.statements;
  expect(statements.map((s: { speaker: string }) => s.speaker)).toEqual(['Ana', 'Ben']);
});

it('reads pgvector values as number arrays from the first query on', async () => {
  const rows = await t.runtime.db.query<{ v: number[] }>(`select '[1,2.5,3]'::vector as v`);
  expect(rows[0].v).toEqual([1, 2.5, 3]);
});
