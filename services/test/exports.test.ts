import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpiredExports } from '../src/export/exports.ts';
import {
  addMember,
  Client,
  multipart,
  postTranscript,
  spaceWithConference,
  startTestApp,
  waitForContribution,
  type TestApp,
} from './helpers/app.ts';
import { waitFor } from './helpers/wait.ts';
import { unzip } from './helpers/zip.ts';
import { asrClips, makeAudioFromClip } from './fixtures/media.ts';

let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-export-'));
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function exported(client: Client, body: object) {
  const res = await client.post('/api/exports', body);
  expect(res.statusCode, res.body).toBe(202);
  const ready = await waitFor(
    'the export to be ready',
    async () => (await client.get(`/api/exports/${res.json().export.id}`)).json().export,
    { until: (e) => e.status === 'ready' || e.status === 'failed' },
  );
  expect(ready).toMatchObject({ status: 'ready', progress: 1 });
  const download = await client.get(ready.downloadUrl);
  expect(download.statusCode).toBe(200);
  expect(download.headers['content-type']).toBe('application/zip');
  return { job: ready, entries: await unzip(download.rawPayload) };
}

describe('exports', () => {
  it("zips a conference: JSON with statements, labels and reactions, captions and the original media; a member's own only", async () => {
    const { client: host, space, conference } = await spaceWithConference(t.app);
    const member = await addMember(t.app, host, space.id, 'Mia');
    const meeting = await postTranscript(host, conference.id, {
      title: 'Release sync',
      turns: [
        { speaker: 'Ana', text: 'We decided to move the tablet release to April.', startMs: 0, endMs: 4000 },
        { speaker: 'Ben', text: 'Who can look into the encoder memory leak?', startMs: 4500, endMs: 8000 },
      ],
    });
    await member.post(`/api/statements/${meeting.statements[0].id}/reactions`, { kind: 'agree' });
    const audio = path.join(tmp, 'jfk.m4a');
    await makeAudioFromClip(asrClips().find((c) => c.file.includes('jfk'))!.path, audio, 'm4a');
    const upload = multipart([
      { name: 'file', file: fs.readFileSync(audio), filename: 'talk.m4a' },
      {
        name: 'captions',
        file: Buffer.from('WEBVTT\n\n00:00:00.500 --> 00:00:10.000\nask not what your country can do for you\n'),
        filename: 'c.vtt',
        contentType: 'text/vtt',
      },
      { name: 'title', value: 'Country' },
    ]);
    const posted = await member.request({ method: 'POST', url: `/api/conferences/${conference.id}/contributions`, ...upload });
    const speech = await waitForContribution(member, posted.json().contribution.id);
    expect(speech.status).toBe('ready');

    const { entries } = await exported(host, { conferenceId: conference.id });
    const doc = JSON.parse(entries.get('colloquy-export.json')!.toString());
    expect(doc).toMatchObject({ format: 1, space: { id: space.id }, scope: { conferenceId: conference.id, mine: false } });
    const [exportedConference] = doc.conferences;
    expect(exportedConference.contributions.map((c: { title: string }) => c.title)).toEqual(['Release sync', 'Country']);
    const first = exportedConference.contributions[0];
    expect(first.statements[0]).toMatchObject({ text: meeting.statements[0].text, reactions: { agree: 1 } });
    expect(first.statements.flatMap((s: { labels: { kind: string }[] }) => s.labels).length).toBeGreaterThan(0);
    expect(entries.get(`captions/${conference.id}/${meeting.id}.vtt`)!.toString()).toContain('tablet release');
    expect(entries.get(`media/${conference.id}/${speech.id}.m4a`)!.equals(fs.readFileSync(audio))).toBe(true);

    // A member exports their own contributions only; everything is for owners and hosts.
    const own = await exported(member, { conferenceId: conference.id, mine: true });
    const ownDoc = JSON.parse(own.entries.get('colloquy-export.json')!.toString());
    expect(ownDoc.conferences[0].contributions.map((c: { id: string }) => c.id)).toEqual([speech.id]);
    expect([...own.entries.keys()].some((k) => k.includes(meeting.id))).toBe(false);
    expect((await member.post('/api/exports', { conferenceId: conference.id })).statusCode).toBe(403);
  });

  it('is for the requester alone, refuses outsiders, and expires', async () => {
    const { client: host, space } = await spaceWithConference(t.app);
    const outsider = await Client.signUp(t.app, 'Otto');
    expect((await outsider.post('/api/exports', { spaceId: space.id })).statusCode).toBe(404);
    expect((await host.post('/api/exports', { spaceId: space.id, conferenceId: space.id })).statusCode).toBe(400);

    const { job } = await exported(host, { spaceId: space.id });
    expect((await outsider.get(`/api/exports/${job.id}`)).statusCode).toBe(404);
    expect((await outsider.get(job.downloadUrl)).statusCode).toBe(404);
    const cohost = await addMember(t.app, host, space.id, 'Hal', 'host');
    expect((await cohost.get(job.downloadUrl)).statusCode).toBe(404); // even a host of the space: it is the requester's

    // Past its expiry the link answers 410 and the hourly sweep removes the file.
    await t.runtime.db.query(`update exports set expires_at = now() - interval '1 minute' where id = $1`, [job.id]);
    const gone = await host.get(job.downloadUrl);
    expect([gone.statusCode, gone.json().error.code]).toEqual([410, 'E_EXPORT_EXPIRED']);
    expect(fs.existsSync(path.join(t.dataDir, 'media', 'exports', `${job.id}.zip`))).toBe(true);
    expect(await sweepExpiredExports(t.runtime)).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(t.dataDir, 'media', 'exports', `${job.id}.zip`))).toBe(false);
    expect((await host.get(`/api/exports/${job.id}`)).json().export).toMatchObject({ status: 'expired', downloadUrl: null });
  });
});
