/**
 * A candidate's one-way interview in a real browser against the full stack. A host builds an
 * opening and invites through the API; the candidate, with no account, opens the link from the
 * email: welcome → recording terms → camera check (Chromium's fake camera, and a microphone
 * playing real speech) → practice (never sent) → question 1 with one retake → reload half-way,
 * which resumes at question 2 → question 2, whose upload loses a chunk to the network and
 * resumes → submit → thanks. Then the API shows what the hiring team sees, and an answer goes
 * through the pipeline to statements. Finally the candidate deletes their recordings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Client, waitForContribution } from '../helpers/app.ts';
import { createOpening, inviteCandidate, SAMPLE_CRITERIA } from '../helpers/interview.ts';
import { WAIT_TIMEOUT_MS } from '../helpers/wait.ts';
import {
  collectPageProblems,
  hasChromium,
  launchBrowser,
  newContext,
  SCREENSHOTS,
  SKIP_REASON,
  startBrowserStack,
  type BrowserStack,
} from './stack.ts';

if (!hasChromium) console.warn(SKIP_REASON);

/** Short think times and limits, so the test records a few seconds per answer. */
const QUESTIONS = [
  { prompt: 'Practice: what did you have for breakfast?', thinkTimeS: 2, timeLimitS: 10, retakes: 0, isPractice: true },
  { prompt: 'Tell us about a speech that stayed with you.', thinkTimeS: 2, timeLimitS: 15, retakes: 1 },
  { prompt: 'What would you like to learn next?', thinkTimeS: 2, timeLimitS: 12, retakes: 1 },
];
const TIMELINE = 'We reply to everyone within ten days.';
/** Small chunks, so every answer travels in many of them and one can be lost on the way. */
const CHUNK_BYTES = 64 * 1024;

