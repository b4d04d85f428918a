import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { Client, multipart, postTranscript, spaceWithConference, startTestApp, waitForContribution } from './helpers/app.ts';
import { CLI } from './helpers/process.ts';
import { asrClips, makeAudioFromClip } from './fixtures/media.ts';

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const colloquy = (dataDir: string, ...args: string[]) =>
  run(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, timeout: 180_000 });

it('restores a backup into a fresh DATA_DIR with the same statements, search and media', async () => {
  const original = path.join(tmp, 'original');
  const restored = path.join(tmp, 'restored');
  const file = path.join(tmp, 'colloquy.tar.gz');

  const t = await startTestApp({}, original);
  const { client, conference } = await spaceWithConference(t.app);
  await postTranscript(client, conference.id, {
    title: 'Release sync',
    turns: [
      { speaker: 'Ana', text: 'We move the tablet release to April because of the camera crash.', startMs: 0, endMs: 5000 },
      { speaker: 'Ben', text: 'The payment provider needs two more weeks of testing with real cards.', startMs: 5500, endMs: 11000 },
    ],
  });
  const audio = path.join(tmp, 'jfk.m4a');
  await makeAudioFromClip(asrClips().find((c) => c.file.includes('jfk'))!.path, audio, 'm4a');
  const vtt = 'WEBVTT\n\n00:00:00.500 --> 00:00:10.000\n<v John Kennedy>ask not what your country can do for you\n';
  const body = multipart([
    { name: 'file', file: fs.readFileSync(audio), filename: 'jfk.m4a' },
    { name: 'captions', file: Buffer.from(vtt), filename: 'captions.vtt', contentType: 'text/vtt' },
  ]);
  const posted = await client.request({ method: 'POST', url: `/api/conferences/${conference.id}/contributions`, ...body });
  const speech = await waitForContribution(client, posted.json().contribution.id);
  expect(speech.status).toBe('ready');

  const searchFor = async (c: Client, q: string) =>
    (await c.get(`/api/search?q=${encodeURIComponent(q)}`))
      .json()
      .results.map((r: { statementId: string; text: string }) => [r.statementId, r.text]);
  const before = { payment: await searchFor(client, 'payment provider'), country: await searchFor(client, 'country') };
  expect(before.payment.length).toBeGreaterThan(0);
  const media = (await client.get(speech.mediaUrl)).rawPayload;

  // While a process has the database open, a backup refuses and says why.
  await expect(colloquy(original, 'backup', file)).rejects.toMatchObject({ stderr: expect.stringMatching(/Stop it first/) });
  await t.close();

  const { stdout } = await colloquy(original, 'backup', file);
  expect(stdout).toContain('backed up');
  await expect(colloquy(restored, 'restore', file)).resolves.toMatchObject({ stdout: expect.stringContaining('restored') });
  // Restoring over an existing database is refused rather than mixed in.
  await expect(colloquy(restored, 'restore', file)).rejects.toMatchObject({ stderr: expect.stringContaining('already has a database') });

  const back = await startTestApp({}, restored);
  try {
    const owner = new Client(back.app);
    expect((await owner.post('/api/auth/login', { email: client.email, password: 'correct horse battery' })).statusCode).toBe(200);
    expect(await searchFor(owner, 'payment provider')).toEqual(before.payment);
    expect(await searchFor(owner, 'country')).toEqual(before.country);
    const played = await owner.get(speech.mediaUrl);
    expect(played.statusCode).toBe(200);
    expect(played.rawPayload.equals(media)).toBe(true);
  } finally {
    await back.close();
  }
});

it('refuses what is not a backup, and a target inside DATA_DIR', async () => {
  const dataDir = path.join(tmp, 'other');
  const junk = path.join(tmp, 'junk.tar.gz');
  fs.writeFileSync(junk, 'not a tarball');
  await expect(colloquy(dataDir, 'restore', junk)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/colloquy: /) });
  const t = await startTestApp({}, dataDir);
  await t.close();
  await expect(colloquy(dataDir, 'backup', path.join(dataDir, 'b.tar.gz'))).rejects.toMatchObject({
    stderr: expect.stringContaining('outside DATA_DIR'),
  });
});
