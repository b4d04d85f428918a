import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, Client, multipart, postTranscript, spaceWithConference, startTestApp, type TestApp } from './helpers/app.ts';
import {
  createOpening,
  errorCode,
  inviteCandidate,
  outboxEmails,
  SAMPLE_CRITERIA,
  SAMPLE_QUESTIONS,
  seenEmails,
  tokenFromEmail,
  waitForEmail,
  waitForOutboxDelivered,
  type InvitationJson,
} from './helpers/interview.ts';
import { waitFor } from './helpers/wait.ts';
import { asrClips, concatClipsToLength, makeVideoFromClip } from './fixtures/media.ts';
import { invitationIdForToken } from '../src/interview/invitation-links.ts';
import { sendDueReminders } from '../src/interview/reminders.ts';
import { runRetention } from '../src/interview/retention.ts';

/**
 * Hosts building openings (question set templates, an opening's own copy, rubric, settings) and
 * inviting candidates (links by email, only hashes stored, remind, revoke, decide, delete data),
 * with the scheduled reminders and the retention sweep moved through time by their `now`.
 */

let t: TestApp;
const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-interviews-outbox-'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-interviews-'));
const PUBLIC_URL = 'https://hire.example.org';
const DAY = 86_400_000;
const HOUR = 3_600_000;

type Signed = Awaited<ReturnType<typeof Client.signUp>>;
let host: Signed;
let member: Signed;
let outsider: Signed;
let spaceId: string;
let discussionId: string;

beforeAll(async () => {
  t = await startTestApp({ OUTBOX_DIR: outboxDir, PUBLIC_URL });
  const made = await spaceWithConference(t.app, 'Hana');
  host = made.client as Signed;
  spaceId = made.space.id;
  discussionId = made.conference.id;
  member = await addMember(t.app, host, spaceId, 'Milo');
  outsider = await Client.signUp(t.app, 'Otto');
});

