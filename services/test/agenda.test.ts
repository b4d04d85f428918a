import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../src/webhooks/signature.ts';
import { addMember, Client, postTranscript, spaceWithConference, startTestApp, type TestApp } from './helpers/app.ts';
import { outboxEmails, waitForEmail } from './helpers/interview.ts';
import { waitFor } from './helpers/wait.ts';

/** A webhook receiver on loopback that records each request. */
class Receiver {
  readonly requests: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      this.requests.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  url = '';
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close = () => new Promise((r) => this.server.close(r));
}

const AMI = path.resolve(import.meta.dirname, '../../../shared/eval/ami/dev/ami_normalized_dev.jsonl');
function amiMeeting(id: string) {
  const line = fs
    .readFileSync(AMI, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`{"id": "${id}"`))!;
  const m = JSON.parse(line) as { id: string; turns: { speaker: string; text: string; start: number; end: number }[] };
  return m.turns.map((x) => ({ speaker: x.speaker, text: x.text, startMs: Math.round(x.start * 1000), endMs: Math.round(x.end * 1000) }));
}

const BASE = 'https://colloquy.example.org';
let t: TestApp;
let outboxDir: string;
const receiver = new Receiver();
beforeAll(async () => {
  await receiver.start();
  outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-outbox-'));
  t = await startTestApp({ OUTBOX_DIR: outboxDir, PUBLIC_URL: BASE, WEBHOOK_ALLOW_PRIVATE: 'true' });
});
afterAll(async () => {
  await t?.close({ remove: true });
  await receiver.close();
  fs.rmSync(outboxDir, { recursive: true, force: true });
});

/** The unfolded content lines of an .ics file (RFC 5545 3.1). */
const icsLines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');
const unescapeText = (v: string) => v.replace(/\\n/g, '\n').replace(/\\([,;\\])/g, '$1');

