import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participation } from '@colloquy/contract';
import { sendDueDigests } from '../src/notify/digest-job.ts';
import { sendDueNudges } from '../src/participation/nudges.ts';
import { readEmail } from './helpers/eml.ts';
import { Client, postTranscript, startTestApp, type TestApp } from './helpers/app.ts';
import { waitFor } from './helpers/wait.ts';

/**
 * Participation and nudges (issue 16, item 2): a host and two members post real transcripts; the
 * host's participation view gives speaking time and statement shares that add up, who was asked
 * and has not answered (a question naming them, until they reply), and who has not opened the
 * conference since others contributed. Reminders go out NUDGE_AFTER_HOURS after the ask (the clock
 * is moved by passing `now`), a host's nudge sends one email and a second the same day is refused,
 * clicks and the sweep together still make one nudge a day, nudges off means no email, and the
 * digest email opens with "You were asked".
 */

const BASE = 'https://colloquy.example.org';
const HOUR = 3_600_000;
let t: TestApp;
let outboxDir: string;
type Member = Client & { userId: string; email: string };
let hana: Member; // owner and host
let ana: Member;
let ben: Member;
let outsider: Member;
let spaceId: string;
let conferenceId: string;
let benQuestion: { contributionId: string; statementId: string; startMs: number };
let anaQuestion: { statementId: string };

async function signUp(name: string): Promise<Member> {
  const client = new Client(t.app);
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const res = await client.post('/api/auth/signup', { email, password: 'correct horse battery', name });
  expect(res.statusCode, res.body).toBe(201);
  return Object.assign(client, { userId: res.json().user.id as string, email });
}

const emailsTo = (email: string) =>
  fs
    .readdirSync(outboxDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readEmail(fs.readFileSync(path.join(outboxDir, f), 'utf8')))
    .filter((m) => m.to === email);
const nudgeEmailsTo = (email: string) => emailsTo(email).filter((m) => /you were asked something|your view is welcome/.test(m.subject));

const participationOf = async (c: Client): Promise<Participation> => {
  const res = await c.get(`/api/conferences/${conferenceId}/participation`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().participation;
};
const lineOf = (p: Participation, userId: string) => p.members.find((m) => m.userId === userId)!;
const nudge = (c: Client, userId: string, body: Record<string, unknown> = {}) =>
  c.post(`/api/conferences/${conferenceId}/participation/${userId}/nudge`, body);

/** The sweep with another NUDGE_AFTER_HOURS, as a deployment with that setting would run it. */
const sweepWith = (afterHours: number, now: Date) =>
  sendDueNudges({ ...t.runtime, config: { ...t.runtime.config, nudges: { afterHours } } }, now);

/** A question statement of a posted contribution (the act label the pipeline gave it). */
function questionIn(
  c: { id: string; statements: { id: string; startMs: number; text: string; labels: { kind: string; value: string }[] }[] },
  words: string,
) {
  const st = c.statements.find((s) => s.text.includes(words));
  expect(st, `a statement with “${words}”`).toBeDefined();
  expect(st!.labels.some((l) => l.kind === 'act' && l.value === 'question')).toBe(true);
  return { contributionId: c.id, statementId: st!.id, startMs: st!.startMs };
}

beforeAll(async () => {
  outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-nudge-outbox-'));
  t = await startTestApp({ OUTBOX_DIR: outboxDir, DIGEST_HOUR_UTC: '0', PUBLIC_URL: BASE, NUDGE_AFTER_HOURS: '24' });
  hana = await signUp('Hana Berg');
  spaceId = (await hana.post('/api/spaces', { name: 'Product' })).json().space.id;
  conferenceId = (await hana.post(`/api/spaces/${spaceId}/conferences`, { title: 'Pilot budget' })).json().conference.id;
  ana = await signUp('Ana Lima');
  ben = await signUp('Ben Okafor');
  outsider = await signUp('Olaf Out');
  for (const m of [ana, ben])
    expect((await hana.post(`/api/spaces/${spaceId}/members`, { email: m.email, role: 'member' })).statusCode).toBe(201);

  // Ana speaks for 40 s and asks Ben something; Hana speaks for 20 s and asks Ana something.
  const anaPost = await postTranscript(ana, conferenceId, {
    title: 'Budget draft',
    turns: [
      {
        speaker: 'Ana Lima',
        text: 'I drafted the budget for the pilot with three stores. The hardware is about forty percent of it, and training the staff takes most of the rest.',
        startMs: 0,
        endMs: 25_000,
      },
      {
        speaker: 'Ana Lima',
        text: 'Ben, does the vendor quote include the support contract for the first year?',
        startMs: 26_000,
        endMs: 40_000,
      },
    ],
  });
  benQuestion = questionIn(anaPost, 'vendor quote');
  const hanaPost = await postTranscript(hana, conferenceId, {
    title: 'Timeline',
    turns: [
      {
        speaker: 'Hana Berg',
        text: '@ana could we start the pilot in March instead of May?',
        startMs: 0,
        endMs: 20_000,
      },
    ],
  });
  anaQuestion = questionIn(hanaPost, 'start the pilot');
}, 240_000);

afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(outboxDir, { recursive: true, force: true });
});

