/**
 * Audit finding 2: one request must not freeze the API. Work per request is bounded, whatever the
 * size of what is stored: the digest ranks a pool of at most DIGEST_POOL statements chosen in SQL, a
 * caption file is refused above MAX_CAPTION_CUES cues before it is parsed, and no statement is
 * longer than STATEMENT_TEXT_MAX characters (a huge turn is cut into several), so snippets and
 * labels walk bounded text. (No timing assertions: bench/load measures the stalls.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STATEMENT_TEXT_MAX } from '@colloquy/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unseenStatements } from '../src/db/repos/digest.repo.ts';
import { DIGEST_POOL } from '../src/digest/digest.ts';
import { SECTION_ACTS } from '../src/digest/sections.ts';
import { MAX_CAPTION_CUES } from '../src/transcript/captions.ts';
import { addMember, multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { asrClips, makeVideoFromClip } from './fixtures/media.ts';

let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-bounded-'));
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const AMI = path.resolve(import.meta.dirname, '../../../shared/eval/ami/dev/ami_normalized_dev.jsonl');
function amiTurns(index: number) {
  const m = JSON.parse(fs.readFileSync(AMI, 'utf8').split('\n')[index]) as {
    turns: { speaker: string; text: string; start: number; end: number }[];
  };
  return m.turns.map((x) => ({ speaker: x.speaker, text: x.text, startMs: Math.round(x.start * 1000), endMs: Math.round(x.end * 1000) }));
}

describe('the digest reads a bounded pool', () => {
  it('takes at most the pool size from the database, reacted statements first, and all of them below it', async () => {
    const { client: owner, space, conference } = await spaceWithConference(t.app);
    const reader = await addMember(t.app, owner, space.id, 'Reader');
    const res = await owner.post(`/api/conferences/${conference.id}/transcripts`, { title: 'AMI meeting', turns: amiTurns(1) });
    const done = await waitForContribution(owner, res.json().contribution.id);
    expect(done.status).toBe('ready');
    const statements = (await owner.get(`/api/contributions/${done.id}`)).json().contribution.statements as { id: string }[];
    expect(statements.length).toBeGreaterThan(20);

    // The reader reacts to a statement from the middle: it must be in any pool.
    const liked = statements[Math.floor(statements.length / 2)];
    expect((await reader.post(`/api/statements/${liked.id}/reactions`, { kind: 'important' })).statusCode).toBe(201);

    const pool = (size: number) =>
      unseenStatements(t.runtime.db, {
        userId: reader.userId,
        conferenceId: conference.id,
        since: null,
        pool: { size, sectionActs: SECTION_ACTS, halfLifeDays: 7 },
      });
    const small = await pool(5);
    expect(small).toHaveLength(5);
    expect(small.map((c) => c.id)).toContain(liked.id);
    const whole = await pool(DIGEST_POOL);
    expect(whole.map((c) => c.id).sort()).toEqual(statements.map((s) => s.id).sort());

    const digest = await reader.get(`/api/conferences/${conference.id}/digest`);
    expect(digest.statusCode).toBe(200);
    expect(digest.json().digest.sections.length).toBeGreaterThan(0);
  });
});

describe('captions over the cue limit', () => {
  it('are refused with 413 E_TOO_MANY_CUES, and nothing is kept', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const video = await makeVideoFromClip(asrClips().find((c) => c.file.includes('jfk'))!.path, path.join(tmp, 'jfk.mp4'));
    const ts = (ms: number) => new Date(ms).toISOString().slice(11, 23);
    const cues = Array.from({ length: MAX_CAPTION_CUES + 1 }, (_, i) => `${ts(i * 200)} --> ${ts(i * 200 + 150)}\nhi ${i}\n`);
    const vtt = `WEBVTT\n\n${cues.join('\n')}`;
    const before = fs.readdirSync(t.runtime.config.mediaDir).length;
    const res = await client.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/contributions`,
      ...multipart([
        { name: 'file', file: fs.readFileSync(video), filename: 'jfk.mp4', contentType: 'video/mp4' },
        { name: 'captions', file: Buffer.from(vtt), filename: 'many.vtt', contentType: 'text/vtt' },
      ]),
    });
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error.code).toBe('E_TOO_MANY_CUES');
    expect(fs.readdirSync(t.runtime.config.mediaDir).length).toBe(before);
    expect((await client.get(`/api/conferences/${conference.id}`)).json().contributions).toHaveLength(0);
  });
});

describe('a huge turn', () => {
  it('becomes several statements of at most STATEMENT_TEXT_MAX characters, keeping every word, and search snippets stay short', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const words = amiTurns(2)
      .map((x) => x.text)
      .join(' ')
      .split(/\s+/);
    const long: string[] = [];
    while (long.join(' ').length < 95_000) long.push(...words);
    const text = `${long
      .join(' ')
      .slice(0, 95_000)
      .replace(/\s+\S*$/, '')} zanzibar`;
    const res = await client.post(`/api/conferences/${conference.id}/transcripts`, {
      title: 'A pasted document',
      turns: [{ speaker: 'Ana', text, startMs: 0, endMs: 600_000 }],
    });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForContribution(client, res.json().contribution.id);
    expect(done.status, done.error).toBe('ready');
    const statements = (await client.get(`/api/contributions/${done.id}`)).json().contribution.statements as { text: string }[];
    expect(statements.length).toBeGreaterThanOrEqual(Math.ceil(text.length / STATEMENT_TEXT_MAX));
    for (const s of statements) expect(s.text.length).toBeLessThanOrEqual(STATEMENT_TEXT_MAX);
    const norm = (x: string) => x.replace(/\s+/g, ' ').trim();
    expect(norm(statements.map((s) => s.text).join(' '))).toBe(norm(text));

    const hits = (await client.get('/api/search?q=zanzibar')).json().results as { text: string; snippet: string }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0].text.length).toBeLessThanOrEqual(STATEMENT_TEXT_MAX);
    expect(hits[0].snippet.length).toBeLessThan(2_000);
    expect(hits[0].snippet.toLowerCase()).toContain('zanzibar');
  });
});