afterAll(async () => {
  await t?.close({ remove: true });
  fs.rmSync(outboxDir, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const put = (c: Client, url: string, payload: unknown) => c.request({ method: 'PUT', url, payload: payload as object });
const patch = (c: Client, url: string, payload: unknown) => c.request({ method: 'PATCH', url, payload: payload as object });
const del = (c: Client, url: string) => c.request({ method: 'DELETE', url });
const invitationsOf = async (conferenceId: string) =>
  (await host.get(`/api/interviews/${conferenceId}/invitations`)).json().invitations as InvitationJson[];
const invitationIn = async (conferenceId: string, id: string) => (await invitationsOf(conferenceId)).find((i) => i.id === id)!;
let emailCounter = 0;
const newCandidate = (name: string) => ({
  name,
  email: `${name.toLowerCase().replace(/\W+/g, '.')}.${++emailCounter}@candidates.example.net`,
});

describe('question set templates', () => {
  it('are created by hosts, listed for members, and copied into each opening that uses them', async () => {
    const created = await host.post(`/api/spaces/${spaceId}/question-sets`, { title: 'Engineering screen', questions: SAMPLE_QUESTIONS });
    expect(created.statusCode, created.body).toBe(201);
    const template = created.json().questionSet;
    expect(template).toMatchObject({ spaceId, title: 'Engineering screen', isTemplate: true });
    expect(template.questions.map((q: { position: number; isPractice: boolean }) => [q.position, q.isPractice])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
    expect(template.questions[1]).toMatchObject({ thinkTimeS: 3, timeLimitS: 60, retakes: 1, hasPromptMedia: false });

    // Defaults: 30 s to think, 2 minutes to answer, one retake.
    const defaults = (
      await host.post(`/api/spaces/${spaceId}/question-sets`, { title: 'Defaults', questions: [{ prompt: 'Why us?' }] })
    ).json().questionSet;
    expect(defaults.questions[0]).toMatchObject({ prompt: 'Why us?', thinkTimeS: 30, timeLimitS: 120, retakes: 1, isPractice: false });

    const listed = (await member.get(`/api/spaces/${spaceId}/question-sets`)).json().questionSets;
    expect(listed.map((s: { id: string }) => s.id)).toEqual([template.id, defaults.id]);
    expect((await member.get(`/api/question-sets/${template.id}`)).json().questionSet).toEqual(template);

    const criteria = [{ name: 'Depth', question: 2, anchors: { weak: 'Vague', average: 'Concrete', strong: 'Concrete, with trade-offs' } }];
    const first = await createOpening(host, spaceId, { title: 'Backend engineer', templateId: template.id, criteria });
    const second = await createOpening(host, spaceId, { title: 'Frontend engineer', templateId: template.id, criteria });
    for (const opening of [first, second]) {
      expect(opening.questionSetId).not.toBe(template.id);
      expect(opening.questions.map((q: { prompt: string }) => q.prompt)).toEqual(SAMPLE_QUESTIONS.map((q) => q.prompt));
      expect(opening.questions.map((q: { id: string }) => q.id)).not.toContain(template.questions[1].id);
      expect(opening.criteria[0].questionId).toBe(opening.questions[1].id);
    }
    // An opening's copy is not a template.
    expect((await member.get(`/api/spaces/${spaceId}/question-sets`)).json().questionSets).toHaveLength(2);
    expect((await host.get(`/api/question-sets/${first.questionSetId}`)).json().questionSet).toMatchObject({
      isTemplate: false,
      title: 'Backend engineer',
    });

    // Editing the template afterwards leaves both openings as they were.
    const edited = await put(host, `/api/question-sets/${template.id}`, {
      title: 'Engineering screen v2',
      questions: [{ prompt: 'A brand new first question.' }, { prompt: 'And a second.' }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().questionSet.questions.map((q: { prompt: string }) => q.prompt)).toEqual([
      'A brand new first question.',
      'And a second.',
    ]);
    expect(edited.json().questionSet.questions[0].id).toBe(template.questions[0].id); // same position, same question
    for (const opening of [first, second]) {
      const now = (await host.get(`/api/interviews/${opening.conferenceId}`)).json().interview;
      expect(now.questions).toEqual(opening.questions);
    }
  });

  it("lets hosts edit an opening's own copy until a candidate starts, keeping criteria on their question", async () => {
    const opening = await createOpening(host, spaceId);
    const questions = SAMPLE_QUESTIONS.map((q, i) => (i === 2 ? { ...q, prompt: 'How would you explain an index to a designer?' } : q));
    const res = await put(host, `/api/question-sets/${opening.questionSetId}`, { title: 'Backend engineer', questions });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await host.get(`/api/interviews/${opening.conferenceId}`)).json().interview;
    expect(after.questions[2]).toMatchObject({ id: opening.questions[2].id, prompt: 'How would you explain an index to a designer?' });
    expect(after.criteria).toEqual(opening.criteria);

    // Moving the practice question onto a scored position is refused, not silently unscored.
    const swapped = [SAMPLE_QUESTIONS[1], { ...SAMPLE_QUESTIONS[0], isPractice: false }, SAMPLE_QUESTIONS[2]];
    expect(
      errorCode(
        await put(host, `/api/question-sets/${opening.questionSetId}`, {
          title: 'x',
          questions: swapped.map((q, i) => (i === 1 ? { ...q, isPractice: true } : q)),
        }),
      ),
    ).toBe('E_BAD_QUESTIONS');

    const { invitation } = await inviteCandidate(t.app, host, opening.conferenceId, newCandidate('Sam Started'), outboxDir);
    await t.runtime.db.query(`update invitations set started_at = now() where id = $1`, [invitation.id]);
    const late = await put(host, `/api/question-sets/${opening.questionSetId}`, { title: 'Backend engineer', questions: SAMPLE_QUESTIONS });
    expect(late.statusCode).toBe(409);
    expect(errorCode(late)).toBe('E_INTERVIEW_STARTED');
  });
});

describe('validation', () => {
  const tooMany = Array.from({ length: 21 }, (_, i) => ({ prompt: `Question ${i + 1}` }));
  const cases: [string, Record<string, unknown>, string][] = [
    ['no questions', { questions: [] }, 'E_BAD_QUESTIONS'],
    ['21 questions', { questions: tooMany }, 'E_BAD_QUESTIONS'],
    ['a practice question second', { questions: [{ prompt: 'Real' }, { prompt: 'Warm-up', isPractice: true }] }, 'E_BAD_QUESTIONS'],
    [
      'two practice questions',
      { questions: [{ prompt: 'A', isPractice: true }, { prompt: 'B', isPractice: true }, { prompt: 'C' }] },
      'E_BAD_QUESTIONS',
    ],
    [
      'only a practice question',
      { questions: [{ prompt: 'Warm-up', isPractice: true }], criteria: [{ name: 'X', anchors: { weak: '', average: '', strong: '' } }] },
      'E_BAD_QUESTIONS',
    ],
    ['a blank prompt', { questions: [{ prompt: '   ' }] }, 'E_BAD_QUESTIONS'],
    ['a 2001-character prompt', { questions: [{ prompt: 'x'.repeat(2001) }] }, 'E_BAD_QUESTIONS'],
    ['11 minutes to think', { questions: [{ prompt: 'Q', thinkTimeS: 660 }] }, 'E_BAD_QUESTIONS'],
    ['a 5-second limit', { questions: [{ prompt: 'Q', timeLimitS: 5 }] }, 'E_BAD_QUESTIONS'],
    ['11 retakes', { questions: [{ prompt: 'Q', retakes: 11 }] }, 'E_BAD_QUESTIONS'],
    ['both a template and questions', { templateId: '00000000-0000-4000-8000-000000000000' }, 'E_BAD_QUESTIONS'],
    ['no criteria', { criteria: [] }, 'E_BAD_CRITERIA'],
    [
      'a criterion on the practice question',
      { criteria: [{ name: 'Warm', question: 1, anchors: { weak: '', average: '', strong: '' } }] },
      'E_BAD_CRITERIA',
    ],
    [
      'a criterion on question 9 of 3',
      { criteria: [{ name: 'Gone', question: 9, anchors: { weak: '', average: '', strong: '' } }] },
      'E_BAD_CRITERIA',
    ],
    [
      'a scale from 5 to 5',
      { criteria: [{ name: 'Flat', scaleMin: 5, scaleMax: 5, anchors: { weak: '', average: '', strong: '' } }] },
      'E_BAD_CRITERIA',
    ],
    ['a criterion without a name', { criteria: [{ name: ' ', anchors: { weak: '', average: '', strong: '' } }] }, 'E_BAD_CRITERIA'],
    ['retention of 0 days', { retentionDays: 0 }, 'E_BAD_SETTINGS'],
    ['a contact address that is not one', { contactEmail: 'jobs at example' }, 'E_BAD_SETTINGS'],
    ['a blank title', { title: '  ' }, 'E_BAD_TITLE'],
    ['criteria without anchors', { criteria: [{ name: 'X' }] }, 'E_VALIDATION'],
  ];
  it.each(cases)('refuses an opening with %s (400 %s)', async (_, overrides, code) => {
    const body = { title: 'Data engineer', questions: SAMPLE_QUESTIONS, criteria: SAMPLE_CRITERIA, ...overrides };
    const res = await host.post(`/api/spaces/${spaceId}/interviews`, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe(code);
  });

  it('refuses a template from another space, and checks templates and settings the same way', async () => {
    const other = await spaceWithConference(t.app, 'Olivia');
    const foreign = (
      await other.client.post(`/api/spaces/${other.space.id}/question-sets`, { title: 'Theirs', questions: SAMPLE_QUESTIONS })
    ).json().questionSet;
    const res = await host.post(`/api/spaces/${spaceId}/interviews`, { title: 'X', templateId: foreign.id, criteria: SAMPLE_CRITERIA });
    expect(errorCode(res)).toBe('E_BAD_TEMPLATE');
    expect(errorCode(await host.post(`/api/spaces/${spaceId}/question-sets`, { title: 'T', questions: [] }))).toBe('E_BAD_QUESTIONS');

    const opening = await createOpening(host, spaceId);
    expect(opening).toMatchObject({
      aiSummaries: true,
      retentionDays: 90,
      contactEmail: 'jobs@example.org',
      timeline: 'We reply within two weeks.',
      role: 'owner',
    });
    const changed = await patch(host, `/api/interviews/${opening.conferenceId}`, {
      retentionDays: 30,
      aiSummaries: false,
      contactEmail: null,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().interview).toMatchObject({
      retentionDays: 30,
      aiSummaries: false,
      contactEmail: null,
      timeline: 'We reply within two weeks.',
    });
    expect(errorCode(await patch(host, `/api/interviews/${opening.conferenceId}`, { retentionDays: 4000 }))).toBe('E_BAD_SETTINGS');
  });
});

describe('who may do what', () => {
  it('hides openings from non-members (404), lets members read but not build or invite (403)', async () => {
    const opening = await createOpening(host, spaceId);
    const { invitation } = await inviteCandidate(t.app, host, opening.conferenceId, newCandidate('Ada Access'), outboxDir);
    const id = opening.conferenceId;

    expect((await member.get(`/api/interviews/${id}`)).json().interview).toMatchObject({
      conferenceId: id,
      role: 'member',
      questions: opening.questions,
    });
    expect((await member.get(`/api/interviews/${id}/invitations`)).json().invitations.map((i: { id: string }) => i.id)).toEqual([
      invitation.id,
    ]);
    expect((await member.get(`/api/question-sets/${opening.questionSetId}`)).statusCode).toBe(200);

    const memberCalls = [
      member.post(`/api/spaces/${spaceId}/interviews`, { title: 'Mine', questions: SAMPLE_QUESTIONS, criteria: SAMPLE_CRITERIA }),
      member.post(`/api/spaces/${spaceId}/question-sets`, { title: 'Mine', questions: SAMPLE_QUESTIONS }),
      put(member, `/api/question-sets/${opening.questionSetId}`, { title: 'Mine', questions: SAMPLE_QUESTIONS }),
      patch(member, `/api/interviews/${id}`, { retentionDays: 1 }),
      member.post(`/api/interviews/${id}/invitations`, { candidates: [newCandidate('Nope')] }),
      member.post(`/api/invitations/${invitation.id}/remind`),
      member.post(`/api/invitations/${invitation.id}/decision`, { decision: 'rejected' }),
      del(member, `/api/invitations/${invitation.id}/data`),
      del(member, `/api/invitations/${invitation.id}`),
    ];
    for (const res of await Promise.all(memberCalls)) expect([res.statusCode, errorCode(res)], res.body).toEqual([403, 'E_FORBIDDEN']);

    const outsiderCalls = [
      outsider.get(`/api/interviews/${id}`),
      outsider.get(`/api/interviews/${id}/invitations`),
      outsider.get(`/api/question-sets/${opening.questionSetId}`),
      outsider.get(`/api/spaces/${spaceId}/question-sets`),
      outsider.post(`/api/spaces/${spaceId}/interviews`, { title: 'Mine', questions: SAMPLE_QUESTIONS, criteria: SAMPLE_CRITERIA }),
      patch(outsider, `/api/interviews/${id}`, { retentionDays: 1 }),
      outsider.post(`/api/interviews/${id}/invitations`, { candidates: [newCandidate('Nope')] }),
      outsider.post(`/api/invitations/${invitation.id}/remind`),
      outsider.post(`/api/invitations/${invitation.id}/decision`, { decision: 'rejected' }),
      del(outsider, `/api/invitations/${invitation.id}/data`),
      del(outsider, `/api/invitations/${invitation.id}`),
      outsider.get(`/api/questions/${opening.questions[1].id}/prompt-media`),
    ];
    for (const res of await Promise.all(outsiderCalls)) expect(res.statusCode, res.body).toBe(404);

    // A discussion is not an opening; signed-out callers are asked to sign in.
    expect((await host.get(`/api/interviews/${discussionId}`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/interviews/${id}` })).statusCode).toBe(401);
    expect((await invitationIn(id, invitation.id)).status).toBe('invited'); // nothing the member tried changed it
  });
});

describe('inviting candidates', () => {
  let opening: { conferenceId: string; questions: { id: string }[] };
  beforeAll(async () => {
    opening = await createOpening(host, spaceId, { title: 'Site reliability engineer' });
  });

  it('emails each candidate a personal link that opens their invitation, storing only its hash', async () => {
    const candidate = { name: 'Grace Hopper', email: 'Grace.Hopper@candidates.example.net' };
    const { invitation, token, email } = await inviteCandidate(t.app, host, opening.conferenceId, candidate, outboxDir, {
      deadlineDays: 5,
    });
    expect(invitation).toMatchObject({
      candidateName: 'Grace Hopper',
      candidateEmail: candidate.email,
      status: 'invited',
      decision: null,
      answered: 0,
      questionCount: 2, // the practice question does not count
      startedAt: null,
      remindedAt: null,
    });
    expect(new Date(invitation.deadline).getTime()).toBeGreaterThan(Date.now() + 5 * DAY - 60_000);

    expect(email.subject).toBe('Video interview: Site reliability engineer');
    expect(email.body).toContain(`${PUBLIC_URL}/i/${token}`);
    expect(email.body).toContain('Hello Grace Hopper');
    expect(email.body).toContain('Hana (Product) invites you');
    expect(email.body).toContain(new Date(invitation.deadline).toUTCString());
    expect(email.body).toContain('We reply within two weeks.');
    expect(email.body).toContain('2 questions');
    expect(email.body).toContain('3 s of thinking time');
    expect(email.body).toContain('stops after 1 min');
    expect(email.body).toContain('record again 1 time per question');
    expect(email.body).toContain('A practice question comes first');
    expect(email.body).toContain('jobs@example.org');
    expect(email.raw).toMatch(/Content-Type: text\/html/i);

    expect(await invitationIdForToken(t.runtime.db, token)).toBe(invitation.id);
    const page = await t.app.inject({ method: 'GET', url: `/api/i/${token}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ candidate: { name: 'Grace Hopper' }, status: 'invited' });

    // The token is in no table (the outbox forgets a sensitive body once it is written out).
    const [{ status }] = await t.runtime.db.query<{ status: string }>(
      `select status from outbox where kind = 'interview-invitation' and to_email = $1`,
      [candidate.email],
    );
    expect(status).toBe('written');
    expect(await tablesContaining(token)).toEqual([]);
    const [stored] = await t.runtime.db.query<{ n: number }>(`select count(*)::int as n from invitation_tokens where invitation_id = $1`, [
      invitation.id,
    ]);
    expect(stored.n).toBe(1);
  });

  it('refuses a live duplicate address (409), until that invitation is revoked', async () => {
    const candidate = newCandidate('Dup Licate');
    const { invitation } = await inviteCandidate(t.app, host, opening.conferenceId, candidate, outboxDir);
    const again = await host.post(`/api/interviews/${opening.conferenceId}/invitations`, {
      candidates: [{ name: 'Again', email: candidate.email.toUpperCase() }],
    });
    expect([again.statusCode, errorCode(again)]).toEqual([409, 'E_ALREADY_INVITED']);
    const twice = await host.post(`/api/interviews/${opening.conferenceId}/invitations`, {
      candidates: [newCandidate('Twin'), { name: 'Twin', email: `twin.${emailCounter}@candidates.example.net` }],
    });
    expect([twice.statusCode, errorCode(twice)]).toEqual([409, 'E_ALREADY_INVITED']);
    // Nothing of a refused batch was kept.
    expect((await invitationsOf(opening.conferenceId)).filter((i) => i.candidateName === 'Twin')).toEqual([]);

    expect((await del(host, `/api/invitations/${invitation.id}`)).statusCode).toBe(204);
    const fresh = await inviteCandidate(t.app, host, opening.conferenceId, candidate, outboxDir);
    expect(fresh.invitation.id).not.toBe(invitation.id);
  });

  it('invites several at once and checks names, addresses and deadlines', async () => {
    const batch = [newCandidate('Ines One'), newCandidate('Ivo Two')];
    const res = await host.post(`/api/interviews/${opening.conferenceId}/invitations`, {
      candidates: batch,
      deadline: new Date(Date.now() + 4 * DAY).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().invitations.map((i: InvitationJson) => i.candidateName)).toEqual(['Ines One', 'Ivo Two']);
    for (const c of batch) await waitForEmail(outboxDir, c.email, 'interview-invitation');

    const bad: [Record<string, unknown>, string][] = [
      [{ candidates: [newCandidate('Past')], deadline: new Date(Date.now() - HOUR).toISOString() }, 'E_BAD_DEADLINE'],
      [{ candidates: [newCandidate('Garbled')], deadline: 'next tuesday' }, 'E_BAD_DEADLINE'],
      [{ candidates: [newCandidate('Both')], deadline: new Date(Date.now() + DAY).toISOString(), deadlineDays: 2 }, 'E_BAD_DEADLINE'],
      [{ candidates: [newCandidate('Zero')], deadlineDays: 0 }, 'E_BAD_DEADLINE'],
      [{ candidates: [{ name: 'No Email', email: 'not-an-address' }] }, 'E_BAD_CANDIDATES'],
      [{ candidates: [{ name: '  ', email: 'blank.name@candidates.example.net' }] }, 'E_BAD_CANDIDATES'],
      [{ candidates: [] }, 'E_BAD_CANDIDATES'],
    ];
    for (const [body, code] of bad) {
      const refused = await host.post(`/api/interviews/${opening.conferenceId}/invitations`, body);
      expect([refused.statusCode, errorCode(refused)], JSON.stringify(body)).toEqual([400, code]);
    }
  });

  it('reminds now with a fresh link (both links work), and revoking stops every link', async () => {
    const candidate = newCandidate('Rita Remind');
    const { invitation, token: first } = await inviteCandidate(t.app, host, opening.conferenceId, candidate, outboxDir);
    const seen = seenEmails(outboxDir);
    const reminded = await host.post(`/api/invitations/${invitation.id}/remind`);
    expect(reminded.statusCode, reminded.body).toBe(200);
    expect(reminded.json().invitation.remindedAt).not.toBeNull();
    const mail = await waitForEmail(outboxDir, candidate.email, 'interview-reminder', seen);
    expect(mail.subject).toBe('Reminder: your video interview for Site reliability engineer');
    const second = tokenFromEmail(mail);
    expect(second).not.toBe(first);
    expect(await invitationIdForToken(t.runtime.db, first)).toBe(invitation.id);
    expect(await invitationIdForToken(t.runtime.db, second)).toBe(invitation.id);

    expect((await del(host, `/api/invitations/${invitation.id}`)).statusCode).toBe(204);
    expect(await invitationIdForToken(t.runtime.db, first)).toBeNull();
    expect(await invitationIdForToken(t.runtime.db, second)).toBeNull();
    const gone = await t.app.inject({ method: 'GET', url: `/api/i/${second}` });
    expect([gone.statusCode, errorCode(gone)]).toEqual([404, 'E_LINK_INVALID']);
    expect((await invitationIn(opening.conferenceId, invitation.id)).status).toBe('revoked');
    const late = await host.post(`/api/invitations/${invitation.id}/remind`);
    expect([late.statusCode, errorCode(late)]).toEqual([409, 'E_INVITATION_CLOSED']);
  });

  it('shows each candidate’s status and progress over the non-practice questions', async () => {
    const { invitation } = await inviteCandidate(t.app, host, opening.conferenceId, newCandidate('Stella Status'), outboxDir);
    const db = t.runtime.db;
    const status = async () => invitationIn(opening.conferenceId, invitation.id);
    expect(await status()).toMatchObject({ status: 'invited', answered: 0, questionCount: 2 });

    await db.query(`update invitations set consented_at = now(), started_at = now() where id = $1`, [invitation.id]);
    // An answer to the first real question (the practice one is never uploaded).
    await db.query(`insert into answers (invitation_id, question_id, take) values ($1, $2, 1)`, [invitation.id, opening.questions[1].id]);
    expect(await status()).toMatchObject({ status: 'started', answered: 1, questionCount: 2 });

    await db.query(`update invitations set completed_at = now() where id = $1`, [invitation.id]);
    expect((await status()).status).toBe('completed');
    await db.query(`update invitations set completed_at = null, deadline = now() - interval '1 minute' where id = $1`, [invitation.id]);
    expect((await status()).status).toBe('expired');
    const late = await host.post(`/api/invitations/${invitation.id}/remind`);
    expect(errorCode(late)).toBe('E_INVITATION_CLOSED');
  });

  it('records decisions, and deletes a candidate’s data when a host asks', async () => {
    const candidate = newCandidate('Dora Decide');
    const { invitation, token } = await inviteCandidate(t.app, host, opening.conferenceId, candidate, outboxDir);
    const decided = await host.post(`/api/invitations/${invitation.id}/decision`, { decision: 'advanced' });
    expect(decided.json().invitation.decision).toBe('advanced');
    const [row] = await t.runtime.db.query<{ decided_at: Date | null }>(`select decided_at from invitations where id = $1`, [
      invitation.id,
    ]);
    expect(row.decided_at).not.toBeNull();
    expect((await host.post(`/api/invitations/${invitation.id}/decision`, { decision: null })).json().invitation.decision).toBeNull();
    expect(errorCode(await host.post(`/api/invitations/${invitation.id}/decision`, { decision: 'maybe' }))).toBe('E_VALIDATION');

    const deleted = await del(host, `/api/invitations/${invitation.id}/data`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().invitation).toMatchObject({ status: 'deleted', candidateEmail: null, candidateName: 'Deleted candidate' });
    expect(await invitationIdForToken(t.runtime.db, token)).toBeNull();
    const [why] = await t.runtime.db.query<{ deletion_reason: string }>(`select deletion_reason from invitations where id = $1`, [
      invitation.id,
    ]);
    expect(why.deletion_reason).toBe('host');
    // The address is free again for a new invitation.
    await inviteCandidate(t.app, host, opening.conferenceId, candidate, outboxDir);
  });
});

describe('prompt videos', () => {
  it('are sniffed, probed (at most 3 minutes), stored per question and served with ranges to members', async () => {
    const opening = await createOpening(host, spaceId, { title: 'Prompted' });
    const question = opening.questions[1];
    const clip = await makeVideoFromClip(asrClips()[0].path, path.join(tmp, 'prompt.webm'), { format: 'webm' });
    const upload = (c: Client, file: Buffer, filename: string) =>
      c.request({ method: 'PUT', url: `/api/questions/${question.id}/prompt-media`, ...multipart([{ name: 'file', file, filename }]) });

    expect((await upload(member, fs.readFileSync(clip), 'prompt.webm')).statusCode).toBe(403);
    const notMedia = await upload(host, Buffer.from('just some text, not a video at all'.repeat(200)), 'prompt.webm');
    expect([notMedia.statusCode, errorCode(notMedia)]).toEqual([415, 'E_UNSUPPORTED_MEDIA']);
    const long = await concatClipsToLength([asrClips()[0].path], path.join(tmp, 'long.wav'), 185);
    const tooLong = await upload(host, fs.readFileSync(long), 'long.wav');
    expect([tooLong.statusCode, errorCode(tooLong)]).toEqual([422, 'E_PROMPT_TOO_LONG']);
    expect((await host.get(`/api/questions/${question.id}/prompt-media`)).statusCode).toBe(404);

    const ok = await upload(host, fs.readFileSync(clip), 'prompt.webm');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().question).toMatchObject({ id: question.id, hasPromptMedia: true });
    const size = fs.statSync(clip).size;
    const full = await member.get(`/api/questions/${question.id}/prompt-media`);
    expect([full.statusCode, full.headers['content-type'], full.rawPayload.length]).toEqual([200, 'video/webm', size]);
    const part = await member.request({
      method: 'GET',
      url: `/api/questions/${question.id}/prompt-media`,
      headers: { range: 'bytes=0-99' },
    });
    expect([part.statusCode, part.headers['content-range']]).toEqual([206, `bytes 0-99/${size}`]);
    // No stray files: only the stored original in the question's folder.
    expect(fs.readdirSync(path.join(t.dataDir, 'media', question.id))).toEqual(['original']);

    // A template's prompt video is copied with its question into an opening.
    const template = (
      await host.post(`/api/spaces/${spaceId}/question-sets`, { title: 'With video', questions: [{ prompt: 'Watch and answer' }] })
    ).json().questionSet;
    const t0 = template.questions[0];
    const setVideo = await host.request({
      method: 'PUT',
      url: `/api/questions/${t0.id}/prompt-media`,
      ...multipart([{ name: 'file', file: fs.readFileSync(clip), filename: 'p.webm' }]),
    });
    expect(setVideo.statusCode).toBe(200);
    const copied = await createOpening(host, spaceId, {
      templateId: template.id,
      criteria: [{ name: 'All', anchors: { weak: 'a', average: 'b', strong: 'c' } }],
    });
    expect(copied.questions[0].hasPromptMedia).toBe(true);
    expect((await host.get(`/api/questions/${copied.questions[0].id}/prompt-media`)).rawPayload.length).toBe(size);
  });
});

describe('scheduled reminders', () => {
  it('mails once per invitation, in the window before the deadline, only to candidates still answering', async () => {
    const opening = await createOpening(host, spaceId, { title: 'Reminded role' });
    const invite = (name: string, deadlineDays: number) =>
      inviteCandidate(t.app, host, opening.conferenceId, newCandidate(name), outboxDir, { deadlineDays });
    const due = await invite('Rex Due', 3);
    const done = await invite('Cora Completed', 3);
    const gone = await invite('Rob Revoked', 3);
    const late = await invite('Lena Late', 1); // invited inside the window: the invitation is reminder enough
    await t.runtime.db.query(`update invitations set started_at = now(), completed_at = now() where id = $1`, [done.invitation.id]);
    expect((await del(host, `/api/invitations/${gone.invitation.id}`)).statusCode).toBe(204);
    const deadline = new Date(due.invitation.deadline).getTime();
    const remindersTo = (email: string | null) =>
      outboxEmails(outboxDir).filter((m) => m.to.includes(email!) && m.headers['x-colloquy-kind'] === 'interview-reminder');
    const remindedAt = async (id: string) =>
      (await t.runtime.db.query<{ reminded_at: Date | null }>(`select reminded_at from invitations where id = $1`, [id]))[0].reminded_at;

    // Three days out: too early (the window is INTERVIEW_REMINDER_HOURS = 48).
    await sendDueReminders(t.runtime, new Date());
    await sendDueReminders(t.runtime, new Date(deadline - 49 * HOUR));
    expect(await remindedAt(due.invitation.id)).toBeNull();

    const seen = seenEmails(outboxDir);
    const at = new Date(deadline - 47 * HOUR);
    expect(await sendDueReminders(t.runtime, at)).toBeGreaterThanOrEqual(1); // other tests' invitations may be due as well
    expect((await remindedAt(due.invitation.id))?.getTime()).toBe(at.getTime());
    const mail = await waitForEmail(outboxDir, due.invitation.candidateEmail!, 'interview-reminder', seen);
    expect(mail.body).toContain(new Date(due.invitation.deadline).toUTCString());
    expect(await invitationIdForToken(t.runtime.db, tokenFromEmail(mail))).toBe(due.invitation.id);
    expect(await invitationIdForToken(t.runtime.db, due.token)).toBe(due.invitation.id);

    // Once: later runs in the window and after the deadline send nothing more.
    for (const hours of [46, 1, -1]) await sendDueReminders(t.runtime, new Date(deadline - hours * HOUR));
    expect((await remindedAt(due.invitation.id))?.getTime()).toBe(at.getTime());
    await waitForOutboxDelivered(t.runtime.db); // so any email wrongly queued above is written by now
    expect(remindersTo(due.invitation.candidateEmail)).toHaveLength(1);
    for (const other of [done, gone, late]) {
      expect(await remindedAt(other.invitation.id)).toBeNull();
      expect(remindersTo(other.invitation.candidateEmail)).toEqual([]);
    }
  });

  it('still reminds in the window after a host reminded earlier by hand', async () => {
    const opening = await createOpening(host, spaceId, { title: 'Reminded twice' });
    const { invitation } = await inviteCandidate(t.app, host, opening.conferenceId, newCandidate('Hal Hand'), outboxDir, {
      deadlineDays: 6,
    });
    expect((await host.post(`/api/invitations/${invitation.id}/remind`)).statusCode).toBe(200);
    const remindedAt = async () =>
      (
        await t.runtime.db.query<{ reminded_at: Date }>(`select reminded_at from invitations where id = $1`, [invitation.id])
      )[0].reminded_at.getTime();
    const byHand = await remindedAt();
    const deadline = new Date(invitation.deadline).getTime();
    await sendDueReminders(t.runtime, new Date(deadline - 72 * HOUR));
    expect(await remindedAt()).toBe(byHand);
    await sendDueReminders(t.runtime, new Date(deadline - 24 * HOUR));
    expect(await remindedAt()).toBe(deadline - 24 * HOUR);
    await sendDueReminders(t.runtime, new Date(deadline - 23 * HOUR));
    expect(await remindedAt()).toBe(deadline - 24 * HOUR);
    // Two reminders in all: the host's and the scheduled one.
    const reminders = () =>
      outboxEmails(outboxDir).filter(
        (m) => m.to.includes(invitation.candidateEmail!) && m.headers['x-colloquy-kind'] === 'interview-reminder',
      );
    await waitForOutboxDelivered(t.runtime.db);
    expect(reminders()).toHaveLength(2);
  });

  it('runs hourly as the pg-boss task "interviews"', async () => {
    const rows = await t.runtime.db.query<{ name: string; cron: string }>(
      `select name, cron from pgboss.schedule where name = 'interviews'`,
    );
    expect(rows).toEqual([{ name: 'interviews', cron: '0 * * * *' }]);
    // A worker takes the task in this process: a run sent now completes.
    await t.runtime.queue.sendTask('interviews', { manual: true });
    const state = await waitFor(
      'the manual "interviews" run to complete',
      async () => {
        const [{ state } = { state: '' }] = await t.runtime.db.query<{ state: string }>(
          `select state from pgboss.job where name = 'interviews' and data->>'manual' = 'true' order by created_on desc limit 1`,
        );
        return state;
      },
      { until: (state) => state === 'completed' || state === 'failed' },
    );
    expect(state).toBe('completed');
  });
});

describe('retention', () => {
  it("deletes a rejected candidate's answers retentionDays after the decision, and undecided ones after the deadline; never advanced ones", async () => {
    const { client: owner, space } = await spaceWithConference(t.app, 'Rosa');
    const opening = await createOpening(owner, space.id, { title: 'Kept for a while', retentionDays: 30 });
    const question = opening.questions[1];
    const invite = (name: string) => inviteCandidate(t.app, owner, opening.conferenceId, newCandidate(name), outboxDir);
    const rejected = await invite('Rene Rejected');
    const advanced = await invite('Ada Advanced');
    const undecided = await invite('Uma Undecided');

    // Each answered the first real question: an answer row with a transcript contribution behind it.
    const answerFor = async (invitationId: string, name: string) => {
      const contribution = await postTranscript(owner, opening.conferenceId, {
        title: `${name}: a project`,
        turns: [
          {
            speaker: name,
            text: `I rebuilt the billing service and cut its error rate by half. ${name} led the migration.`,
            startMs: 0,
            endMs: 8000,
          },
        ],
      });
      await t.runtime.db.query(
        `insert into answers (invitation_id, question_id, contribution_id, take, duration_ms) values ($1, $2, $3, 1, 8000)`,
        [invitationId, question.id, contribution.id],
      );
      expect(contribution.statements.length).toBeGreaterThan(0);
      return contribution.id as string;
    };
    const rejectedContribution = await answerFor(rejected.invitation.id, 'Rene');
    const advancedContribution = await answerFor(advanced.invitation.id, 'Ada');
    const undecidedContribution = await answerFor(undecided.invitation.id, 'Uma');
    await owner.post(`/api/invitations/${rejected.invitation.id}/decision`, { decision: 'rejected' });
    await owner.post(`/api/invitations/${advanced.invitation.id}/decision`, { decision: 'advanced' });

    const statementsOf = async (contributionId: string) =>
      (await t.runtime.db.query<{ n: number }>(`select count(*)::int as n from statements where contribution_id = $1`, [contributionId]))[0]
        .n;
    const statusOf = async (id: string) =>
      (await owner.get(`/api/interviews/${opening.conferenceId}/invitations`)).json().invitations.find((i: InvitationJson) => i.id === id)
        .status;
    const mine = [rejected, advanced, undecided].map((x) => x.invitation.id);
    const deletedOfMine = async (now: Date) => {
      await runRetention(t.runtime, now);
      const rows = await t.runtime.db.query<{ id: string }>(
        `select id from invitations where id = any($1::uuid[]) and deleted_at is not null`,
        [mine],
      );
      return rows.map((r) => r.id);
    };

    expect(await deletedOfMine(new Date(Date.now() + 29 * DAY))).toEqual([]);
    expect(await statementsOf(rejectedContribution)).toBeGreaterThan(0);

    // 31 days after the rejection: the rejected candidate's data goes; the deadline (7 days) + 30 has not passed yet.
    expect(await deletedOfMine(new Date(Date.now() + 31 * DAY))).toEqual([rejected.invitation.id]);
    expect(await statementsOf(rejectedContribution)).toBe(0);
    expect((await t.runtime.db.query(`select 1 from contributions where id = $1`, [rejectedContribution])).length).toBe(0);
    expect(fs.existsSync(path.join(t.dataDir, 'media', rejectedContribution))).toBe(false);
    expect(await statusOf(rejected.invitation.id)).toBe('deleted');
    expect(await invitationIdForToken(t.runtime.db, rejected.token)).toBeNull();
    const [why] = await t.runtime.db.query<{ deletion_reason: string; candidate_email: string | null }>(
      `select deletion_reason, candidate_email from invitations where id = $1`,
      [rejected.invitation.id],
    );
    expect(why).toEqual({ deletion_reason: 'retention', candidate_email: null });

    // 38 days on, past the deadline + 30: the undecided one goes too; the advanced one stays.
    const later = await deletedOfMine(new Date(Date.now() + 38 * DAY));
    expect(later.sort()).toEqual([rejected.invitation.id, undecided.invitation.id].sort());
    expect(await statementsOf(undecidedContribution)).toBe(0);
    expect(await statementsOf(advancedContribution)).toBeGreaterThan(0);
    expect(await statusOf(advanced.invitation.id)).toBe('invited');
  });
});

/** Tables (ours and the job queue's) with a row whose text contains `needle`. */
async function tablesContaining(needle: string): Promise<string[]> {
  const db = t.runtime.db;
  const tables = await db.query<{ table_schema: string; table_name: string }>(
    `select table_schema, table_name from information_schema.tables where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'`,
  );
  const found: string[] = [];
  for (const { table_schema, table_name } of tables) {
    const name = `"${table_schema}"."${table_name}"`;
    const [hit] = await db.query<{ n: number }>(`select count(*)::int as n from ${name} x where x::text like $1`, [`%${needle}%`]);
    if (hit.n > 0) found.push(name);
  }
  return found;
}
