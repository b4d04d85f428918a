import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, Client, multipart, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import type { ReadEmail } from './helpers/eml.ts';
import {
  candidateApi,
  createOpening,
  errorCode,
  inviteCandidate,
  seenEmails,
  tokenFromEmail,
  waitForEmail,
  waitForOutboxDelivered,
  outboxEmails,
} from './helpers/interview.ts';
import { asrClips, makeAudioFromClip } from './fixtures/media.ts';
import { runTool } from '../src/media/run-tool.ts';
import { mediaToolsFrom } from '../src/media/tools.ts';

/**
 * The hybrid funnel's live round, through the real API: a candidate answers the one-way interview
 * (a real speech recording), is told their answers arrived, is shortlisted and advanced (an email
 * with the slot picker), the host edits the guide and proposes slots, the candidate picks one with
 * their link (an .ics invitation in both outboxes), two interviewers score blind, the live
 * transcript is imported and found by search, and the reviewer sees both rounds side by side.
 */

let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-live-'));
const outboxDir = path.join(tmp, 'outbox');

type Signed = Awaited<ReturnType<typeof Client.signUp>>;
let olga: Signed; // owner
let sam: Signed; // host
let rita: Signed; // member
let outsider: Signed; // another space
let spaceId: string;
let opening: { conferenceId: string; questions: { id: string; position: number; isPractice: boolean }[]; criteria: { id: string }[] };
const cand: Record<'ana' | 'ben' | 'cleo' | 'eve', { id: string; token: string }> = {} as never;
let other: { conferenceId: string; dan: { id: string; token: string } };
let slots: { id: string; startsAt: string }[] = [];

const CALL_LINK = 'https://meet.example.org/acme-backend';
const EDITED_ENDING = 'Thank you, Ben. We chose another candidate this time, and we would be glad to hear from you again.';

const tools = mediaToolsFrom(process.env.FFMPEG_PATH);
/** The JFK clip as a browser would record it (WebM/Opus written as a stream). */
async function speechRecording(): Promise<Buffer> {
  const jfk = asrClips().find((c) => c.file.includes('jfk'))!;
  const webm = await makeAudioFromClip(jfk.path, path.join(tmp, 'jfk.webm'), 'webm');
  const out = path.join(tmp, 'jfk-recorded.webm');
  await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', '-i', webm, '-c', 'copy', '-f', 'webm', '-live', '1', out]);
  return fs.readFileSync(out);
}

async function invite(conferenceId: string, name: string) {
  const { invitation, token } = await inviteCandidate(
    t.app,
    olga,
    conferenceId,
    { name, email: `${name.toLowerCase()}@candidates.example` },
    outboxDir,
  );
  return { id: invitation.id as string, token };
}

const put = (c: Client, url: string, payload: unknown) => c.request({ method: 'PUT', url, payload: payload as object });
const del = (c: Client, url: string) => c.request({ method: 'DELETE', url });
const pick = (token: string, slotId: string) => t.app.inject({ method: 'POST', url: `/api/i/${token}/live/slot`, payload: { slotId } });