describe('participation', () => {
  it('gives hosts speaking time and statement shares that add up, the unanswered asks, and who has not opened it', async () => {
    const p = await participationOf(hana);
    expect(p.canNudge).toBe(true);
    expect(p.members.map((m) => m.name).sort()).toEqual(['Ana Lima', 'Ben Okafor', 'Hana Berg']);
    const [a, b, h] = [lineOf(p, ana.userId), lineOf(p, ben.userId), lineOf(p, hana.userId)];
    expect(a.speakingMs).toBeGreaterThan(h.speakingMs); // 40 s against 20 s
    expect(b).toMatchObject({ contributions: 0, statements: 0, speakingMs: 0, speakingShare: 0 });
    expect(a.contributions).toBe(1);
    const speaking = p.members.reduce((n, m) => n + m.speakingShare, 0) + p.others.speakingShare;
    const statements = p.members.reduce((n, m) => n + m.statementShare, 0) + p.others.statementShare;
    expect(speaking).toBeCloseTo(1, 6);
    expect(statements).toBeCloseTo(1, 6);
    expect(a.speakingMs + h.speakingMs).toBe(p.totals.speakingMs);
    expect(a.speakingShare).toBeCloseTo(a.speakingMs / p.totals.speakingMs, 6);

    // Ben was asked by Ana's question; Ana by Hana's; nobody by their own question.
    expect(b.asked).toEqual([expect.objectContaining({ kind: 'question', statementId: benQuestion.statementId, askedBy: 'Ana Lima' })]);
    expect(a.asked.map((x) => x.statementId)).toEqual([anaQuestion.statementId]);
    expect(h.asked).toEqual([]);

    // Ben never opened the conference; once he visits, he is no longer flagged.
    expect(b.notOpenedSince).toBe(true);
    expect((await ben.post(`/api/conferences/${conferenceId}/visit`)).statusCode).toBe(200);
    expect(lineOf(await participationOf(hana), ben.userId).notOpenedSince).toBe(false);
  });

  it('shows a member their own line only, and is not found for non-members', async () => {
    const mine = await participationOf(ben);
    expect(mine.members.map((m) => m.userId)).toEqual([ben.userId]);
    expect(mine.canNudge).toBe(false);
    expect((await nudge(ben, ana.userId)).json().error.code).toBe('E_FORBIDDEN');

    for (const res of [await outsider.get(`/api/conferences/${conferenceId}/participation`), await nudge(outsider, ben.userId)]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('E_NOT_FOUND');
    }
    const res = await nudge(hana, outsider.userId);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('E_NOT_A_MEMBER');
  });

  it('reminds the asked NUDGE_AFTER_HOURS after the question, once, quoting it with a link to its moment', async () => {
    const now = Date.now();
    expect(await sendDueNudges(t.runtime, new Date(now))).toBe(0);
    expect(await sendDueNudges(t.runtime, new Date(now + 23 * HOUR))).toBe(0);
    expect(await sendDueNudges(t.runtime, new Date(now + 25 * HOUR))).toBe(2); // Ben and Ana, one each
    const [mail] = await waitFor('Ben’s reminder', async () => nudgeEmailsTo(ben.email), { until: (m) => m.length > 0 });
    expect(mail.subject).toBe('Pilot budget: you were asked something (Colloquy)');
    expect(mail.body, mail.body).toContain('You were asked: “Ben, does the vendor quote include the support contract');
    const link = `${BASE}/c/${conferenceId}/watch/${benQuestion.contributionId}?t=${Math.floor(benQuestion.startMs / 1000)}&s=${benQuestion.statementId}`;
    expect(mail.body).toContain(link);
    // The same run again, or a later day: each ask is reminded of once.
    expect(await sendDueNudges(t.runtime, new Date(now + 25 * HOUR))).toBe(0);
    expect(await sendDueNudges(t.runtime, new Date(now + 49 * HOUR))).toBe(0);
    const notes = (await ben.get('/api/notifications')).json().notifications as { kind: string; payload: Record<string, unknown> }[];
    expect(notes.filter((n) => n.kind === 'nudge')).toHaveLength(1);
  });

  it('lets a host nudge with one click, one a day: a second click is refused', async () => {
    const first = await nudge(hana, ana.userId, { message: 'We need your answer before Friday.' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().nudge).toMatchObject({ userId: ana.userId, conferenceId, asks: 1 });
    const second = await nudge(hana, ana.userId);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('E_ALREADY_NUDGED');
    const mails = await waitFor('Ana’s nudge emails', async () => nudgeEmailsTo(ana.email), { until: (m) => m.length >= 2 });
    const today = mails.filter((m) => m.body.includes('Hana Berg would like to hear from you'));
    expect(today).toHaveLength(1);
    expect(today[0].body).toContain('We need your answer before Friday.');
    expect(today[0].body).toContain('could we start the pilot in March');
    expect(lineOf(await participationOf(hana), ana.userId).nudgedToday).toBe(true);
  });

  it('makes one nudge a day whatever comes together: two clicks and the sweep', async () => {
    // A new question to Ben, due at once for a sweep with NUDGE_AFTER_HOURS=0.
    const follow = await postTranscript(ana, conferenceId, {
      title: 'One more',
      turns: [{ speaker: 'Ana Lima', text: 'And Ben, who signs the purchase order on the vendor side?', startMs: 0, endMs: 9_000 }],
    });
    questionIn(follow, 'purchase order');
    const before = nudgeEmailsTo(ben.email).length;
    const [a, b, swept] = await Promise.all([nudge(hana, ben.userId), nudge(hana, ben.userId), sweepWith(0, new Date())]);
    const made = [a.statusCode, b.statusCode].filter((c) => c === 201).length + swept;
    expect(made).toBe(1);
    for (const res of [a, b].filter((r) => r.statusCode !== 201)) expect(res.json().error.code).toBe('E_ALREADY_NUDGED');
    await waitFor('Ben’s nudge email', async () => nudgeEmailsTo(ben.email), { until: (m) => m.length > before });
    await new Promise((r) => setTimeout(r, 1500)); // a second email, were there one, would be written by now
    expect(nudgeEmailsTo(ben.email)).toHaveLength(before + 1);
  });

  it('keeps a question open until the member asked replies to it', async () => {
    expect(lineOf(await participationOf(hana), ben.userId).asked.map((x) => x.statementId)).toContain(benQuestion.statementId);
    await postTranscript(ben, conferenceId, {
      title: 'Re: vendor quote',
      replyTo: benQuestion.statementId,
      turns: [{ speaker: 'Ben Okafor', text: 'Yes, the first year of support is in the quote.', startMs: 0, endMs: 6_000 }],
    });
    const b = lineOf(await participationOf(hana), ben.userId);
    expect(b.asked.map((x) => x.statementId)).not.toContain(benQuestion.statementId);
    expect(b.asked).toHaveLength(1); // the purchase order question is still open
    expect(b.statements).toBe(1);
  });

  it('lists a statement forwarded to a member until they reply to it', async () => {
    const res = await hana.post(`/api/statements/${anaQuestion.statementId}/forwards`, {
      userId: ben.userId,
      note: 'You ran the last pilot.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const forwarded = lineOf(await participationOf(hana), ben.userId).asked.find((a) => a.kind === 'forward');
    expect(forwarded).toMatchObject({ statementId: anaQuestion.statementId, askedBy: 'Hana Berg' });
    expect(forwarded!.text).toContain('You ran the last pilot.');
    await postTranscript(ben, conferenceId, {
      title: 'Re: March',
      replyTo: anaQuestion.statementId,
      turns: [
        { speaker: 'Ben Okafor', text: 'March worked last time, once the stores had their staff trained.', startMs: 0, endMs: 6_000 },
      ],
    });
    expect(lineOf(await participationOf(hana), ben.userId).asked.some((a) => a.kind === 'forward')).toBe(false);
    // Ana was asked that question, not Ben: his reply leaves it open for her.
    expect(lineOf(await participationOf(hana), ana.userId).asked.map((a) => a.statementId)).toContain(anaQuestion.statementId);
  });

  it('sends no nudge to a member who turned nudges off', async () => {
    const later = await postTranscript(hana, conferenceId, {
      title: 'Stores',
      turns: [{ speaker: 'Hana Berg', text: 'Ana Lima, which three stores did you pick for the pilot?', startMs: 0, endMs: 7_000 }],
    });
    questionIn(later, 'which three stores');
    const off = await ana.request({ method: 'PUT', url: '/api/me/preferences', payload: { nudges: false } });
    expect(off.json().preferences.nudges).toBe(false);
    const before = nudgeEmailsTo(ana.email).length;
    const inThreeDays = new Date(Date.now() + 73 * HOUR);
    expect(await sendDueNudges(t.runtime, inThreeDays)).toBe(0);
    const refused = await nudge(hana, ana.userId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('E_NUDGES_OFF');
    expect(lineOf(await participationOf(hana), ana.userId).acceptsNudges).toBe(false);
    await new Promise((r) => setTimeout(r, 1000));
    expect(nudgeEmailsTo(ana.email)).toHaveLength(before);

    // Turned back on, the same run reminds her.
    await ana.request({ method: 'PUT', url: '/api/me/preferences', payload: { nudges: true } });
    expect(await sendDueNudges(t.runtime, inThreeDays)).toBe(1);
    await waitFor('Ana’s reminder', async () => nudgeEmailsTo(ana.email), { until: (m) => m.length > before });
  });

  it('opens the digest email with “You were asked” lines linking to the question', async () => {
    await ben.request({ method: 'PUT', url: '/api/me/preferences', payload: { digestFrequency: 'daily' } });
    const tomorrow = new Date(Date.now() + 24 * HOUR);
    expect(await sendDueDigests(t.runtime, tomorrow)).toBeGreaterThanOrEqual(1);
    const [mail] = await waitFor('Ben’s digest', async () => emailsTo(ben.email).filter((m) => m.subject.includes('Colloquy digest')), {
      until: (m) => m.length > 0,
    });
    const text = mail.body.replace(/\r\n/g, '\n');
    const afterGreeting = text.slice(text.indexOf('Hi Ben Okafor,') + 'Hi Ben Okafor,'.length).trimStart();
    expect(afterGreeting.startsWith('You were asked: “And Ben, who signs the purchase order'), afterGreeting.slice(0, 200)).toBe(true);
    const askLines = text.split('\n').filter((l) => l.startsWith('You were asked'));
    expect(askLines).toHaveLength(1); // the vendor question is answered
    expect(askLines[0]).toContain('(Ana Lima, in Pilot budget, 0:00)');
    expect(text).toMatch(new RegExp(`${BASE}/c/${conferenceId}/watch/[0-9a-f-]+\\?t=\\d+&s=[0-9a-f-]+`));
  });
});
