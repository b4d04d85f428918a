/**
 * Building an opening and inviting candidates in tests, through the real API. The candidate's link
 * is read from the email the outbox folder received (only its hash is stored anywhere), so start
 * the app with `OUTBOX_DIR` set to a folder you own, e.g. `startTestApp({ OUTBOX_DIR: outboxDir })`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../../src/db/db.ts';
import type { Client } from './app.ts';
import { readEmail, type ReadEmail } from './eml.ts';
import { waitFor } from './wait.ts';

/** A practice question first, then two real ones: think 3 s, answer within 60 s, one retake. */
export const SAMPLE_QUESTIONS = [
  { prompt: 'Practice: tell us what you had for breakfast.', thinkTimeS: 3, timeLimitS: 60, retakes: 1, isPractice: true },
  { prompt: 'Tell us about a project you are proud of, and your part in it.', thinkTimeS: 3, timeLimitS: 60, retakes: 1 },
  { prompt: 'How would you explain a database index to a new colleague?', thinkTimeS: 3, timeLimitS: 60, retakes: 1 },
];

/** A rubric: one criterion per real question (positions 2 and 3) and one for the whole interview. */
export const SAMPLE_CRITERIA = [
  {
    name: 'Ownership',
    description: 'Says clearly what they did themselves.',
    question: 2,
    anchors: { weak: 'Only "we"; no part of their own', average: 'Names their part', strong: 'Their part, decisions and what they learnt' },
  },
  {
    name: 'Clarity',
    question: 3,
    anchors: { weak: 'Jargon, no example', average: 'Correct but abstract', strong: 'A plain example a newcomer gets' },
  },
  {
    name: 'Communication',
    question: null,
    scaleMin: 1,
    scaleMax: 4,
    anchors: { weak: 'Hard to follow', average: 'Clear enough', strong: 'Structured and concise' },
  },
];

export interface OpeningOverrides {
  title?: string;
  description?: string;
  templateId?: string;
  questions?: unknown[];
  criteria?: unknown[];
  timeline?: string;
  aiSummaries?: boolean;
  retentionDays?: number;
  contactEmail?: string;
}

/**
 * Creates an opening (POST /api/spaces/:spaceId/interviews) with SAMPLE_QUESTIONS and
 * SAMPLE_CRITERIA unless overridden; returns the `interview` JSON. Throws unless 201.
 * Passing `templateId` drops the default questions (the template's are copied instead).
 */
export async function createOpening(client: Client, spaceId: string, overrides: OpeningOverrides = {}) {
  const body: Record<string, unknown> = {
    title: 'Backend engineer',
    description: 'Three short questions about how you work.',
    criteria: SAMPLE_CRITERIA,
    timeline: 'We reply within two weeks.',
    contactEmail: 'jobs@example.org',
    ...(overrides.templateId ? {} : { questions: SAMPLE_QUESTIONS }),
    ...overrides,
  };
  const res = await client.post(`/api/spaces/${spaceId}/interviews`, body);
  if (res.statusCode !== 201) throw new Error(`creating an opening: ${res.statusCode} ${res.body}`);
  return res.json().interview;
}

/** The emails in the outbox folder (newest last by file name), with their file names. */
export function outboxEmails(outboxDir: string): (ReadEmail & { file: string })[] {
  if (!fs.existsSync(outboxDir)) return [];
  return fs
    .readdirSync(outboxDir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => ({ ...readEmail(fs.readFileSync(path.join(outboxDir, f), 'utf8')), file: f }));
}

/** The candidate token in an invitation or reminder email (the link is `<publicUrl>/i/<token>`). */
export function tokenFromEmail(mail: ReadEmail): string {
  const token = mail.body.match(/\/i\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`no candidate link in the email "${mail.subject}"`);
  return token;
}

/**
 * Waits for an email to `to` of `kind` ('interview-invitation', 'interview-reminder', …) that is
 * not among `seen` file names (take them from outboxEmails before the action that mails).
 */