/** The invite.ics attached to an email, byte for byte (base64 keeps its CRLFs as they are). */
function calendarOf(mail: ReadEmail): string {
  const part = mail.raw.split(/\r?\n--/).find((p) => /filename="?invite\.ics/i.test(p));
  if (!part) throw new Error(`no invite.ics attached to "${mail.subject}"`);
  const head = part.slice(0, part.search(/\r?\n\r?\n/));
  expect(head).toMatch(/content-transfer-encoding:\s*base64/i);
  return Buffer.from(part.slice(head.length).replace(/\s+/g, ''), 'base64').toString('utf8');
}

/** Unfolds an iCalendar text into its content lines (RFC 5545 3.1). */
const contentLines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

beforeAll(async () => {
  t = await startTestApp({ OUTBOX_DIR: outboxDir, PUBLIC_URL: 'https://colloquy.example' });
  olga = await Client.signUp(t.app, 'Olga');
  spaceId = (await olga.post('/api/spaces', { name: 'Acme Hiring' })).json().space.id;
  sam = await addMember(t.app, olga, spaceId, 'Sam', 'host');
  rita = await addMember(t.app, olga, spaceId, 'Rita');
  outsider = await Client.signUp(t.app, 'Oscar');
  const outsiderSpace = (await outsider.post('/api/spaces', { name: 'Elsewhere' })).json().space.id;
  expect(outsiderSpace).toBeTruthy();

  opening = await createOpening(olga, spaceId, {
    title: 'Backend engineer',
    questions: [
      { prompt: 'Practice: say hello.', thinkTimeS: 3, timeLimitS: 30, retakes: 1, isPractice: true },
      { prompt: 'Tell us about a speech that moved you.', thinkTimeS: 3, timeLimitS: 60, retakes: 1 },
    ],
    criteria: [
      {
        name: 'Insight',
        question: 2,
        anchors: { weak: 'Retells only', average: 'Names what moved them', strong: 'Explains why it worked, with an example.' },
      },
      {
        name: 'Communication',
        question: null,
        scaleMin: 1,
        scaleMax: 4,
        anchors: { weak: 'Hard to follow', average: 'Clear', strong: 'Concise' },
      },
    ],
  });
  for (const name of ['ana', 'ben', 'cleo', 'eve'] as const)
    cand[name] = await invite(opening.conferenceId, name[0].toUpperCase() + name.slice(1));
  const second = await createOpening(olga, spaceId, { title: 'Data engineer' });
  other = { conferenceId: second.conferenceId, dan: await invite(second.conferenceId, 'Dan') };
}, 120_000);

afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const real = () => opening.questions.find((q) => !q.isPractice)!;

describe('the live round of an interview', () => {
  it('tells the candidate their answers arrived once they finish the one-way interview', async () => {
    const api = candidateApi(t.app, cand.ana.token);
    expect((await api.consent()).statusCode).toBe(200);
    const recording = await speechRecording();
    const take = await api.take(real().id);
    const created = await api.createUpload(real().id, take.json().take, recording.length);
    const { uploadId } = created.json();
    expect((await api.chunk(uploadId, 0, recording)).statusCode).toBe(200);
    expect((await api.completeUpload(uploadId)).statusCode).toBe(201);
    const seen = seenEmails(outboxDir);
    expect((await api.complete()).statusCode).toBe(200);
    const mail = await waitForEmail(outboxDir, 'ana@candidates.example', 'interview-received', seen);
    expect(mail.subject).toContain('We received your answers');
    expect(mail.body).toContain('We reply within two weeks.'); // the opening's timeline
  });

  it('advances a shortlisted candidate: decision "advanced", an email with the slot picker, once', async () => {
    const shortlist = (await olga.get(`/api/interviews/${opening.conferenceId}/shortlist`)).json().candidates;
    expect(shortlist.map((c: { name: string }) => c.name)).toContain('Ana');

    const seen = seenEmails(outboxDir);
    const res = await olga.post(`/api/invitations/${cand.ana.id}/live-round`);
    expect(res.statusCode).toBe(200);
    expect(res.json().liveRound).toMatchObject({ invitationId: cand.ana.id, slot: null, recording: null });
    const mail = await waitForEmail(outboxDir, 'ana@candidates.example', 'interview-advanced', seen);
    expect(mail.body).toContain('Pick a time');
    // A fresh link to the same invitation: it opens Ana's live round.
    const token = tokenFromEmail(mail);
    expect(token).not.toBe(cand.ana.token);
    const live = await t.app.inject({ method: 'GET', url: `/api/i/${token}/live` });
    expect(live.statusCode).toBe(200);
    expect(live.json().liveRound).toEqual({ picked: null, open: [] });

    const invitations = (await olga.get(`/api/interviews/${opening.conferenceId}/invitations`)).json().invitations;
    expect(invitations.find((i: { id: string }) => i.id === cand.ana.id).decision).toBe('advanced');

    // Advancing again sends nothing more.
    expect((await olga.post(`/api/invitations/${cand.ana.id}/live-round`)).statusCode).toBe(200);
    await waitForOutboxDelivered(t.runtime.db);
    const advancedMails = outboxEmails(outboxDir).filter(
      (m) => m.to.includes('ana@candidates.example') && m.headers['x-colloquy-kind'] === 'interview-advanced',
    );
    expect(advancedMails).toHaveLength(1);

    expect((await sam.post(`/api/invitations/${cand.eve.id}/live-round`)).statusCode).toBe(200);
    expect((await olga.post(`/api/invitations/${other.dan.id}/live-round`)).statusCode).toBe(200);
  });

  it('generates a guide from the opening (its question, probes from the rubric, the rubric) that hosts edit', async () => {
    const generated = (await rita.get(`/api/interviews/${opening.conferenceId}/live-guide`)).json().guide;
    expect(generated.edited).toBe(false);
    expect(generated.questions).toHaveLength(1); // the practice question is not part of it
    const [q] = generated.questions;
    expect(q).toMatchObject({ questionId: real().id, number: 1, prompt: 'Tell us about a speech that moved you.' });
    expect(q.probes[0]).toBe('Can you give an example that shows your insight? (Strong: Explains why it worked, with an example)');
    expect(q.probes.length).toBeGreaterThan(1);
    expect(q.criterionIds).toEqual([opening.criteria[0].id]);
    expect(generated.criteria.map((c: { name: string; anchors: { strong: string } }) => [c.name, c.anchors.strong])).toEqual([
      ['Insight', 'Explains why it worked, with an example.'],
      ['Communication', 'Concise'],
    ]);

    const edit = { questions: [{ questionId: real().id, prompt: q.prompt, probes: ['What would you cut from that speech?', '  '] }] };
    expect((await put(rita, `/api/interviews/${opening.conferenceId}/live-guide`, edit)).statusCode).toBe(403);
    const saved = await put(sam, `/api/interviews/${opening.conferenceId}/live-guide`, edit);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().guide).toMatchObject({ edited: true, questions: [{ probes: ['What would you cut from that speech?'] }] });
    expect((await rita.get(`/api/interviews/${opening.conferenceId}/live-guide`)).json().guide.questions[0].probes).toEqual([
      'What would you cut from that speech?',
    ]);

    const missing = await put(sam, `/api/interviews/${opening.conferenceId}/live-guide`, { questions: [] });
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('E_BAD_GUIDE');
    const foreign = await put(sam, `/api/interviews/${opening.conferenceId}/live-guide`, {
      questions: [{ questionId: opening.questions.find((x) => x.isPractice)!.id, prompt: 'x', probes: [] }],
    });
    expect(errorCode(foreign)).toBe('E_BAD_GUIDE');
  });

  it('lets hosts propose slots with the call link, refusing past slots and non-https links', async () => {
    const day = 24 * 3600_000;
    const base = Math.ceil((Date.now() + 2 * day) / 3600_000) * 3600_000;
    const body = {
      callLink: CALL_LINK,
      slots: [
        { startsAt: new Date(base).toISOString(), durationMin: 45 },
        { startsAt: new Date(base + day).toISOString(), durationMin: 30 },
      ],
    };
    expect((await rita.post(`/api/interviews/${opening.conferenceId}/live-slots`, body)).statusCode).toBe(403);
    const past = await olga.post(`/api/interviews/${opening.conferenceId}/live-slots`, {
      ...body,
      slots: [{ startsAt: new Date(Date.now() - day).toISOString(), durationMin: 30 }],
    });
    expect(past.statusCode).toBe(400);
    expect(errorCode(past)).toBe('E_BAD_SLOTS');
    const http = await olga.post(`/api/interviews/${opening.conferenceId}/live-slots`, { ...body, callLink: 'http://meet.example.org/x' });
    expect(errorCode(http)).toBe('E_BAD_SLOTS');
    const tooLong = await olga.post(`/api/interviews/${opening.conferenceId}/live-slots`, {
      ...body,
      slots: [{ startsAt: body.slots[0].startsAt, durationMin: 5000 }],
    });
    expect(errorCode(tooLong)).toBe('E_BAD_SLOTS');

    const res = await olga.post(`/api/interviews/${opening.conferenceId}/live-slots`, body);
    expect(res.statusCode).toBe(201);
    slots = res.json().slots;
    expect(slots).toHaveLength(2);
    expect(res.json().slots[0]).toMatchObject({ durationMin: 45, callLink: CALL_LINK, booked: null });
    expect(Date.parse(res.json().slots[0].endsAt) - Date.parse(res.json().slots[0].startsAt)).toBe(45 * 60_000);
  });

  it('lets the candidate pick a slot with their link; both sides get an .ics invitation', async () => {
    const view = await t.app.inject({ method: 'GET', url: `/api/i/${cand.ana.token}/live` });
    expect(view.json().liveRound.open.map((s: { id: string }) => s.id)).toEqual(slots.map((s) => s.id));

    const seen = seenEmails(outboxDir);
    const res = await pick(cand.ana.token, slots[0].id);
    expect(res.statusCode).toBe(200);
    expect(res.json().liveRound.picked).toMatchObject({ id: slots[0].id, callLink: CALL_LINK, durationMin: 45 });
    expect(res.json().liveRound.open.map((s: { id: string }) => s.id)).toEqual([slots[1].id]);

    const toAna = await waitForEmail(outboxDir, 'ana@candidates.example', 'interview-live-invite', seen);
    const toOlga = await waitForEmail(outboxDir, olga.email, 'interview-live-invite', seen);
    for (const mail of [toAna, toOlga]) {
      expect(mail.raw).toMatch(/content-type:\s*text\/calendar;[^\r\n]*method=REQUEST/i);
      const ics = calendarOf(mail);
      expect(ics.endsWith('\r\n')).toBe(true);
      expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/); // every line ends in CRLF
      for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      const lines = contentLines(ics);
      expect(lines).toContain('METHOD:REQUEST');
      expect(lines).toContain(`UID:live-${cand.ana.id}@colloquy.example`);
      const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      expect(lines).toContain(`DTSTART:${stamp(slots[0].startsAt)}`);
      expect(lines).toContain(`DTEND:${stamp(new Date(Date.parse(slots[0].startsAt) + 45 * 60_000).toISOString())}`);
      expect(lines).toContain(`LOCATION:${CALL_LINK}`);
      expect(lines).toContain(`URL:${CALL_LINK}`);
      expect(lines).toContain('SEQUENCE:1');
      expect(lines).toContain('SUMMARY:Live interview: Backend engineer');
      expect(lines.find((l) => l.startsWith('ORGANIZER'))).toBe(`ORGANIZER;CN="Olga":mailto:${olga.email}`);
      const attendees = lines.filter((l) => l.startsWith('ATTENDEE'));
      expect(attendees.some((l) => l.endsWith(':mailto:ana@candidates.example') && l.includes('CN="Ana"'))).toBe(true);
      expect(attendees.some((l) => l.endsWith(`:mailto:${olga.email}`))).toBe(true);
      // The description's comma is escaped as TEXT requires.
      expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toContain(
        'with Acme Hiring.\\nVideo call: https://meet.example.org/acme-backend',
      );
    }
    expect(toAna.body).toContain(CALL_LINK);

    const hostView = (await rita.get(`/api/interviews/${opening.conferenceId}/live-slots`)).json().slots;
    expect(hostView[0].booked).toMatchObject({ invitationId: cand.ana.id, candidateName: 'Ana' });
  });

  it('refuses double booking, a candidate not advanced, and a slot of another opening', async () => {
    const taken = await pick(cand.eve.token, slots[0].id);
    expect(taken.statusCode).toBe(409);
    expect(errorCode(taken)).toBe('E_SLOT_UNAVAILABLE');

    const notAdvanced = await pick(cand.cleo.token, slots[1].id);
    expect(notAdvanced.statusCode).toBe(409);
    expect(errorCode(notAdvanced)).toBe('E_NOT_ADVANCED');
    expect((await t.app.inject({ method: 'GET', url: `/api/i/${cand.cleo.token}/live` })).json()).toEqual({ liveRound: null });

    // Dan is advanced in another opening: his link does not reach this opening's slots.
    const foreign = await pick(other.dan.token, slots[1].id);
    expect(foreign.statusCode).toBe(404);
    expect((await pick('not-a-token', slots[1].id)).statusCode).toBe(404);
    expect((await pick(cand.ana.token, 'not-an-id')).statusCode).toBe(404);

    // The database itself holds one candidate per slot and one slot per candidate.
    await expect(
      t.runtime.db.query(`update live_slots set booked_by = $1, booked_at = now() where id = $2`, [cand.ana.id, slots[1].id]),
    ).rejects.toThrow(/unique|duplicate/i);

    const booked = await del(olga, `/api/live-slots/${slots[0].id}`);
    expect(booked.statusCode).toBe(409);
    expect(errorCode(booked)).toBe('E_SLOT_UNAVAILABLE');
  });

  it('moves the candidate to another slot: the first is free again and the invitation is re-sent with a higher SEQUENCE', async () => {
    const seen = seenEmails(outboxDir);
    const res = await pick(cand.ana.token, slots[1].id);
    expect(res.statusCode).toBe(200);
    expect(res.json().liveRound.picked.id).toBe(slots[1].id);
    expect(res.json().liveRound.open.map((s: { id: string }) => s.id)).toEqual([slots[0].id]);
    const mail = await waitForEmail(outboxDir, 'ana@candidates.example', 'interview-live-invite', seen);
    const lines = contentLines(calendarOf(mail));
    expect(lines).toContain('SEQUENCE:2');
    expect(lines).toContain(`UID:live-${cand.ana.id}@colloquy.example`);
    // Eve can now have the first one.
    expect((await pick(cand.eve.token, slots[0].id)).statusCode).toBe(200);
  });

  it('has two interviewers score the live round blind, apart from the one-way reviews', async () => {
    const [insight, communication] = opening.criteria.map((c) => c.id);
    const url = `/api/invitations/${cand.ana.id}/live/scores`;
    const cleoLive = await put(sam, `/api/invitations/${cand.cleo.id}/live/scores`, { scores: [] });
    expect(cleoLive.statusCode).toBe(409);
    expect(errorCode(cleoLive)).toBe('E_NOT_ADVANCED');

    expect(
      (await put(rita, url, { scores: [{ criterionId: insight, value: 2, comment: 'Retold it' }], comment: 'Hesitant' })).statusCode,
    ).toBe(200);
    expect((await put(sam, url, { scores: [{ criterionId: insight, value: 5 }] })).statusCode).toBe(200);
    const early = await sam.post(`${url}/submit`);
    expect(early.statusCode).toBe(409);
    expect(errorCode(early)).toBe('E_SCORES_MISSING');
    const outOfScale = await put(sam, url, { scores: [{ criterionId: communication, value: 5 }] });
    expect(errorCode(outOfScale)).toBe('E_SCORE_OUT_OF_SCALE');

    // Blind: Sam sees neither Rita's draft nor an aggregate before submitting.
    expect((await sam.get(url)).json()).toMatchObject({ others: null, aggregate: null });
    expect(
      (
        await put(sam, url, {
          scores: [
            { criterionId: insight, value: 5 },
            { criterionId: communication, value: 4 },
          ],
        })
      ).statusCode,
    ).toBe(200);
    expect((await sam.post(`${url}/submit`)).json().mine.submittedAt).not.toBeNull();
    const afterSam = (await sam.get(url)).json();
    expect(afterSam.others).toEqual([]); // Rita's draft is hers alone
    expect(afterSam.aggregate).toMatchObject({ reviews: 1, mean: 1 });
    expect((await rita.get(url)).json()).toMatchObject({ others: null, aggregate: null });

    expect(
      (
        await put(rita, url, {
          scores: [
            { criterionId: insight, value: 2 },
            { criterionId: communication, value: 2 },
          ],
        })
      ).statusCode,
    ).toBe(200);
    expect((await rita.post(`${url}/submit`)).statusCode).toBe(200);
    const afterRita = (await rita.get(url)).json();
    expect(afterRita.others.map((o: { reviewer: { name: string } }) => o.reviewer.name)).toEqual(['Sam']);
    expect(afterRita.aggregate.reviews).toBe(2);
    expect(afterRita.aggregate.criteria[0]).toMatchObject({ mean: 3.5, min: 2, max: 5, disagreement: true });
    const final = await put(rita, url, { scores: [] });
    expect(errorCode(final)).toBe('E_REVIEW_SUBMITTED');

    // The live scores are not one-way reviews.
    expect((await sam.get(`/api/invitations/${cand.ana.id}/scores`)).json().mine).toEqual({ submittedAt: null, comment: '', scores: [] });
  });

  it('shows both rounds side by side, each aggregate only to those who scored that round', async () => {
    const [insight, communication] = opening.criteria.map((c) => c.id);
    await put(sam, `/api/invitations/${cand.ana.id}/scores`, {
      scores: [
        { criterionId: insight, value: 3 },
        { criterionId: communication, value: 3 },
      ],
    });
    expect((await sam.post(`/api/invitations/${cand.ana.id}/scores/submit`)).statusCode).toBe(200);

    const forSam = (await sam.get(`/api/invitations/${cand.ana.id}/live`)).json();
    expect(forSam.liveRound).toMatchObject({ invitationId: cand.ana.id, slot: { id: slots[1].id } });
    expect(forSam.oneWay).toMatchObject({ submitted: true, reviews: 1 });
    expect(forSam.oneWay.aggregate.mean).toBeCloseTo((0.5 + 2 / 3) / 2, 6);
    expect(forSam.live).toMatchObject({ submitted: true, reviews: 2 });
    expect(forSam.live.aggregate.mean).toBeCloseTo((3.5 - 1) / 4 / 2 + (3 - 1) / 3 / 2, 6);

    const forRita = (await rita.get(`/api/invitations/${cand.ana.id}/live`)).json();
    expect(forRita.oneWay).toEqual({ submitted: false, reviews: 1, aggregate: null });
    expect(forRita.live.aggregate.reviews).toBe(2);
    const forOlga = (await olga.get(`/api/invitations/${cand.ana.id}/live`)).json();
    expect(forOlga.live).toEqual({ submitted: false, reviews: 2, aggregate: null });
    expect((await olga.get(`/api/invitations/${cand.cleo.id}/live`)).json().liveRound).toBeNull();
  });

  it("imports the live round's transcript, searchable beside the one-way answers", async () => {
    const body = {
      title: 'Live interview with Ana',
      turns: [
        { speaker: 'Olga', text: 'What would you cut from that speech?', startMs: 0, endMs: 4000 },
        {
          speaker: 'Ana',
          text: 'I would keep every line about the torch being passed, because the rhythm of that sentence carries the whole argument.',
          startMs: 8000,
          endMs: 19_000,
        },
      ],
    };
    const notAdvanced = await olga.post(`/api/invitations/${cand.cleo.id}/live/transcript`, body);
    expect(errorCode(notAdvanced)).toBe('E_NOT_ADVANCED');
    expect((await rita.post(`/api/invitations/${cand.ana.id}/live/transcript`, body)).statusCode).toBe(403);
    const res = await olga.post(`/api/invitations/${cand.ana.id}/live/transcript`, body);
    expect(res.statusCode).toBe(202);
    const recording = res.json().liveRound.recording;
    expect(recording.title).toBe('Live interview with Ana');
    expect((await waitForContribution(olga, recording.id)).status).toBe('ready');

    const grid = (await rita.get(`/api/interviews/${opening.conferenceId}/review`)).json();
    expect(grid.candidates.find((c: { name: string }) => c.name === 'Ana').liveContributionId).toBe(recording.id);
    const hits = (await rita.get(`/api/search?q=${encodeURIComponent('torch rhythm')}&conference=${opening.conferenceId}`)).json().results;
    expect(hits[0]).toMatchObject({ contributionId: recording.id });
    expect(hits[0].text).toContain('torch');
    // Outsiders find nothing of it.
    const outside = await outsider.get(`/api/search?q=${encodeURIComponent('torch rhythm')}`);
    expect(outside.json().results ?? []).toEqual([]);
  });

  it("uploads the live round's recording (real speech) through the upload path", async () => {
    const jfk = asrClips().find((c) => c.file.includes('jfk'))!;
    const audio = fs.readFileSync(await makeAudioFromClip(jfk.path, path.join(tmp, 'live-eve.m4a'), 'm4a'));
    const form = multipart([
      { name: 'file', file: audio, filename: 'live.m4a', contentType: 'audio/mp4' },
      { name: 'title', value: 'Live with Eve' },
    ]);
    const url = `/api/invitations/${cand.eve.id}/live/recording`;
    expect((await rita.request({ method: 'POST', url, ...form })).statusCode).toBe(403);
    const res = await olga.request({ method: 'POST', url, ...form });
    expect(res.statusCode, res.body).toBe(202);
    const { recording } = res.json().liveRound;
    expect(recording.title).toBe('Live with Eve');
    const done = await waitForContribution(olga, recording.id);
    expect(done.status, done.error).toBe('ready');
    expect(done.statements.length).toBeGreaterThan(0);
    const grid = (await rita.get(`/api/interviews/${opening.conferenceId}/review`)).json();
    expect(grid.candidates.find((c: { name: string }) => c.name === 'Eve').liveContributionId).toBe(recording.id);
  });

  it('tells a rejected candidate with the text the host wrote, and others with the respectful default', async () => {
    const tooLong = await olga.request({
      method: 'PATCH',
      url: `/api/interviews/${opening.conferenceId}`,
      payload: { endingText: 'x'.repeat(5001) },
    });
    expect(errorCode(tooLong)).toBe('E_BAD_SETTINGS');
    const patched = await olga.request({
      method: 'PATCH',
      url: `/api/interviews/${opening.conferenceId}`,
      payload: { endingText: EDITED_ENDING },
    });
    expect(patched.json().interview.endingText).toBe(EDITED_ENDING);

    let seen = seenEmails(outboxDir);
    expect((await olga.post(`/api/invitations/${cand.ben.id}/decision`, { decision: 'rejected' })).statusCode).toBe(200);
    const ended = await waitForEmail(outboxDir, 'ben@candidates.example', 'interview-ended', seen);
    expect(ended.body).toContain(EDITED_ENDING);
    expect(ended.body).toContain('Hello Ben,');

    const defaultText = (await olga.get(`/api/interviews/${other.conferenceId}`)).json().interview.endingText;
    expect(defaultText).toMatch(/^Thank you for the time and care/);
    seen = seenEmails(outboxDir);
    expect((await olga.post(`/api/invitations/${other.dan.id}/decision`, { decision: 'rejected' })).statusCode).toBe(200);
    const dan = await waitForEmail(outboxDir, 'dan@candidates.example', 'interview-ended', seen);
    expect(dan.body.replace(/\s+/g, ' ')).toContain(defaultText);
  });

  it('answers 404 to outsiders, 403 to members for hosts’ actions and 401 without a session', async () => {
    const conf = opening.conferenceId;
    const ana = cand.ana.id;
    const reads = [
      `/api/interviews/${conf}/live-guide`,
      `/api/interviews/${conf}/live-slots`,
      `/api/invitations/${ana}/live`,
      `/api/invitations/${ana}/live/scores`,
    ];
    const anonymous = new Client(t.app);
    for (const url of reads) {
      expect((await outsider.get(url)).statusCode, url).toBe(404);
      expect((await anonymous.get(url)).statusCode, url).toBe(401);
    }
    const writes: [string, string, unknown][] = [
      ['POST', `/api/invitations/${ana}/live-round`, undefined],
      ['PUT', `/api/interviews/${conf}/live-guide`, { questions: [] }],
      ['POST', `/api/interviews/${conf}/live-slots`, { callLink: CALL_LINK, slots: [] }],
      ['PUT', `/api/invitations/${ana}/live/scores`, { scores: [] }],
      ['POST', `/api/invitations/${ana}/live/scores/submit`, undefined],
      ['POST', `/api/invitations/${ana}/live/transcript`, { turns: [{ text: 'hi', startMs: 0, endMs: 1 }] }],
      ['DELETE', `/api/live-slots/${slots[0].id}`, undefined],
    ];
    for (const [method, url, payload] of writes) {
      const res = await outsider.request({ method: method as 'POST', url, ...(payload ? { payload: payload as object } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    for (const [method, url, payload] of writes.filter(([, u]) => !u.includes('/live/scores'))) {
      const res = await rita.request({ method: method as 'POST', url, ...(payload ? { payload: payload as object } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await olga.get(`/api/invitations/00000000-0000-4000-8000-000000000000/live`)).statusCode).toBe(404);
  });

  it("deletes the live round's recording with the candidate's data", async () => {
    const { recording } = (await olga.get(`/api/invitations/${cand.ana.id}/live`)).json().liveRound;
    expect((await olga.request({ method: 'DELETE', url: `/api/invitations/${cand.ana.id}/data` })).statusCode).toBe(200);
    expect((await olga.get(`/api/contributions/${recording.id}`)).statusCode).toBe(404);
    // A host's deletion ends every link of the candidate.
    expect(errorCode(await t.app.inject({ method: 'GET', url: `/api/i/${cand.ana.token}/live` }))).toBe('E_LINK_INVALID');
  });
});
