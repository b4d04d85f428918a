import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asrClips, makeAudioFromClip } from './fixtures/media.ts';
import { Client, multipart, postTranscript, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';

/**
 * Transcript speakers linked to members: an imported meeting's labels are linked by display name
 * (or as a host says), so the person who asked a question is never suggested to answer it, their
 * statements count as theirs in others' suggestions, and a host confirms or corrects the links
 * (GET/PUT /api/contributions/:id/speakers).
 */

let t: TestApp;
type Signed = Client & { userId: string };
let host: Client;
let ana: Signed; // asks the question in the meeting, and has said the most about remotes before
let bo: Signed; // holds the floor just before her question
let cy: Signed; // also in the meeting
let sam: Signed; // a member who is not a host
let spaceId: string;
let conferenceId: string;
let meeting: {
  id: string;
  statements: { id: string; speaker: string; text: string; startMs: number }[];
};
let question: { id: string };

const s = (sec: number) => sec * 1000;

/** A member of the space with a display name of several words (Client.signUp puts the name in the email). */
async function addMember(name: string): Promise<Signed> {
  const client = new Client(t.app);
  const email = `${name.replace(/\W/g, '').toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const res = await client.post('/api/auth/signup', { email, password: 'correct horse battery', name });
  expect(res.statusCode, res.body).toBe(201);
  expect((await host.post(`/api/spaces/${spaceId}/members`, { email, role: 'member' })).statusCode).toBe(201);
  return Object.assign(client, { userId: res.json().user.id as string });
}

interface SuggestionJson {
  kind: string;
  id: string;
  name: string;
  reasons: string[];
  evidence: { statementId: string; contributionId: string; conferenceId: string; startMs: number; saidAt: string; text: string }[];
}

const suggestionsFor = async (c: Client, statementId: string): Promise<SuggestionJson[]> => {
  const res = await c.get(`/api/statements/${statementId}/suggestions`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().suggestions;
};

beforeAll(async () => {
  t = await startTestApp();
  const made = await spaceWithConference(t.app, 'Host');
  host = made.client;
  spaceId = made.space.id;
  conferenceId = made.conference.id;
  ana = await addMember('Ana Lima');
  bo = await addMember('Bo Berg');
  cy = await addMember('Cy Chen');
  sam = await addMember('Sam Ortiz');

  // Before the meeting, Ana posted about the remote's battery: her own words are the closest to her question.
  await postTranscript(ana, conferenceId, {
    title: 'Battery notes',
    turns: [
      {
        speaker: 'Ana Lima',
        text: 'The remote control battery should last a year; rechargeable batteries in the remote control cost more.',
        startMs: 0,
        endMs: s(9),
      },
    ],
  });

  // The host imports a meeting whose labels name the members loosely, plus a guest.
  meeting = await postTranscript(host, conferenceId, {
    title: 'Design meeting',
    turns: [
      {
        speaker: 'ana',
        text: 'Let us start with the case of the remote control and the materials we could use for it.',
        startMs: 0,
        endMs: s(9),
      },
      {
        speaker: 'CY CHEN',
        text: 'Rubber on the sides feels good in the hand, and plastic on the front keeps the price of the case low.',
        startMs: s(10),
        endMs: s(20),
      },
      {
        speaker: 'Guest (visitor)',
        text: 'In our shop people ask most about how long the batteries last before they need replacing.',
        startMs: s(21),
        endMs: s(30),
      },
      {
        speaker: 'Bo Berg',
        text: 'The chip we picked runs on two small batteries, and a kinetic charger would cost us four euros more per unit.',
        startMs: s(31),
        endMs: s(42),
      },
      { speaker: 'ana', text: 'So how long will the remote control battery last with that chip?', startMs: s(43), endMs: s(49) },
    ],
  });
  const asked = meeting.statements.filter((x) => x.speaker === 'ana' && x.text.includes('?'));
  expect(asked).toHaveLength(1);
  question = asked[0];
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-speakers-'));
afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('transcript speakers linked to members', () => {
  it('links labels to members by display name at import, and a guest to nobody', async () => {
    const res = await ana.get(`/api/contributions/${meeting.id}/speakers`);
    expect(res.statusCode, res.body).toBe(200);
    const bySpeaker = Object.fromEntries(
      (res.json().speakers as { speaker: string; userId: string | null; source: string }[]).map((l) => [l.speaker, l]),
    );
    expect(bySpeaker.ana).toMatchObject({ userId: ana.userId, name: 'Ana Lima', source: 'name', statementCount: 2 });
    expect(bySpeaker['CY CHEN']).toMatchObject({ userId: cy.userId, source: 'name' });
    expect(bySpeaker['Bo Berg']).toMatchObject({ userId: bo.userId, source: 'name' });
    expect(bySpeaker['Guest (visitor)']).toMatchObject({ userId: null, source: 'name' });
  });

  it('never suggests the asker for their own question, and puts first who spoke just before it', async () => {
    const list = await suggestionsFor(host, question.id);
    const names = list.map((x) => x.name);
    expect(names).not.toContain('Ana Lima'); // she asked it (and her past words are the closest)
    expect(names).not.toContain('Host'); // imported it, and is asking
    expect(names[0]).toBe('Bo Berg');
    expect(list[0].reasons[0]).toBe('spoke just before this');
    // Asked by someone else (Sam), the asker is still not suggested.
    expect((await suggestionsFor(sam, question.id)).map((x) => x.name)).not.toContain('Ana Lima');
  });

  it("credits a meeting statement to its speaker: a later question quotes Bo's words with their day and link", async () => {
    const later = await postTranscript(sam, conferenceId, {
      title: 'Cost question',
      turns: [{ speaker: 'Sam Ortiz', text: 'What would a kinetic charger cost us per unit on the chip?', startMs: 0, endMs: s(8) }],
    });
    const bo1 = (await suggestionsFor(host, later.statements[0].id)).find((x) => x.name === 'Bo Berg')!;
    expect(bo1).toBeDefined();
    const boStatement = meeting.statements.find((x) => x.speaker === 'Bo Berg')!;
    expect(bo1.evidence[0]).toMatchObject({
      statementId: boStatement.id,
      contributionId: meeting.id,
      conferenceId,
      startMs: boStatement.startMs,
    });
    expect(Number.isNaN(Date.parse(bo1.evidence[0].saidAt))).toBe(false);
    expect(bo1.reasons).toContainEqual(
      expect.stringMatching(/^said “The chip we picked runs on two small batteries.*” on \d{1,2} [A-Z][a-z]+/),
    );
    // The host who imported the meeting is not credited with what Bo said.
    const hostAsks = await postTranscript(ana, conferenceId, {
      title: 'Another cost question',
      turns: [{ speaker: 'Ana Lima', text: 'Does the kinetic charger cost four euros more per unit?', startMs: 0, endMs: s(8) }],
    });
    const hostSuggestion = (await suggestionsFor(sam, hostAsks.statements[0].id)).find((x) => x.name === 'Host');
    expect(hostSuggestion?.evidence.map((e) => e.statementId) ?? []).not.toContain(boStatement.id);
  });

  it('lets only owners and hosts set the links, and checks labels and members', async () => {
    const put = (c: Client, speakers: unknown) =>
      c.request({ method: 'PUT', url: `/api/contributions/${meeting.id}/speakers`, payload: { speakers } });
    const guest = [{ speaker: 'Guest (visitor)', userId: sam.userId }];

    const asMember = await put(sam, guest);
    expect(asMember.statusCode).toBe(403);
    expect(asMember.json().error.code).toBe('E_FORBIDDEN');
    const outsider = await Client.signUp(t.app, 'Outsider');
    expect((await put(outsider, guest)).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'PUT', url: `/api/contributions/${meeting.id}/speakers`, payload: { speakers: guest } })).statusCode,
    ).toBe(401);

    const unknown = await put(host, [{ speaker: 'Nobody said this', userId: sam.userId }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('E_UNKNOWN_SPEAKER');
    const notMember = await put(host, [{ speaker: 'Guest (visitor)', userId: outsider.userId }]);
    expect(notMember.statusCode).toBe(400);
    expect(notMember.json().error.code).toBe('E_NOT_A_MEMBER');

    const ok = await put(host, guest);
    expect(ok.statusCode, ok.body).toBe(200);
    const links = ok.json().speakers as { speaker: string; userId: string | null; source: string | null }[];
    expect(links.find((l) => l.speaker === 'Guest (visitor)')).toMatchObject({ userId: sam.userId, name: 'Sam Ortiz', source: 'host' });
    expect(links.find((l) => l.speaker === 'ana')).toMatchObject({ userId: ana.userId, source: 'name' }); // untouched

    // Sam said the guest's statement now: it is never suggested to them.
    const guestStatement = meeting.statements.find((x) => x.speaker === 'Guest (visitor)')!;
    expect((await suggestionsFor(host, guestStatement.id)).map((x) => x.name)).not.toContain('Sam Ortiz');
  });

  it('takes an explicit mapping at import from a host, and refuses it from a member', async () => {
    const turns = [
      { speaker: 'ID (B)', text: 'The case could be made of rubber so it survives being dropped.', startMs: 0, endMs: s(8) },
      { speaker: 'PM (C)', text: 'Which material is cheaper to produce in large numbers?', startMs: s(9), endMs: s(15) },
    ];
    const fromMember = await sam.post(`/api/conferences/${conferenceId}/transcripts`, {
      title: 'Mapped by a member',
      turns,
      speakers: [{ speaker: 'ID (B)', userId: cy.userId }],
    });
    expect(fromMember.statusCode).toBe(403);

    const badLabel = await host.post(`/api/conferences/${conferenceId}/transcripts`, {
      title: 'Mapped wrong',
      turns,
      speakers: [{ speaker: 'UI (D)', userId: cy.userId }],
    });
    expect(badLabel.statusCode).toBe(400);
    expect(badLabel.json().error.code).toBe('E_UNKNOWN_SPEAKER');

    const res = await host.post(`/api/conferences/${conferenceId}/transcripts`, {
      title: 'Mapped by the host',
      turns,
      speakers: [{ speaker: 'ID (B)', userId: cy.userId }],
    });
    expect(res.statusCode, res.body).toBe(202);
    const links = (await host.get(`/api/contributions/${res.json().contribution.id}/speakers`)).json().speakers;
    expect(links).toEqual([
      { speaker: 'ID (B)', userId: cy.userId, name: 'Cy Chen', source: 'host', statementCount: expect.any(Number) },
      { speaker: 'PM (C)', userId: null, name: null, source: 'name', statementCount: expect.any(Number) },
    ]);
  });

  it("links the speakers a meeting tool's caption file names (real speech, two voices named)", async () => {
    const audio = path.join(tmp, 'jfk.m4a');
    await makeAudioFromClip(asrClips().find((c) => c.file.includes('jfk'))!.path, audio, 'm4a');
    const vtt = [
      'WEBVTT',
      '',
      '00:00:00.500 --> 00:00:04.000',
      '<v Bo Berg>And so, my fellow Americans,',
      '',
      '00:00:04.000 --> 00:00:10.500',
      '<v Cy>ask not what your country can do for you, ask what you can do for your country.',
      '',
    ].join('\n');
    const body = multipart([
      { name: 'file', file: fs.readFileSync(audio), filename: 'a.m4a' },
      { name: 'captions', file: Buffer.from(vtt), filename: 'captions.vtt', contentType: 'text/vtt' },
    ]);
    const res = await host.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForContribution(host, res.json().contribution.id);
    expect(done.status).toBe('ready');
    const links = (await host.get(`/api/contributions/${done.id}/speakers`)).json().speakers;
    expect(links.map((l: { speaker: string; userId: string | null; source: string }) => [l.speaker, l.userId, l.source])).toEqual([
      ['Bo Berg', bo.userId, 'name'],
      ['Cy', cy.userId, 'name'],
    ]);
  });
});
