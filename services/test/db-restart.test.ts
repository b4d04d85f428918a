import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { freePort } from './helpers/process.ts';
import { waitFor } from './helpers/wait.ts';

/**
 * Item 1 of the service issue: the database server restarts under the API (a real PostgreSQL
 * protocol peer, PGlite served by pglite-socket, stopped and started on the same port), and
 * several processes start at once on an empty database.
 */
let pglite: PGlite;
let server: PGLiteSocketServer;
let port: number;
const apps: TestApp[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-db-restart-'));

const startPeer = async () => {
  server = new PGLiteSocketServer({ db: pglite, port, host: '127.0.0.1', maxConnections: 40 });
  await server.start();
};

beforeAll(async () => {
  pglite = await PGlite.create({ extensions: { vector } });
  port = await freePort();
  await startPeer();
});

afterAll(async () => {
  for (const t of apps) await t.close({ remove: true }).catch(() => {});
  await server?.stop();
  await pglite?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const env = () => ({
  DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
  // pglite-socket runs every connection on one session: one connection per process keeps each
  // process's extended-protocol messages together (see postgres.test.ts).
  DATABASE_POOL_MAX: '1',
});

const turns = [
  { speaker: 'Ana', text: 'We should move the launch to April so the payment flow can be tested.', startMs: 0, endMs: 4000 },
  { speaker: 'Ben', text: 'Agreed. I will write the test plan for the payment provider by Friday.', startMs: 4500, endMs: 9000 },
];

describe('several processes on an empty database', () => {
  it('all come up when started at once, and the schema is made once', async () => {
    const started = await Promise.allSettled([1, 2, 3].map((i) => startTestApp(env(), fs.mkdtempSync(path.join(tmp, `p${i}-`)))));
    for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual(['up', 'up', 'up']);
    for (const t of apps) expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    const versions = await apps[0].runtime.db.query<{ version: string; n: number }>(
      `select version, count(*)::int as n from schema_migrations group by version`,
    );
    expect(versions.length).toBe(fs.readdirSync(path.resolve(import.meta.dirname, '../../db/migrations')).length);
    expect(versions.every((v) => v.n === 1)).toBe(true);
    // Keep one process (with workers) for the restart below.
    for (const t of apps.splice(1)) await t.close({ remove: true });
  });
});

describe('a database restart', () => {
  it('answers 503 while the database is down and carries on when it is back: requests, jobs and events', async () => {
    const t = apps[0];
    const client = await Client.signUp(t.app, 'Restart');
    const space = (await client.post('/api/spaces', { name: 'Ops' })).json().space;
    const conference = (await client.post(`/api/spaces/${space.id}/conferences`, { title: 'Weekly' })).json().conference;
    expect((await client.get('/api/spaces')).statusCode).toBe(200);

    // The pool's one connection and the event hub's LISTEN connection.
    expect(server.getStats().activeConnections).toBe(2);
    const inFlight = (await client.post(`/api/conferences/${conference.id}/transcripts`, { title: 'before', turns })).json().contribution;

    await server.stop();
    const down = await waitFor('the API to notice the database is gone', () => client.get('/api/spaces'), {
      until: (res) => res.statusCode !== 200,
    });
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('E_DB_UNAVAILABLE');
    expect(down.headers['retry-after']).toBe('5');
    // Several more requests while it is down: each a clean 503, none a crash.
    for (let i = 0; i < 5; i++) expect((await client.get(`/api/conferences/${conference.id}`)).statusCode).toBe(503);

    await startPeer();
    await waitFor('the API to answer again', () => client.get('/api/spaces'), { until: (res) => res.statusCode === 200 });

    const before = await waitForContribution(client, inFlight.id);
    expect(before.status, before.error).toBe('ready');

    const after = (await client.post(`/api/conferences/${conference.id}/transcripts`, { title: 'after', turns })).json().contribution;
    expect((await waitForContribution(client, after.id)).status).toBe('ready');
    // The LISTEN connection came back too. (pglite-socket hands a notification to the connection
    // that sent it, as all connections share one session, so events cannot be seen arriving here;
    // with a real server the hub receives them again on this connection.)
    await waitFor('the LISTEN connection to reconnect', () => server.getStats().activeConnections, { until: (n) => n === 2 });
  });
});
