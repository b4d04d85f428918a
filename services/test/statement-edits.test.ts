/**
 * Correcting a transcript (PATCH /api/statements/:id): on real recognised speech the statement
 * keeps its id and the times of the words left alone, the history says who changed what, search,
 * captions, labels, digests and suggestions follow the correction, and only the author, owners and
 * hosts may make one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { asrClips, makeAudioFromClip } from './fixtures/media.ts';
import { waitFor } from './helpers/wait.ts';

interface Word {
  text: string;
  startMs: number;
  endMs: number;
  confidence?: number;
}
interface Statement {
  id: string;
  contributionId: string;
  text: string;
  speaker: string | null;
  startMs: number;
  endMs: number;
  gist: string | null;
  revision: number;
  updating: boolean;
  uncertainWords: number[];
  words?: Word[];
  labels: { kind: string; value: string; source: string }[];
}

let t: TestApp;
let owner: Client;
let spaceId: string;
let conferenceId: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-edit-'));

beforeAll(async () => {
  t = await startTestApp();
  const made = await spaceWithConference(t.app, 'Olga');
  owner = made.client;
  spaceId = made.space.id;
  conferenceId = made.conference.id;
});
afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const statementOf = async (c: Client, id: string): Promise<Statement> => {
  const res = await c.get(`/api/statements/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().statement;
};
const patch = (c: Client, id: string, payload: object) => c.request({ method: 'PATCH', url: `/api/statements/${id}`, payload });
/** Waits for a correction's vector, labels and gist (the 'statement-edit' task). */
const understood = (c: Client, id: string) =>
  waitFor(`statement ${id} to be understood again`, () => statementOf(c, id), { until: (s) => !s.updating });
const search = async (c: Client, q: string, mode = 'hybrid') =>
  (await c.get(`/api/search?q=${encodeURIComponent(q)}&space=${spaceId}&mode=${mode}`)).json().results as { statementId: string }[];

