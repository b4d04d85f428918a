import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { HttpClient, startColloquyProcess, stop } from './helpers/process.ts';
import { asrClips, concatClipsToLength } from './fixtures/media.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-restart-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('resumes a contribution after the process is killed mid-transcription, without duplicates', async () => {
  const media = path.join(dataDir, 'long.wav');
  await concatClipsToLength(
    asrClips().map((c) => c.path),
    media,
    60,
  );

  let server = await startColloquyProcess({ DATA_DIR: dataDir });
  const api = new HttpClient(server.url);
  await api.call('POST', '/api/auth/signup', { email: 'crash@example.org', password: 'long enough pw', name: 'Crash' });
  const space = (await api.call('POST', '/api/spaces', { name: 'S' })).json.space;
  const conference = (await api.call('POST', `/api/spaces/${space.id}/conferences`, { title: 'C' })).json.conference;
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(media)]), 'long.wav');
  const { json } = await api.call('POST', `/api/conferences/${conference.id}/contributions`, form);
  const id = json.contribution.id;

  // wait until recognition is under way, then kill the process without warning
  for (let seen = ''; seen !== 'transcribe:processing'; ) {
    const c = (await api.call('GET', `/api/contributions/${id}`)).json.contribution;
    expect(c.status).not.toBe('failed');
    seen = `${c.stage}:${c.status}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop(server.child, 'SIGKILL');

  server = await startColloquyProcess({ DATA_DIR: dataDir });
  try {
    api.base === server.url || Object.assign(api, { base: server.url });
    let c: { status: string; error?: string; attempts: number; statements: unknown };
    const deadline = Date.now() + 120_000;
    do {
      await new Promise((r) => setTimeout(r, 300));
      c = (await api.call('GET', `/api/contributions/${id}`)).json.contribution;
    } while (c.status !== 'ready' && c.status !== 'failed' && Date.now() < deadline);
    expect(c.status, c.error).toBe('ready');
    expect(c.attempts).toBeGreaterThan(4); // probe, audio, transcribe (twice), segment

    const statements = c.statements as { seq: number; startMs: number; text: string }[];
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.map((s) => s.seq)).toEqual(statements.map((_, i) => i));
    const starts = statements.map((s) => s.startMs);
    expect(new Set(starts).size).toBe(starts.length);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  } finally {
    await stop(server.child);
  }
});
