import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, spaceWithConference, startTestApp } from './helpers/app.ts';
import { CLI } from './helpers/process.ts';
import { asrClips } from './fixtures/media.ts';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOG_PRETTY: 'false' };
const colloquy = (...args: string[]) => run(process.execPath, [CLI, ...args], { env, timeout: 120_000 });

let conferenceId: string;
let email: string;

beforeAll(async () => {
  const t = await startTestApp({}, dataDir);
  const { client, conference } = await spaceWithConference(t.app);
  conferenceId = conference.id;
  email = client.email;
  await t.close();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the command line', () => {
  it('migrates an up-to-date database without changes', async () => {
    const { stdout } = await colloquy('migrate');
    expect(stdout).toContain('database is up to date');
  });

  it('imports a media file into a conference and waits for its statements', async () => {
    const clip = asrClips().find((c) => c.file.includes('librispeech'))!;
    const { stdout } = await colloquy('import', clip.path, '--conference', conferenceId, '--title', 'Stew');
    expect(stdout).toMatch(/contribution [0-9a-f-]{36} queued/);
    expect(stdout).toMatch(/ready: [1-3] statement\(s\)/);

    const t = await startTestApp({}, dataDir);
    try {
      const owner = new Client(t.app);
      await owner.post('/api/auth/login', { email, password: 'correct horse battery' });
      const [contribution] = (await owner.get(`/api/conferences/${conferenceId}`)).json().contributions;
      expect(contribution).toMatchObject({ title: 'Stew', status: 'ready', mime: 'audio/flac', authorId: expect.any(String) });
      expect(contribution.statementCount).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('refuses what is not media, and explains usage mistakes', async () => {
    const notes = path.join(dataDir, 'notes.mp4');
    fs.writeFileSync(notes, 'meeting notes, not a video\n'.repeat(300));
    await expect(colloquy('import', notes, '--conference', conferenceId)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not a supported audio or video file'),
    });
    await expect(colloquy('import', notes)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--conference') });
    await expect(colloquy('frobnicate')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: colloquy') });
  });

  it('refuses to open the embedded database while another process uses it', async () => {
    const t = await startTestApp({}, dataDir);
    try {
      await expect(colloquy('migrate')).rejects.toMatchObject({ stderr: expect.stringContaining('another Colloquy process') });
    } finally {
      await t.close();
    }
  });
});