export async function waitForEmail(outboxDir: string, to: string, kind: string, seen: Set<string> = new Set()) {
  return waitFor(`a new ${kind} email to ${to}`, () =>
    outboxEmails(outboxDir).find(
      (m) => !seen.has(m.file) && m.to.toLowerCase().includes(to.toLowerCase()) && m.headers['x-colloquy-kind'] === kind,
    ),
  );
}

/** Waits until the mail worker has delivered every email queued so far: no outbox row is pending. */
export async function waitForOutboxDelivered(db: Queryable) {
  await waitFor(
    'every queued email to be delivered',
    async () => (await db.query<{ pending: number }>(`select count(*)::int as pending from outbox where status = 'pending'`))[0].pending,
    { until: (pending) => pending === 0 },
  );
}

/** The file names already in the outbox folder, to tell new emails from old ones. */
export const seenEmails = (outboxDir: string) => new Set(outboxEmails(outboxDir).map((m) => m.file));

/**
 * Invites one candidate (POST /api/interviews/:id/invitations) as `host` and returns the
 * `invitation` JSON with the token from the email they got. `when` sets the deadline (default:
 * the server's 7 days). Throws unless 201.
 */
export async function inviteCandidate(
  _app: FastifyInstance,
  host: Client,
  conferenceId: string,
  candidate: { name: string; email: string },
  outboxDir: string,
  when: { deadline?: string; deadlineDays?: number } = {},
): Promise<{ invitation: InvitationJson; token: string; email: ReadEmail }> {
  const seen = seenEmails(outboxDir);
  const res = await host.post(`/api/interviews/${conferenceId}/invitations`, { candidates: [candidate], ...when });
  if (res.statusCode !== 201) throw new Error(`inviting ${candidate.email}: ${res.statusCode} ${res.body}`);
  const [invitation] = res.json().invitations as InvitationJson[];
  const email = await waitForEmail(outboxDir, candidate.email, 'interview-invitation', seen);
  return { invitation, token: tokenFromEmail(email), email };
}

/** The Invitation shape of the contract. */
export interface InvitationJson {
  id: string;
  candidateName: string;
  candidateEmail: string | null;
  deadline: string;
  status: 'invited' | 'started' | 'completed' | 'expired' | 'revoked' | 'deleted';
  consentedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  remindedAt: string | null;
  decision: 'advanced' | 'rejected' | null;
  answered: number;
  questionCount: number;
  /** Real questions with no answer and no takes left (empty unless invited or started). */
  stuck: { questionId: string; position: number; number: number; prompt: string }[];
}

/** What the candidate's page does, with nothing but the token. */
export function candidateApi(app: FastifyInstance, token: string) {
  const base = `/api/i/${token}`;
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url: `${base}${url}`, ...(payload ? { payload } : {}) });
  return {
    view: () => call('GET', ''),
    consent: () => call('POST', '/consent', { agree: true }),
    take: (qid: string) => call('POST', `/questions/${qid}/takes`),
    createUpload: (qid: string, take: number, sizeBytes: number) => call('POST', `/questions/${qid}/uploads`, { take, sizeBytes }),
    chunk: (uploadId: string, offset: number, bytes: Buffer) =>
      app.inject({
        method: 'PUT',
        url: `${base}/uploads/${uploadId}?offset=${offset}`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: bytes,
      }),
    uploadStatus: (uploadId: string) => call('GET', `/uploads/${uploadId}`),
    completeUpload: (uploadId: string) => call('POST', `/uploads/${uploadId}/complete`),
    complete: () => call('POST', '/complete'),
    deletion: () => call('POST', '/deletion'),
  };
}
export type CandidateApi = ReturnType<typeof candidateApi>;

/** The stable code of an error response. */
export const errorCode = (res: { json(): { error?: { code?: string } } }) => res.json().error?.code;
