/**
 * Moderation and deletion: an author deletes their contribution and it is gone everywhere (search,
 * digest, feed, media folder, rows, notifications' text, expert links); a host hides a statement
 * and members lose it while the host still sees it, then unhides it; a host deletes a statement;
 * everyone else is answered 404; and a stage running for a deleted contribution ends quietly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, Client, multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { asrClips, concatClipsToLength, makeAudioFromClip } from './fixtures/media.ts';
import { waitFor } from './helpers/wait.ts';

interface Statement {
  id: string;
  text: string;
  hidden?: boolean;
}

let t: TestApp;
let owner: Client;
let host: Client;
let mia: Client & { userId: string };
let max: Client & { userId: string };
let outsider: Client;
let spaceId: string;
let conferenceId: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-moderation-'));

const CAPTIONS = [
  'WEBVTT',
  '',
  '00:00:00.500 --> 00:00:04.000',
  '<v Mia>The zeppelin hangar needs a bigger budget before winter.',
  '',
  '00:00:04.000 --> 00:00:10.500',
  '<v Mia>We decided to paint the hangar roof silver next week.',
  '',
].join('\n');

beforeAll(async () => {
  t = await startTestApp();
  const made = await spaceWithConference(t.app, 'Olga');
  owner = made.client;
  spaceId = made.space.id;
  conferenceId = made.conference.id;
  host = await addMember(t.app, owner, spaceId, 'Hal', 'host');
  mia = await addMember(t.app, owner, spaceId, 'Mia');
  max = await addMember(t.app, owner, spaceId, 'Max');
  // Another space's owner: an outsider here.
  outsider = (await spaceWithConference(t.app, 'Otto')).client;
});
afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const rows = async (sql: string, params: unknown[]) => (await t.runtime.db.query<{ n: number }>(sql, params))[0].n;
const search = async (c: Client, q: string) =>
  ((await c.get(`/api/search?q=${encodeURIComponent(q)}&space=${spaceId}`)).json().results as { statementId: string }[]).map(
    (r) => r.statementId,
  );
const digestIds = async (c: Client) => {
  const res = await c.get(`/api/conferences/${conferenceId}/digest`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().digest.sections as { items: { statementId: string }[] }[]).flatMap((s) => s.items.map((i) => i.statementId));
};
const feedIds = async (c: Client) =>
  ((await c.get(`/api/conferences/${conferenceId}/feed?sort=recent`)).json().items as { statement: { id: string } }[]).map(
    (i) => i.statement.id,
  );

/** Uploads a real speech clip with captions (so its words are known) as `by`. */
async function uploadWithCaptions(by: Client, title: string) {
  const clip = asrClips()[0];
  const audio = path.join(tmp, `${title}.m4a`);
  await makeAudioFromClip(clip.path, audio, 'm4a');
  const body = multipart([
    { name: 'title', value: title },
    { name: 'file', file: fs.readFileSync(audio), filename: 'a.m4a' },
    { name: 'captions', file: Buffer.from(CAPTIONS), filename: 'captions.vtt', contentType: 'text/vtt' },
  ]);
  const res = await by.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
  expect(res.statusCode, res.body).toBe(202);
  const done = await waitForContribution(by, res.json().contribution.id);
  expect(done.status, done.error).toBe('ready');
  return (await by.get(`/api/contributions/${done.id}`)).json().contribution as { id: string; statements: Statement[]; canDelete: boolean };
}

const del = (c: Client, url: string) => c.request({ method: 'DELETE', url });