describe('correcting recognised speech', () => {
  let statement: Statement;
  let contributionId: string;

  beforeAll(async () => {
    const jfk = asrClips().find((c) => c.file.includes('jfk'))!;
    const audio = path.join(tmp, 'jfk.wav');
    await makeAudioFromClip(jfk.path, audio, 'wav');
    const body = multipart([
      { name: 'title', value: 'Ask not' },
      { name: 'file', file: fs.readFileSync(audio), filename: 'jfk.wav', contentType: 'audio/wav' },
    ]);
    const res = await owner.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForContribution(owner, res.json().contribution.id);
    expect(done.status, done.error).toBe('ready');
    contributionId = done.id;
    const detail = (await owner.get(`/api/contributions/${done.id}`)).json().contribution;
    expect(detail.canEdit).toBe(true);
    // The longest statement: it has words before and after the one corrected.
    const longest = [...detail.statements].sort((a: Statement, b: Statement) => b.text.length - a.text.length)[0];
    statement = await statementOf(owner, longest.id);
  });

  it('shows each recognised word with its time and confidence, and marks the uncertain ones', async () => {
    const words = statement.words!;
    expect(words.map((w) => w.text).join(' ')).toBe(statement.text);
    expect(words.every((w) => typeof w.confidence === 'number' && w.confidence >= 0 && w.confidence <= 1)).toBe(true);
    expect(words[0].startMs).toBe(statement.startMs);
    // Uncertain words are exactly those of low confidence, indexed in the text's words.
    const detail = (await owner.get(`/api/contributions/${contributionId}`)).json().contribution;
    const inDetail = detail.statements.find((s: Statement) => s.id === statement.id);
    expect(inDetail.uncertainWords).toEqual(words.flatMap((w, i) => (w.confidence! < 0.2 ? [i] : [])));
    expect(inDetail.revision).toBe(0);
  });

  it('keeps the id and the times of unchanged words, records the history, and search and captions follow', async () => {
    const before = statement.words!;
    const k = Math.floor(before.length / 2);
    const corrected = before.map((w, i) => (i === k ? 'calligraphy' : w.text)).join(' ');
    const res = await patch(owner, statement.id, { text: corrected, baseRevision: 0 });
    expect(res.statusCode, res.body).toBe(200);
    const after: Statement = res.json().statement;
    expect(after).toMatchObject({ id: statement.id, text: corrected, revision: 1, startMs: statement.startMs, endMs: statement.endMs });
    const words = after.words!;
    for (const [i, w] of words.entries()) {
      if (i === k) expect(w).toEqual({ text: 'calligraphy', startMs: before[k].startMs, endMs: before[k].endMs });
      else expect(w).toEqual(before[i]);
    }

    const history = (await owner.get(`/api/statements/${statement.id}/history`)).json().revisions;
    expect(history).toEqual([
      {
        revision: 1,
        at: expect.any(String),
        editor: { userId: expect.any(String), name: 'Olga' },
        text: { before: statement.text, after: corrected },
        speaker: { before: statement.speaker, after: statement.speaker },
      },
    ]);

    // Full text at once; the captions too.
    expect((await search(owner, 'calligraphy', 'text')).map((r) => r.statementId)).toContain(statement.id);
    const vtt = (await owner.get(`/api/contributions/${contributionId}/captions.vtt`)).body;
    expect(vtt).toContain('calligraphy');
    expect(vtt.split('\n').filter((l) => l.includes('-->')).length).toBeGreaterThan(0);
    const replaced = before[k].text;
    const occurrences = (text: string, word: string) => text.split(/\s+/).filter((w) => w.toLowerCase() === word.toLowerCase()).length;
    const cueText = vtt
      .split('\n')
      .filter((l) => l && !l.includes('-->') && l !== 'WEBVTT')
      .join(' ');
    const allText = (await owner.get(`/api/contributions/${contributionId}`))
      .json()
      .contribution.statements.map((s: Statement) => s.text)
      .join(' ');
    expect(occurrences(cueText, replaced)).toBe(occurrences(allText, replaced));

    // The vector follows once the statement is understood again.
    const done = await understood(owner, statement.id);
    expect(done.revision).toBe(1);
    expect((await search(owner, 'calligraphy', 'vector'))[0]?.statementId).toBe(statement.id);
  });

  it('answers 409 to a correction made on an older revision, and saves nothing for no change', async () => {
    const current = await statementOf(owner, statement.id);
    const stale = await patch(owner, statement.id, { text: 'something else', baseRevision: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('E_STATEMENT_CHANGED');
    const same = await patch(owner, statement.id, { text: `  ${current.text}  ` });
    expect(same.statusCode).toBe(200);
    expect(same.json().statement.revision).toBe(current.revision);
    expect((await owner.get(`/api/statements/${statement.id}/history`)).json().revisions).toHaveLength(current.revision);
  });

  it('refuses empty, too long, NUL-bearing and empty-speaker corrections with their codes', async () => {
    const code = async (payload: object) => {
      const res = await patch(owner, statement.id, payload);
      expect(res.statusCode, res.body).toBe(400);
      return res.json().error.code;
    };
    expect(await code({ text: '   ' })).toBe('E_BAD_STATEMENT_TEXT');
    // Length and control characters are the contract's (400 E_VALIDATION, like every text field).
    expect(await code({ text: 'a'.repeat(10_001) })).toBe('E_VALIDATION');
    expect(await code({ text: 'ask not\u0000what' })).toBe('E_VALIDATION');
    expect(await code({ speaker: ' ' })).toBe('E_BAD_SPEAKER');
    expect(await code({ speaker: 'x'.repeat(201) })).toBe('E_VALIDATION');
    expect(await code({})).toBe('E_BAD_REQUEST');
    expect(await code({ text: 42 })).toBe('E_VALIDATION');
  });
});

describe('who may correct a statement', () => {
  it('lets the author and hosts correct; other members get 403, outsiders 404 and the signed-out 401', async () => {
    const author = await addMember(t.app, owner, spaceId, 'Ava');
    const host = await addMember(t.app, owner, spaceId, 'Hal', 'host');
    const member = await addMember(t.app, owner, spaceId, 'Mo');
    const outsider = await Client.signUp(t.app, 'Xena');
    const c = await postTranscript(author, conferenceId, {
      title: 'Standup',
      turns: [{ speaker: 'Ava', text: 'The invoices export is almost ready for the accountants.', startMs: 0, endMs: 5000 }],
    });
    const id = c.statements[0].id;

    expect((await patch(member, id, { text: 'Mine now.' })).statusCode).toBe(403);
    expect((await patch(member, id, { text: 'Mine now.' })).json().error.code).toBe('E_FORBIDDEN');
    expect((await member.get(`/api/contributions/${c.id}`)).json().contribution.canEdit).toBe(false);
    expect((await patch(outsider, id, { text: 'Mine now.' })).statusCode).toBe(404);
    expect((await outsider.get(`/api/statements/${id}/history`)).statusCode).toBe(404);
    expect((await patch(new Client(t.app), id, { text: 'Mine now.' })).statusCode).toBe(401);

    expect((await patch(author, id, { text: 'The invoice export is almost ready for the accountants.' })).statusCode).toBe(200);
    expect((await patch(host, id, { speaker: 'Ava Stone' })).statusCode).toBe(200);
    expect((await patch(owner, id, { text: 'The invoice export is ready for the accountants.' })).statusCode).toBe(200);
    const history = (await member.get(`/api/statements/${id}/history`)).json().revisions;
    expect(history.map((r: { editor: { name: string } }) => r.editor.name)).toEqual(['Olga', 'Hal', 'Ava']);
    expect(history[1].speaker).toEqual({ before: 'Ava', after: 'Ava Stone' });
    expect((await statementOf(member, id)).text).toBe('The invoice export is ready for the accountants.');
  });
});

describe('what follows a correction', () => {
  it('relabels, re-gists and reroutes the statement, keeps user labels and removals; captions and expert links show it', async () => {
    const bea = await addMember(t.app, owner, spaceId, 'Bea');
    const cal = await addMember(t.app, owner, spaceId, 'Cal');
    const reader = await addMember(t.app, owner, spaceId, 'Rita');
    await postTranscript(bea, conferenceId, {
      title: 'Android encoder',
      turns: [
        {
          speaker: 'Bea',
          text: 'The Kotlin MediaCodec encoder leaks memory during long recordings on Android tablets; I traced the leak to the surface buffers of the encoder.',
          startMs: 0,
          endMs: 9000,
        },
      ],
    });
    await postTranscript(cal, conferenceId, {
      title: 'Pricing',
      turns: [
        {
          speaker: 'Cal',
          text: 'The pricing page lists the yearly plans and the invoice discounts; customers compare the pricing plans before they buy.',
          startMs: 0,
          endMs: 9000,
        },
      ],
    });
    const c = await postTranscript(owner, conferenceId, {
      title: 'Next steps',
      turns: [
        { speaker: 'Olga', text: 'We updated the pricing page plans and the invoice discounts for customers.', startMs: 0, endMs: 6000 },
      ],
    });
    const id = c.statements[0].id;
    const suggested = async () =>
      (await owner.get(`/api/statements/${id}/suggestions`)).json().suggestions.map((s: { name: string }) => s.name);
    expect((await suggested())[0]).toBe('Cal');

    // A user's tag and a user's removal of an AI label.
    expect((await owner.post(`/api/statements/${id}/labels`, { kind: 'topic', value: 'roadmap' })).statusCode).toBe(201);
    const aiTopic = (await statementOf(owner, id)).labels.find((l) => l.kind === 'topic' && l.source === 'ai')!;
    expect(
      (await owner.request({ method: 'DELETE', url: `/api/statements/${id}/labels/topic/${encodeURIComponent(aiTopic.value)}` }))
        .statusCode,
    ).toBe(200);

    const text = 'Who can look into why the Kotlin MediaCodec encoder leaks memory during long recordings on Android tablets?';
    const res = await patch(owner, id, { text, speaker: 'Olga Berg' });
    expect(res.statusCode, res.body).toBe(200);
    const done = await understood(owner, id);

    expect(done.labels.find((l) => l.kind === 'act')?.value).toBe('question');
    expect(done.labels).toContainEqual(expect.objectContaining({ kind: 'topic', value: 'roadmap', source: 'user' }));
    expect(done.labels.map((l) => l.value)).not.toContain(aiTopic.value);
    expect(done.gist).toMatch(/encoder/i);
    expect((await suggested())[0]).toBe('Bea');

    const digest = (
      await reader.get(`/api/conferences/${conferenceId}/digest?since=${encodeURIComponent(new Date(0).toISOString())}`)
    ).json().digest;
    const questions = digest.sections.find((s: { key: string }) => s.key === 'questions');
    expect(questions?.items.map((i: { statementId: string }) => i.statementId)).toContain(id);

    // An outside expert's link shows the corrected words too.
    const forwarded = await owner.post(`/api/statements/${id}/forwards`, { email: 'expert@example.net', name: 'Exa Pert' });
    expect(forwarded.statusCode, forwarded.body).toBe(201);
    const token = forwarded.json().link.split('/x/')[1];
    const link = (await new Client(t.app).get(`/api/x/${token}`)).json();
    expect(link.transcript.map((cue: { text: string }) => cue.text).join(' ')).toContain('MediaCodec encoder leaks memory');
    expect(link.transcript.map((cue: { text: string }) => cue.text).join(' ')).not.toContain('pricing');

    const vtt = (await owner.get(`/api/contributions/${c.id}/captions.vtt`)).body;
    expect(vtt).toContain('<v Olga Berg>');
    expect(vtt).not.toContain('<v Olga>');
    expect(vtt).toContain('MediaCodec');
    expect(vtt).not.toContain('pricing');
  });
});
