import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { HttpClient, startColloquyProcess, stop } from './helpers/process.ts';
import { asrClips, concatClipsToLength } from './fixtures/media.ts';
import { waitFor } from './helpers/wait.ts';
import { recogniserWithLog } from './helpers/recogniser-log.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-restart-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('resumes a contribution after the process is killed mid-transcription, from its last recognised piece, without duplicates', {
  timeout: 1_800_000,
}, async () => {
  const recogniser = recogniserWithLog(dataDir);
  const [firstLog, secondLog] = [path.join(dataDir, 'pieces-1.log'), path.join(dataDir, 'pieces-2.log')];
  const media = path.join(dataDir, 'long.wav');
  await concatClipsToLength(
    asrClips().map((c) => c.path),
    media,
    60,
  );

  // Recognition on a two-core machine shared with other work can take minutes per piece.
  const SLOW = { timeoutMs: 900_000 };
  let server = await startColloquyProcess({ DATA_DIR: dataDir, POCKETSPHINX_PATH: recogniser.wrapper, PIECE_LOG: firstLog }, SLOW);
  const api = new HttpClient(server.url);
  await api.call('POST', '/api/auth/signup', { email: 'crash@example.org', password: 'long enough pw', name: 'Crash' });
  const space = (await api.call('POST', '/api/spaces', { name: 'S' })).json.space;
  const conference = (await api.call('POST', `/api/spaces/${space.id}/conferences`, { title: 'C' })).json.conference;
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(media)]), 'long.wav');
  const { json } = await api.call('POST', `/api/conferences/${conference.id}/contributions`, form);
  const id = json.contribution.id;

  // wait until a piece is recognised (and checkpointed: progress follows the checkpoints), then kill the process without warning
  await waitFor(
    'a piece to be recognised',
    async () => {
      const c = (await api.call('GET', `/api/contributions/${id}`)).json.contribution;
      expect(c.status).not.toBe('failed');
      return c;
    },
    { until: (c) => c.stage === 'transcribe' && c.status === 'processing' && c.progress > 0 && c.progress < 1, intervalMs: 100, ...SLOW },
  );
  await stop(server.child, 'SIGKILL');

  server = await startColloquyProcess({ DATA_DIR: dataDir, POCKETSPHINX_PATH: recogniser.wrapper, PIECE_LOG: secondLog }, SLOW);
  try {
    api.base === server.url || Object.assign(api, { base: server.url });
    const c = await waitFor(
      'the contribution to be ready or failed',
      async () => (await api.call('GET', `/api/contributions/${id}`)).json.contribution,
      {
        until: (c) => c.status === 'ready' || c.status === 'failed',
        intervalMs: 300,
        ...SLOW,
      },
    );
    expect(c.status, c.error).toBe('ready');
    expect(c.attempts).toBeGreaterThan(4); // probe, audio, transcribe (twice), segment

    const statements = c.statements as { seq: number; startMs: number; text: string }[];
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.map((s) => s.seq)).toEqual(statements.map((_, i) => i));
    const starts = statements.map((s) => s.startMs);
    expect(new Set(starts).size).toBe(starts.length);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);

    // The second process recognised only what was left: each remaining piece once, the checkpointed ones not again.
    const [before, after] = [recogniser.pieces(firstLog), recogniser.pieces(secondLog)];
    const total = Math.max(...before, ...after) + 1;
    expect(total).toBeGreaterThanOrEqual(3);
    expect(new Set(after).size).toBe(after.length);
    expect(after.length).toBeLessThan(total);
    expect(new Set([...before, ...after]).size).toBe(total);
  } finally {
    await stop(server.child);
  }
});
