import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Client, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { loadConfig } from '../src/config.ts';
import { rebuildVectorIndex, reindex } from '../src/cli/reindex.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-reindex-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
let owner = '';

it('re-embeds everything when the embedding dimension changes, never mixing models meanwhile, and builds the graph as configured', async () => {
  const search = (client: Client, mode: string) =>
    client
      .get(`/api/search?${new URLSearchParams({ q: 'payment provider delays the release', mode })}`)
      .then((r) => r.json().results as { text: string }[]);

  let t = await startTestApp({}, dataDir);
  const { client, conference } = await spaceWithConference(t.app);
  owner = client.email;
  const res = await client.post(`/api/conferences/${conference.id}/transcripts`, {
    turns: [
      {
        speaker: 'Max',
        text: 'Our release moves to March because the payment provider is late with the new API.',
        startMs: 0,
        endMs: 5000,
      },
      { speaker: 'Ida', text: 'Marketing needs the final date two weeks ahead to book the launch campaign.', startMs: 5500, endMs: 10000 },
    ],
  });
  await waitForContribution(client, res.json().contribution.id);
  expect((await search(client, 'vector')).length).toBeGreaterThan(0);
  await t.close();

  // a new dimension is configured: vector search stops rather than compare 384-d and 256-d vectors
  t = await startTestApp({ EMBED_DIMS: '256' }, dataDir);
  const stale = new Client(t.app);
  await stale.post('/api/auth/login', { email: client.email, password: 'correct horse battery' });
  expect((await t.app.inject({ method: 'GET', url: '/api/health/ai' })).json().index).toMatchObject({
    dims: 384,
    matchesConfigured: false,
  });
  expect(await search(stale, 'vector')).toEqual([]);
  expect((await search(stale, 'text')).length).toBeGreaterThan(0);
  await t.close();

  await reindex(
    loadConfig({ DATA_DIR: dataDir, EMBED_DIMS: '256', LOG_LEVEL: 'silent', SEARCH_HNSW_M: '12', SEARCH_HNSW_EF_CONSTRUCTION: '40' }),
  );

  t = await startTestApp({ EMBED_DIMS: '256' }, dataDir);
  try {
    const fresh = new Client(t.app);
    await fresh.post('/api/auth/login', { email: client.email, password: 'correct horse battery' });
    expect((await t.app.inject({ method: 'GET', url: '/api/health/ai' })).json().index).toMatchObject({
      dims: 256,
      matchesConfigured: true,
    });
    const [top] = await search(fresh, 'vector');
    expect(top.text).toContain('payment provider');
    const dims = await t.runtime.db.query<{ d: number }>(`select distinct vector_dims(embedding) as d from statements`);
    expect(dims).toEqual([{ d: 256 }]);
    const [index] = await t.runtime.db.query<{ reloptions: string[] }>(
      `select reloptions from pg_class where relname = 'statements_embedding_hnsw'`,
    );
    expect(index.reloptions).toEqual(['m=12', 'ef_construction=40']);
  } finally {
    await t.close();
  }
});

it('rebuilds only the graph with `reindex --graph` when its options change, keeping the vectors', async () => {
  // The database of the test above: 256-d vectors, a graph built with m 12 / ef_construction 40.
  const env = { EMBED_DIMS: '256' };
  const health = async (t: TestApp) => (await t.app.inject({ method: 'GET', url: '/api/health/ai' })).json().index;
  let t = await startTestApp(env, dataDir);
  expect((await health(t)).graph).toEqual({ m: 12, efConstruction: 40, matchesConfigured: false });
  const [before] = await t.runtime.db.query<{ v: string }>(`select embedding::text as v from statements order by seq limit 1`);
  await t.close();

  await rebuildVectorIndex(loadConfig({ DATA_DIR: dataDir, ...env, LOG_LEVEL: 'silent' }));

  t = await startTestApp(env, dataDir);
  try {
    expect(await health(t)).toMatchObject({
      dims: 256,
      matchesConfigured: true,
      graph: { m: 16, efConstruction: 400, matchesConfigured: true },
    });
    const [after] = await t.runtime.db.query<{ v: string }>(`select embedding::text as v from statements order by seq limit 1`);
    expect(after.v).toBe(before.v);
    const client = new Client(t.app);
    await client.post('/api/auth/login', { email: owner, password: 'correct horse battery' });
    const res = await client.get(`/api/search?${new URLSearchParams({ q: 'payment provider delays the release', mode: 'vector' })}`);
    expect(res.json().results[0].text).toContain('payment provider');
  } finally {
    await t.close();
  }
});