describe('the agenda for the next live meeting', () => {
  let host: Awaited<ReturnType<typeof spaceWithConference>>['client'];
  let member: Client & { userId: string; email: string };
  let conferenceId: string;
  let spaceId: string;
  let meeting: { id: string; statements: { id: string; startMs: number; endMs: number; labels: { kind: string; value: string }[] }[] };
  let secret: string;

  it('drafts from a real AMI dev meeting posted as transcripts: its open questions, with play links', async () => {
    const made = await spaceWithConference(t.app, 'Hana');
    host = made.client;
    conferenceId = made.conference.id;
    spaceId = made.space.id;
    member = await addMember(t.app, host, spaceId, 'Milo');
    const hook = await host.post(`/api/spaces/${spaceId}/webhooks`, { url: `${receiver.url}/hooks`, events: ['agenda.published'] });
    expect(hook.statusCode).toBe(201);
    secret = hook.json().secret;

    meeting = await postTranscript(host, conferenceId, { title: 'Kick-off (ES2006a)', turns: amiMeeting('ES2006a') });
    const res = await host.post(`/api/conferences/${conferenceId}/agenda/draft`, {});
    expect(res.statusCode).toBe(201);
    const agenda = res.json().agenda;
    expect(agenda).toMatchObject({ status: 'draft', conferenceId, linkedContributionId: null });
    expect(agenda.items.length).toBeGreaterThanOrEqual(3);
    expect(agenda.items.length).toBeLessThanOrEqual(10);

    const byId = new Map(meeting.statements.map((s) => [s.id, s]));
    const questions = agenda.items.filter((i: { kind: string }) => i.kind === 'question');
    expect(questions.length).toBeGreaterThanOrEqual(1);
    for (const q of questions) {
      expect(q.title).toMatch(/\?$/);
      expect(q.why).toContain('not answered');
      // Each cites a statement of the meeting labelled a question, with the player at its second.
      expect(q.citations.length).toBeGreaterThanOrEqual(1);
      const lead = byId.get(q.citations[0].statementId)!;
      expect(lead.labels.some((l) => l.kind === 'act' && l.value === 'question')).toBe(true);
      expect(q.citations[0]).toMatchObject({ contributionId: meeting.id, startMs: lead.startMs });
      expect(q.citations[0].link).toBe(`/c/${conferenceId}/watch/${meeting.id}?t=${Math.floor(lead.startMs / 1000)}&s=${lead.id}`);
    }
    // Ordered by how much each matters.
    const scores = agenda.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    // Deterministic: drafting again gives the same agenda.
    const again = (await host.post(`/api/conferences/${conferenceId}/agenda/draft`, {})).json().agenda;
    expect(again.items.map((i: { title: string }) => i.title)).toEqual(agenda.items.map((i: { title: string }) => i.title));
  });

  it('is for hosts to edit: members get 403 and see nothing before it is published, outsiders 404', async () => {
    const base = `/api/conferences/${conferenceId}/agenda`;
    expect((await member.get(base)).json()).toEqual({ agenda: null });
    for (const [method, url, payload] of [
      ['POST', `${base}/draft`, {}],
      ['PUT', base, { title: 'Mine now' }],
      ['POST', `${base}/publish`, {}],
      ['POST', `${base}/link`, { contributionId: meeting.id }],
    ] as const) {
      const res = await member.request({ method, url, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('E_FORBIDDEN');
    }
    expect((await member.get(`${base}.md`)).statusCode).toBe(404);

    const outsider = await Client.signUp(t.app, 'Oscar');
    for (const [method, url] of [
      ['GET', base],
      ['PUT', base],
      ['POST', `${base}/draft`],
      ['GET', `${base}.ics`],
    ] as const) {
      const res = await outsider.request({ method, url, payload: method === 'GET' ? undefined : {} });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await new Client(t.app).get(base)).statusCode).toBe(401);
  });

  it('lets a host rename, reorder, remove and add items, refusing items that are not its own', async () => {
    const base = `/api/conferences/${conferenceId}/agenda`;
    const before = (await host.get(base)).json().agenda;
    const [a, b, ...rest] = before.items;
    const items = [
      { id: b.id, title: b.title },
      { id: a.id, title: 'What should the remote control cost?' },
      ...rest.slice(0, -1).map((i: { id: string; title: string }) => ({ id: i.id, title: i.title })),
      { title: 'Budget for the office party catering' },
    ];
    const res = await host.request({ method: 'PUT', url: base, payload: { title: 'Design meeting 2', items } });
    expect(res.statusCode).toBe(200);
    const after = res.json().agenda;
    expect(after.title).toBe('Design meeting 2');
    expect(after.items.map((i: { title: string }) => i.title)).toEqual(items.map((i) => i.title));
    expect(after.items[1]).toMatchObject({ id: a.id, citations: a.citations }); // renamed, keeps its statements
    expect(after.items.at(-1)).toMatchObject({ kind: 'topic', citations: [] });
    expect(after.items.some((i: { id: string }) => i.id === before.items.at(-1).id)).toBe(false);

    const other = await spaceWithConference(t.app, 'Ivy');
    const foreign = await postTranscript(other.client, other.conference.id, {
      title: 'Elsewhere',
      turns: [{ speaker: 'Ivy', text: 'Should we order new chairs for the studio next month?', startMs: 0, endMs: 4000 }],
    });
    for (const bad of [
      [{ id: '00000000-0000-4000-8000-000000000000', title: 'Not on it' }],
      [{ title: 'Stolen', statementIds: [foreign.statements[0].id] }],
      [
        { id: a.id, title: 'Twice' },
        { id: a.id, title: 'Twice' },
      ],
    ]) {
      const r = await host.request({ method: 'PUT', url: base, payload: { items: bad } });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('E_BAD_AGENDA');
    }
    const blank = await host.request({ method: 'PUT', url: base, payload: { items: [{ title: 'a\u0000b' }] } });
    expect(blank.json().error.code).toBe('E_VALIDATION');
  });

  it('publishes: members get a notification and an email, webhooks agenda.published; exports as Markdown and .ics', async () => {
    const base = `/api/conferences/${conferenceId}/agenda`;
    const early = await host.get(`${base}.ics`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('E_AGENDA_NO_TIME');

    const seen = new Set(outboxEmails(outboxDir).map((m) => m.file));
    const res = await host.post(`${base}/publish`, { startsAt: '2026-12-10T14:00:00.000Z', durationMinutes: 45 });
    expect(res.statusCode).toBe(200);
    const agenda = res.json().agenda;
    expect(agenda).toMatchObject({ status: 'published', startsAt: '2026-12-10T14:00:00.000Z', durationMinutes: 45 });

    const notes = (await member.get('/api/notifications')).json().notifications;
    expect(notes[0]).toMatchObject({ kind: 'agenda', payload: { conferenceId, title: 'Design meeting 2', authorName: 'Hana' } });
    expect((await host.get('/api/notifications')).json().notifications.some((n: { kind: string }) => n.kind === 'agenda')).toBe(false);

    const mail = await waitForEmail(outboxDir, member.email, 'agenda', seen);
    expect(mail.subject).toContain('Design meeting 2');
    expect(mail.body).toContain(`${BASE}/c/${conferenceId}/agenda`);

    const delivered = await waitFor('agenda.published to reach the receiver', () =>
      receiver.requests.find((r) => r.headers['colloquy-event'] === 'agenda.published'),
    );
    const payload = JSON.parse(delivered.body);
    expect(payload).toMatchObject({
      type: 'agenda.published',
      spaceId,
      data: { agendaId: agenda.id, conferenceId, itemCount: agenda.items.length, links: { agenda: `${BASE}/c/${conferenceId}/agenda` } },
    });
    expect(verify(secret, delivered.body, String(delivered.headers['colloquy-signature']))).toBe(true);

    // Publishing again tells nobody twice.
    expect((await host.post(`${base}/publish`, {})).statusCode).toBe(200);
    expect((await member.get('/api/notifications')).json().notifications.filter((n: { kind: string }) => n.kind === 'agenda')).toHaveLength(
      1,
    );

    // Members read it now, and export it.
    expect((await member.get(base)).json().agenda.items).toHaveLength(agenda.items.length);
    const md = await member.get(`${base}.md`);
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.body).toMatch(/^# Design meeting 2\n/);
    expect(md.body).toContain('2. **What should the remote control cost?**');
    const cite = agenda.items[0].citations[0];
    expect(md.body).toContain(
      `(${BASE}/c/${conferenceId}/watch/${cite.contributionId}?t=${Math.floor(cite.startMs / 1000)}&s=${cite.statementId})`,
    );

    const ics = await member.get(`${base}.ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body.endsWith('\r\n')).toBe(true);
    for (const raw of ics.body.split('\r\n')) expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(75);
    const lines = icsLines(ics.body);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain('DTSTART:20261210T140000Z');
    expect(lines).toContain('DTEND:20261210T144500Z');
    expect(lines).toContain('SUMMARY:Design meeting 2');
    expect(lines).toContain(`UID:agenda-${agenda.id}@colloquy`);
    const description = unescapeText(lines.find((l) => l.startsWith('DESCRIPTION:'))!.slice('DESCRIPTION:'.length));
    expect(description).toContain('2. What should the remote control cost? (Open question)');
    expect(description).toContain('Budget for the office party catering');
    expect(description).toContain(`${BASE}/c/${conferenceId}/watch/${cite.contributionId}?t=`);
    expect(lines.indexOf('END:VEVENT')).toBeLessThan(lines.indexOf('END:VCALENDAR'));
  });

  it("links each item to where the live meeting discussed it once that meeting's transcript is imported", async () => {
    const base = `/api/conferences/${conferenceId}/agenda`;
    const live = await postTranscript(host, conferenceId, { title: 'Functional design (ES2006b)', turns: amiMeeting('ES2006b') });
    const linked = await waitFor('the agenda to be linked to the live meeting', async () => (await host.get(base)).json().agenda, {
      until: (a) => a.linkedContributionId === live.id,
    });
    expect(linked.items.every((i: { discussed: boolean | null }) => typeof i.discussed === 'boolean')).toBe(true);
    const discussed = linked.items.filter((i: { discussed: boolean }) => i.discussed);
    expect(discussed.length).toBeGreaterThanOrEqual(1);
    for (const item of discussed) {
      expect(item.discussedAt.length).toBeGreaterThanOrEqual(1);
      for (const c of item.discussedAt) expect(c.contributionId).toBe(live.id);
    }
    expect(linked.items.find((i: { title: string }) => i.title === 'Budget for the office party catering')).toMatchObject({
      discussed: false,
      discussedAt: [],
    });
    expect((await host.get(`${base}.md`)).body).toContain(
      'Budget for the office party catering** (Topic: added by a host) (not discussed)',
    );

    // A host may link it by hand too, only to a ready contribution of this conference.
    const bad = await host.post(`${base}/link`, { contributionId: '00000000-0000-4000-8000-000000000000' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('E_BAD_AGENDA_LINK');
    const again = await host.post(`${base}/link`, { contributionId: live.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().agenda.items.map((i: { discussed: boolean }) => i.discussed)).toEqual(
      linked.items.map((i: { discussed: boolean }) => i.discussed),
    );
  });
});