describe.skipIf(!hasChromium)("a candidate's interview in a browser", () => {
  let stack: BrowserStack;
  let browser: Browser;
  let outbox: string;

  beforeAll(async () => {
    outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-candidate-outbox-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([
      startBrowserStack({ OUTBOX_DIR: outbox, INTERVIEW_CHUNK_BYTES: String(CHUNK_BYTES) }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (outbox) fs.rmSync(outbox, { recursive: true, force: true });
  });

  it('consents, checks devices, practises, answers with a retake, resumes after a reload, survives a lost chunk and submits', async () => {
    // ---- the host: an opening, one candidate invited by email ----
    const host = await Client.signUp(stack.app, 'Hana');
    const spaceId = (await host.post('/api/spaces', { name: 'Acme Hiring' })).json().space.id as string;
    const opening = await createOpening(host, spaceId, {
      title: 'Speechwriter',
      questions: QUESTIONS,
      criteria: SAMPLE_CRITERIA,
      timeline: TIMELINE,
    });
    const [practiceQ, q1, q2] = [...opening.questions].sort(
      (a: { position: number }, b: { position: number }) => a.position - b.position,
    ) as { id: string }[];
    const { token } = await inviteCandidate(
      stack.app,
      host,
      opening.conferenceId,
      { name: 'Cleo Candidate', email: 'cleo@example.org' },
      outbox,
    );

    // ---- the candidate: a fresh browser, no account ----
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));

    // A broken link says so.
    await page.goto(new URL('/i/not-a-real-link', stack.url).href);
    await page.getByRole('heading', { name: 'This interview link does not work' }).waitFor();

    // Welcome: the opening, who invites, the deadline, what happens next, how it works.
    await page.goto(new URL(`/i/${token}`, stack.url).href);
    const welcome = page.getByTestId('welcome');
    await welcome.getByRole('heading', { name: 'Speechwriter' }).waitFor();
    const welcomeText = await welcome.textContent();
    expect(welcomeText).toContain('Acme Hiring invites you');
    expect(welcomeText).toContain('Hello Cleo Candidate');
    expect(welcomeText).toContain(TIMELINE);
    expect(welcomeText).toContain('2 questions');
    expect(welcomeText).toMatch(/practice question/i);
    expect(welcomeText).toContain('0:02 to think, then up to');
    await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).count()).toBe(0); // no account offered
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interview-candidate-welcome.png'), fullPage: true });
    await page.getByRole('button', { name: 'Continue to the recording terms' }).click();

    // Consent: who sees the recordings (the host by name), AI, keeping and deleting; then "I agree".
    const consent = page.getByTestId('consent');
    await consent.waitFor();
    const consentText = await consent.textContent();
    expect(consentText).toContain('Hana');
    expect(consentText).toMatch(/AI/);
    expect(consentText).toMatch(/90 days/);
    await page.getByRole('button', { name: 'Delete my recordings' }).waitFor(); // reachable from the start
    await page.getByRole('button', { name: 'I agree' }).click();

    // Device check: camera and microphone, live picture, the level moves with the fake speech.
    await passDeviceCheck(page);

    // ---- practice: labelled, recorded by itself after the think time, never sent ----
    const step = page.getByTestId('question-step');
    await page.getByTestId('practice-label').getByText('Practice — not sent to anyone').waitFor();
    await page.getByRole('heading', { name: 'Practice question' }).waitFor();
    await recordByItself(page, 2000);
    await page.getByRole('button', { name: 'Try again' }).waitFor(); // as often as wanted, even with no retakes
    await page.getByRole('button', { name: 'Try again' }).click();
    await recordByItself(page, 1500);
    await page.getByRole('button', { name: 'I am ready: start the interview' }).click();
    expect(requests.filter((r) => r.includes(practiceQ.id) || r.includes('/uploads'))).toEqual([]);

    // ---- question 1: "Start now", record, retake, record again (by itself), keep ----
    await page.getByRole('heading', { name: 'Question 1 of 2' }).waitFor();
    expect(await page.getByTestId('question-prompt').textContent()).toBe(QUESTIONS[1].prompt);
    await page.getByRole('button', { name: 'Start now' }).click();
    await step.and(page.locator('[data-phase=recording]')).waitFor();
    await page.getByTestId('answer-timer').waitFor();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByTestId('take-review').waitFor();
    await mediaPlayable(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interview-candidate-review.png'), fullPage: true });
    await page.getByRole('button', { name: 'Retake (1 left)' }).click();
    await recordByItself(page, 4000);
    const noRetakes = page.getByRole('button', { name: 'No retakes left' });
    expect(await noRetakes.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Keep this answer' }).click();
    await page.getByRole('heading', { name: 'Question 2 of 2' }).waitFor({ timeout: WAIT_TIMEOUT_MS });
    expect(requests.filter((r) => r === `POST /api/i/${token}/questions/${q1.id}/takes`)).toHaveLength(2);
    expect(requests.filter((r) => r.startsWith(`PUT /api/i/${token}/uploads/`)).length).toBeGreaterThan(1); // in chunks

    // ---- leave and come back, on a phone-sized screen: the link resumes at question 2 ----
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('welcome').getByText('Welcome back, Cleo Candidate.').waitFor();
    expect(await page.getByTestId('progress-note').textContent()).toContain('You have answered 1 of 2 questions');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await passDeviceCheck(page);
    await page.getByRole('heading', { name: 'Question 2 of 2' }).waitFor(); // no practice, no question 1
    expect(await page.getByTestId('question-prompt').textContent()).toBe(QUESTIONS[2].prompt);

    // ---- question 2: answered directly; the network drops one chunk on the way ----
    let dropped = 0;
    await page.route(`**/api/i/${token}/uploads/**`, (route) => {
      if (route.request().method() === 'PUT' && new URL(route.request().url()).searchParams.get('offset') !== '0' && dropped === 0) {
        dropped++;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await recordByItself(page, 4000, () =>
      page.screenshot({ path: path.join(SCREENSHOTS, 'interview-candidate-recording-phone.png'), fullPage: true }),
    );
    await page.getByRole('button', { name: 'Keep this answer' }).click();
    await page.locator('[data-testid=upload-status][data-state=retrying]').getByText('Connection lost — retrying').waitFor();
    await page.getByRole('heading', { name: 'All questions answered' }).waitFor({ timeout: WAIT_TIMEOUT_MS });
    expect(dropped).toBe(1);
    await page.unroute(`**/api/i/${token}/uploads/**`);

    // ---- submit: thanks, with the timeline ----
    await page.getByRole('button', { name: 'Submit interview' }).click();
    await page.getByRole('heading', { name: 'Thank you — your interview is submitted' }).waitFor();
    expect(await page.getByTestId('done-timeline').textContent()).toBe(TIMELINE);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interview-candidate-done.png'), fullPage: true });
    // The camera is off once nothing more is recorded.
    await page.waitForFunction(() => document.querySelectorAll('video').length === 0);

    // ---- what the hiring team sees ----
    const invitations = (await host.get(`/api/interviews/${opening.conferenceId}/invitations`)).json().invitations;
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({ status: 'completed', answered: 2, questionCount: 2 });
    const review = (await host.get(`/api/interviews/${opening.conferenceId}/review`)).json();
    expect(review.questions.map((q: { id: string }) => q.id)).toEqual([q1.id, q2.id]); // no practice
    const answers = review.candidates[0].answers as { questionId: string; take: number; contributionId: string; durationMs: number }[];
    expect(answers.map((a) => [a.questionId, a.take]).sort()).toEqual(
      [
        [q1.id, 2],
        [q2.id, 1],
      ].sort(),
    );
    expect(answers.every((a) => a.questionId !== practiceQ.id)).toBe(true);
    // The server counted both takes of question 1, and none of the practice.
    const view = (await stack.app.inject({ method: 'GET', url: `/api/i/${token}` })).json();
    const takes = Object.fromEntries(view.questions.map((q: { id: string; takesUsed: number }) => [q.id, q.takesUsed]));
    expect(takes).toEqual({ [practiceQ.id]: 0, [q1.id]: 2, [q2.id]: 1 });
    const [{ n: practiceAnswers }] = await stack.runtime.db.query<{ n: number }>(
      `select count(*)::int as n from answers where question_id = $1`,
      [practiceQ.id],
    );
    expect(practiceAnswers).toBe(0);

    // The kept answer went through the pipeline: real speech, so statements.
    const q1Answer = answers.find((a) => a.questionId === q1.id)!;
    expect(q1Answer.durationMs).toBeGreaterThan(3000);
    expect(q1Answer.durationMs).toBeLessThan(15_000 + 1000);
    const contribution = await waitForContribution(host, q1Answer.contributionId);
    expect(contribution.status).toBe('ready');
    const detail = (await host.get(`/api/contributions/${q1Answer.contributionId}`)).json().contribution;
    expect(detail.statements.length).toBeGreaterThan(0);

    // ---- the candidate deletes their recordings (asked to confirm first) ----
    await page.getByRole('button', { name: 'Delete my recordings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your recordings?' });
    await dialog.getByRole('button', { name: 'Keep my recordings' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete my recordings' }).click();
    await dialog.getByRole('button', { name: 'Yes, delete everything' }).click();
    await page.getByRole('heading', { name: 'Your recordings were deleted' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Your recordings were deleted' }).waitFor();
    const after = (await host.get(`/api/interviews/${opening.conferenceId}/invitations`)).json().invitations[0];
    expect(after.status).toBe('deleted');

    // ---- a link past its deadline says the interview is closed, and whom to ask ----
    const late = await inviteCandidate(stack.app, host, opening.conferenceId, { name: 'Leo Late', email: 'leo@example.org' }, outbox);
    await stack.runtime.db.query(`update invitations set deadline = now() - interval '1 hour' where id = $1`, [late.invitation.id]);
    await page.goto(new URL(`/i/${late.token}`, stack.url).href);
    await page.getByRole('heading', { name: 'This interview is closed' }).waitFor();
    await page.getByRole('link', { name: 'jobs@example.org' }).waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});

/** Turns on camera and microphone, sees the level move with the fake speech, goes on. */
async function passDeviceCheck(page: Page) {
  await page.getByRole('heading', { name: 'Check your camera and microphone' }).waitFor();
  await page.getByRole('button', { name: 'Turn on camera and microphone' }).click();
  await page.getByLabel('Camera', { exact: true }).waitFor();
  await page.getByLabel('Microphone', { exact: true }).waitFor();
  await page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>('video[aria-label="Your camera"]');
    return v !== null && v.videoWidth > 0;
  });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=level-meter]')?.getAttribute('data-level')) > 10);
  await page.getByRole('button', { name: 'My camera and microphone work' }).click();
}

/** Lets the think time run out (recording starts by itself), records `ms`, stops with the button. */
async function recordByItself(page: Page, ms: number, whileRecording?: () => Promise<unknown>) {
  const step = page.getByTestId('question-step');
  await page.getByTestId('think-countdown').waitFor();
  await step.and(page.locator('[data-phase=recording]')).waitFor();
  await page.getByTestId('answer-timer').waitFor();
  const started = Date.now();
  await whileRecording?.();
  await page.waitForTimeout(Math.max(0, ms - (Date.now() - started)));
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByTestId('take-review').waitFor();
}

/** The take plays back from memory: a real duration once the browser found its end. */
async function mediaPlayable(page: Page) {
  await page.waitForFunction(() => {
    const m = document.querySelector<HTMLMediaElement>('[data-testid=take-media]');
    return m !== null && Number.isFinite(m.duration) && m.duration > 1;
  });
}