describe('an author deletes their own contribution', () => {
  let contribution: Awaited<ReturnType<typeof uploadWithCaptions>>;
  let token: string;

  beforeAll(async () => {
    contribution = await uploadWithCaptions(mia, 'Hangar');
    const first = contribution.statements[0].id;
    expect((await max.post(`/api/statements/${first}/reactions`, { kind: 'agree' })).statusCode).toBe(201);
    expect((await max.post(`/api/contributions/${contribution.id}/views`, { ranges: [[0, 3000]] })).statusCode).toBeLessThan(300);
    const fwd = await host.post(`/api/statements/${first}/forwards`, { email: 'zed@example.net', name: 'Zed Expert', note: 'budget?' });
    expect(fwd.statusCode, fwd.body).toBe(201);
    token = fwd.json().link.split('/x/')[1];
    expect((await t.app.inject({ method: 'GET', url: `/api/x/${token}` })).statusCode).toBe(200);
  });

  it('is found before: search, digest, feed, media on disk, rows', async () => {
    const ids = contribution.statements.map((s) => s.id);
    expect(contribution.canDelete).toBe(true);
    expect(await search(max, 'zeppelin hangar budget')).toContain(ids[0]);
    expect(await digestIds(host)).toEqual(expect.arrayContaining([ids[0]]));
    expect(await feedIds(max)).toEqual(expect.arrayContaining(ids));
    expect(fs.existsSync(path.join(t.dataDir, 'media', contribution.id))).toBe(true);
    expect(await rows(`select count(*)::int as n from labels where statement_id = any($1::uuid[])`, [ids])).toBeGreaterThan(0);
    // The conference's creator was told, quoting its title.
    await waitFor('Olga to be notified', async () => (await owner.get('/api/notifications')).json().notifications, {
      until: (list: { payload: Record<string, unknown> }[]) => JSON.stringify(list).includes(contribution.id),
    });
  });

  it('is refused with 404 to another member, an outsider, and another space’s owner', async () => {
    expect((await max.get(`/api/contributions/${contribution.id}`)).json().contribution.canDelete).toBe(false);
    for (const c of [max, outsider]) {
      const res = await del(c, `/api/contributions/${contribution.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('E_NOT_FOUND');
    }
    expect((await del(new Client(t.app), `/api/contributions/${contribution.id}`)).statusCode).toBe(401);
    expect((await mia.get(`/api/contributions/${contribution.id}`)).statusCode).toBe(200);
  });

  it('removes it everywhere at once', async () => {
    const ids = contribution.statements.map((s) => s.id);
    const corpusBefore = await rows(`select statements::int as n from statement_corpus`, []);
    const res = await del(mia, `/api/contributions/${contribution.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deleted).toEqual({ kind: 'contribution', id: contribution.id, statements: ids.length });

    expect((await mia.get(`/api/contributions/${contribution.id}`)).statusCode).toBe(404);
    expect((await mia.get(`/api/media/${contribution.id}`)).statusCode).toBe(404);
    expect(await search(max, 'zeppelin hangar budget')).toEqual([]);
    expect(await search(owner, 'silver roof')).toEqual([]);
    expect(await digestIds(host)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(await feedIds(max)).toEqual([]);
    expect(fs.existsSync(path.join(t.dataDir, 'media', contribution.id))).toBe(false);
    for (const table of ['labels', 'reactions', 'statement_revisions']) {
      expect(await rows(`select count(*)::int as n from ${table} where statement_id = any($1::uuid[])`, [ids]), table).toBe(0);
    }
    for (const table of ['statements', 'views', 'transcript_segments', 'contribution_summaries', 'transcript_pieces']) {
      expect(await rows(`select count(*)::int as n from ${table} where contribution_id = $1`, [contribution.id]), table).toBe(0);
    }
    // BM25's statistics lose its statements (the term_stats triggers of 0011_search.sql).
    expect(await rows(`select statements::int as n from statement_corpus`, [])).toBe(corpusBefore - ids.length);
    expect(await rows(`select count(*)::int as n from term_stats where lexeme = 'zeppelin'`, [])).toBe(0);

    // The notification stays, without the text it quoted.
    const notes = (await owner.get('/api/notifications')).json().notifications as { payload: Record<string, unknown> }[];
    const about = notes.filter((n) => JSON.stringify(n.payload).includes(contribution.id));
    expect(about.length).toBeGreaterThan(0);
    expect(JSON.stringify(about)).not.toMatch(/Hangar|zeppelin/i);
    expect(about[0].payload.removed).toBe(true);

    // The expert's link says it was removed.
    const link = await t.app.inject({ method: 'GET', url: `/api/x/${token}` });
    expect(link.statusCode).toBe(410);
    expect(link.json().error.code).toBe('E_LINK_REMOVED');
  });
});

describe('a host hides a statement, then shows it again', () => {
  let statements: Statement[];
  let contributionId: string;

  beforeAll(async () => {
    const c = await uploadWithCaptions(max, 'Roof');
    contributionId = c.id;
    statements = c.statements;
    expect(statements.length).toBeGreaterThanOrEqual(1);
  });
  const target = () => statements.find((s) => /silver/.test(s.text)) ?? statements[0];

  it('refuses members, outsiders and another space’s owner with 404', async () => {
    for (const c of [max, mia, outsider]) {
      for (const action of ['hide', 'unhide']) {
        const res = await c.post(`/api/statements/${target().id}/${action}`);
        expect(res.statusCode, `${action}: ${res.body}`).toBe(404);
      }
      expect((await del(c, `/api/statements/${target().id}`)).statusCode).toBe(404);
    }
    expect(await search(mia, 'silver roof')).toContain(target().id);
    expect(await digestIds(mia)).toContain(target().id);
  });

  it('is gone for members, and marked for hosts', async () => {
    const res = await host.post(`/api/statements/${target().id}/hide`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().statement).toMatchObject({ id: target().id, hidden: true });

    expect(await search(mia, 'silver roof')).not.toContain(target().id);
    expect(await digestIds(mia)).not.toContain(target().id);
    expect(await feedIds(mia)).not.toContain(target().id);
    expect((await mia.get(`/api/statements/${target().id}`)).statusCode).toBe(404);
    const forMember = (await mia.get(`/api/contributions/${contributionId}`)).json().contribution;
    expect(forMember.statements.map((s: Statement) => s.id)).not.toContain(target().id);
    expect(JSON.stringify(forMember)).not.toContain('silver');
    expect((await mia.get(`/api/contributions/${contributionId}/captions.vtt`)).body).not.toContain('silver');
    expect((await mia.post(`/api/statements/${target().id}/reactions`, { kind: 'agree' })).statusCode).toBe(404);

    const forHost = (await host.get(`/api/contributions/${contributionId}`)).json().contribution;
    expect(forHost.canModerate).toBe(true);
    expect(forHost.statements.find((s: Statement) => s.id === target().id)).toMatchObject({ hidden: true });
    expect((await host.get(`/api/contributions/${contributionId}/captions.vtt`)).body).toContain('silver');
  });

  it('comes back when unhidden', async () => {
    const res = await owner.post(`/api/statements/${target().id}/unhide`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().statement.hidden).toBe(false);
    expect(await search(mia, 'silver roof')).toContain(target().id);
    expect((await mia.get(`/api/contributions/${contributionId}`)).json().contribution.statements.map((s: Statement) => s.id)).toContain(
      target().id,
    );
  });

  it('a host deletes a statement: gone for everyone, its words leave the captions', async () => {
    const res = await del(host, `/api/statements/${target().id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deleted).toMatchObject({ kind: 'statement', id: target().id });
    expect(await search(owner, 'silver roof')).not.toContain(target().id);
    expect((await host.get(`/api/statements/${target().id}`)).statusCode).toBe(404);
    const detail = (await host.get(`/api/contributions/${contributionId}`)).json().contribution;
    expect(detail.statements.map((s: Statement) => s.id)).not.toContain(target().id);
    expect(JSON.stringify(detail.summary ?? {})).not.toContain(target().id);
    expect((await host.get(`/api/contributions/${contributionId}/captions.vtt`)).body).not.toContain('silver');
    // The contribution's author may delete the contribution, not moderate its statements.
    const other = detail.statements[0];
    if (other) expect((await del(max, `/api/statements/${other.id}`)).statusCode).toBe(404);
  });
});

describe('a stage running for a contribution that is deleted', () => {
  it('ends quietly: no failed or retried job, no files left', async () => {
    // ~40 s of real speech keeps the offline recogniser busy long enough to delete mid-stage.
    const clips = asrClips().map((c) => c.path);
    const audio = await concatClipsToLength(clips, path.join(tmp, 'long.wav'), 40);
    const body = multipart([
      { name: 'title', value: 'Long one' },
      { name: 'file', file: fs.readFileSync(audio), filename: 'long.wav', contentType: 'audio/wav' },
    ]);
    const res = await mia.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().contribution.id as string;
    await waitFor('transcription to start', async () => (await mia.get(`/api/contributions/${id}`)).json().contribution, {
      until: (c: { stage: string; status: string }) => c.stage === 'transcribe' && c.status === 'processing',
    });

    expect((await del(mia, `/api/contributions/${id}`)).statusCode).toBe(200);
    const jobs = () =>
      t.runtime.db.query<{ name: string; state: string; retry_count: number }>(
        `select name, state, retry_count from pgboss.job where data->>'contributionId' = $1`,
        [id],
      );
    const settled = await waitFor('its jobs to settle', jobs, {
      until: (list) => list.length > 0 && list.every((j) => ['completed', 'cancelled'].includes(j.state)),
    });
    expect(settled.map((j) => j.state)).not.toContain('failed');
    expect(settled.map((j) => j.retry_count)).toEqual(settled.map(() => 0)); // not retried either
    expect(settled.filter((j) => j.name === 'segment')).toEqual([]); // nothing went on to the next stage
    expect(fs.existsSync(path.join(t.dataDir, 'media', id))).toBe(false);
    expect((await mia.get(`/api/contributions/${id}`)).statusCode).toBe(404);
  });
});
