import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMPILED_CLI, HttpClient, startColloquyProcess, stop } from './helpers/process.ts';
import { waitFor } from './helpers/wait.ts';

// `npm start` runs the compiled server (services/dist, contract/dist) with plain Node: no tsx.
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-compiled-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

beforeAll(() => {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/ensure-build.js'), 'server'], { cwd: root, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
}, 300_000);

it('serves the API and runs the pipeline from the compiled build', async () => {
  const server = await startColloquyProcess({ DATA_DIR: dataDir, NODE_OPTIONS: '' }, { cli: COMPILED_CLI });
  try {
    const api = new HttpClient(server.url);
    const signUp = await api.call('POST', '/api/auth/signup', { email: 'ops@example.org', password: 'long enough pw', name: 'Ops' });
    expect(signUp.status).toBe(201);
    const space = (await api.call('POST', '/api/spaces', { name: 'S' })).json.space;
    const conference = (await api.call('POST', `/api/spaces/${space.id}/conferences`, { title: 'C' })).json.conference;
    const turns = [
      { speaker: 'Ana', text: 'We move the launch of the tablet app to April.', startMs: 0, endMs: 4000 },
      { speaker: 'Ben', text: 'The payment provider needs two more weeks of testing.', startMs: 4500, endMs: 9000 },
    ];
    const posted = await api.call('POST', `/api/conferences/${conference.id}/transcripts`, { title: 'Sync', turns });
    expect(posted.status).toBe(202);
    const id = posted.json.contribution.id;
    const done = await waitFor(
      'the transcript to be processed',
      async () => (await api.call('GET', `/api/contributions/${id}`)).json.contribution,
      { until: (c) => c.status === 'ready' || c.status === 'failed', intervalMs: 200 },
    );
    expect(done.status, done.error).toBe('ready');
    const hits = (await api.call('GET', '/api/search?q=payment%20provider')).json.results;
    expect(hits[0].text).toContain('payment provider');
  } finally {
    await stop(server.child);
  }
});
