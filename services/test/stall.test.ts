import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from './helpers/app.ts';
import { freePort, HttpClient, startColloquyProcess, stop } from './helpers/process.ts';
import { recogniserWithLog } from './helpers/recogniser-log.ts';
import { waitFor } from './helpers/wait.ts';
import { asrClips, concatClipsToLength } from './fixtures/media.ts';

/**
 * A worker killed with kill -9 mid-transcription, on a PostgreSQL server shared by workers (PGlite
 * over the wire protocol): nothing on that server knows the worker is gone, and pg-boss 10 has no
 * heartbeat. The next worker sees the job's heartbeat stop, /api/health reports it stalled, and
 * within JOB_STALL_MINUTES the job runs again there, resuming from the recognised pieces.
 * One process at a time talks to the server (pglite-socket runs all connections on one session).
 */
const STALL_MINUTES = 0.75;
const STALL_MS = STALL_MINUTES * 60_000;
// Recognition on a two-core machine shared with other work can take minutes per piece.
const SLOW = { timeoutMs: 900_000 };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-stall-'));
let pglite: PGlite;
let server: PGLiteSocketServer;
let databaseUrl: string;
let second: TestApp | undefined;

beforeAll(async () => {
  pglite = await PGlite.create({ extensions: { vector } });
  const port = await freePort();
  server = new PGLiteSocketServer({ db: pglite, port, host: '127.0.0.1', maxConnections: 10 });
  await server.start();
  databaseUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
});

afterAll(async () => {
  await second?.close();
  await server?.stop();
  await pglite?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('hands a dead worker’s transcription to another worker within JOB_STALL_MINUTES, shows it stalled meanwhile, and resumes it', {
  timeout: 1_800_000,
}, async () => {
  const media = path.join(dir, 'talk.wav');
  await concatClipsToLength(
    asrClips().map((c) => c.path),
    media,
    60,
  );
  const recogniser = recogniserWithLog(dir);
  const [firstLog, secondLog] = [path.join(dir, 'pieces-1.log'), path.join(dir, 'pieces-2.log')];
  const env = {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '1',
    JOB_STALL_MINUTES: String(STALL_MINUTES),
    POCKETSPHINX_PATH: recogniser.wrapper,
  };

  // The first worker (with the API) takes the upload and starts recognising.
  const first = await startColloquyProcess({ ...env, DATA_DIR: path.join(dir, 'data'), PIECE_LOG: firstLog }, SLOW);
  const api = new HttpClient(first.url);
  await api.call('POST', '/api/auth/signup', { email: 'stall@example.org', password: 'long enough pw', name: 'Stall' });
  const space = (await api.call('POST', '/api/spaces', { name: 'S' })).json.space;
  const conference = (await api.call('POST', `/api/spaces/${space.id}/conferences`, { title: 'C' })).json.conference;
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(media)]), 'talk.wav');
  const id = (await api.call('POST', `/api/conferences/${conference.id}/contributions`, form)).json.contribution.id;
  const before = await waitFor(
    'a piece to be recognised',
    async () => (await api.call('GET', `/api/contributions/${id}`)).json.contribution,
    { until: (c) => c.stage === 'transcribe' && c.status === 'processing' && c.progress > 0 && c.progress < 1, intervalMs: 100, ...SLOW },
  );
  await stop(first.child, 'SIGKILL');
  const killedAt = Date.now();

  // Another worker on the same database and media folder. Nothing tells it the first one died.
  process.env.PIECE_LOG = secondLog; // the wrapper runs as a child of this process now
  second = await startTestApp({ ...env, WORKERS: 'true' }, path.join(dir, 'data'));
  const startedAfterMs = Date.now() - killedAt;
  const client = new Client(second.app);
  const signIn = await client.post('/api/auth/login', { email: 'stall@example.org', password: 'long enough pw' });
  expect(signIn.statusCode).toBe(200);

  const health = await waitFor(
    'health to report the stalled job',
    async () => (await second!.app.inject({ method: 'GET', url: '/api/health' })).json(),
    { until: (h) => h.jobs.stages.transcribe.stalled > 0, intervalMs: 250 },
  );
  expect(health.ok).toBe(false);
  expect(health.jobs.stallMinutes).toBe(STALL_MINUTES);
  expect(health.jobs.stages.transcribe.active).toBe(1);

  const resumed = await waitFor(
    'another worker to take the transcription',
    async () => (await client.get(`/api/contributions/${id}`)).json().contribution,
    { until: (c) => c.attempts > before.attempts, intervalMs: 250 },
  );
  // Picked up within the stall time (or at the new worker's first check, when it took longer to
  // start), plus a check's interval (a sixth of it), pg-boss's 5 s retry delay and its 2 s polling.
  const beatMs = STALL_MS / 6;
  expect(Date.now() - killedAt).toBeLessThan(Math.max(STALL_MS, startedAfterMs) + 2 * beatMs + 10_000);
  expect(resumed.stage === 'transcribe' || resumed.status === 'ready').toBe(true);

  const done = await waitFor(
    'the contribution to be ready',
    async () => (await client.get(`/api/contributions/${id}`)).json().contribution,
    {
      until: (c) => c.status === 'ready' || c.status === 'failed',
      ...SLOW,
    },
  );
  expect(done.status, done.error).toBe('ready');
  expect(done.statements.length).toBeGreaterThan(0);
  expect((await second.app.inject({ method: 'GET', url: '/api/health' })).json().jobs.stages.transcribe.stalled).toBe(0);

  // Recognition did not start over: the second worker recognised only the pieces left, each once.
  const [firstPieces, secondPieces] = [recogniser.pieces(firstLog), recogniser.pieces(secondLog)];
  const total = Math.max(...firstPieces, ...secondPieces) + 1;
  expect(new Set(secondPieces).size).toBe(secondPieces.length);
  expect(secondPieces.length).toBeLessThan(total);
  expect(new Set([...firstPieces, ...secondPieces]).size).toBe(total);
});
