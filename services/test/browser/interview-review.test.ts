/**
 * Hosts and reviewers of a one-way interview, in a real browser against the full stack. Set up
 * through the API: a space with an owner (Ana) and a member (Ben), an opening with a practice
 * question, two questions and a three-criterion rubric, and one candidate who answers both
 * questions with real speech through the candidate API (chunked upload of a browser-like WebM),
 * processed by the real pipeline. Then: Ana finds the answers in the review grid and by search,
 * plays one, scores and submits; Ben scores the same candidate without seeing Ana's scores (they
 * are not in his page at all) and sees them, with the aggregate, once he submits. And a host
 * builds an opening in the builder and invites candidates from the Candidates tab.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runTool } from '../../src/media/run-tool.ts';
import { mediaToolsFrom } from '../../src/media/tools.ts';
import { asrClips, makeAudioFromClip } from '../fixtures/media.ts';
import { Client, waitForContribution } from '../helpers/app.ts';
import { createOpening, inviteCandidate } from '../helpers/interview.ts';
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

const ANA_COMMENT = 'Ana thinks the ownership story was vivid and specific.';
const BEN_COMMENT = 'Ben found the answer vague about who did what.';

type Question = { id: string; prompt: string; isPractice: boolean };
type Criterion = { id: string; name: string; questionId: string | null; scaleMin: number; scaleMax: number };

describe.skipIf(!hasChromium)('interview review in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let tmp: string;
  let outbox: string;
  let ana: Client & { userId: string; email: string };
  let ben: Client & { userId: string; email: string };
  let spaceId: string;
  let conferenceId: string;
  let invitationId: string;
  let questions: Question[];
  let criteria: Criterion[];
  /** questionId → the answer's contribution id */
  const contributions = new Map<string, string>();

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-browser-interview-'));
    outbox = path.join(tmp, 'outbox');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack({ OUTBOX_DIR: outbox }), launchBrowser()]);

    ana = await Client.signUp(stack.app, 'Ana');
    spaceId = (await ana.post('/api/spaces', { name: 'Hiring' })).json().space.id;
    ben = await Client.signUp(stack.app, 'Ben');
    const added = await ana.post(`/api/spaces/${spaceId}/members`, { email: ben.email, role: 'member' });
    expect(added.statusCode, added.body).toBeLessThan(300);

    const interview = await createOpening(ana, spaceId);
    conferenceId = interview.conferenceId;
    questions = interview.questions.filter((q: Question) => !q.isPractice);
    criteria = interview.criteria;
    expect(questions).toHaveLength(2);

    // One candidate answers both questions with real speech, as their browser would upload it.
    const invited = await inviteCandidate(stack.app, ana, conferenceId, { name: 'Cleo Candidate', email: 'cleo@example.net' }, outbox);
    invitationId = invited.invitation.id;
    const candidate = candidateApi(stack, invited.token);
    expect((await candidate('POST', '/consent', { agree: true })).statusCode).toBe(200);
    const clips = [asrClips().find((c) => c.file.includes('jfk'))!, asrClips().find((c) => c.file.includes('LJ001-0001'))!];
    for (const [i, q] of questions.entries()) {
      const recording = await browserRecording(clips[i].path, path.join(tmp, `answer-${i + 1}`));
      const take = await candidate('POST', `/questions/${q.id}/takes`);
      expect(take.statusCode, take.body).toBe(201);
      const upload = await candidate('POST', `/questions/${q.id}/uploads`, { take: take.json().take, sizeBytes: recording.length });
      expect(upload.statusCode, upload.body).toBe(201);
      const { uploadId, chunkBytes } = upload.json();
      for (let offset = 0; offset < recording.length; offset += chunkBytes) {
        const res = await stack.app.inject({
          method: 'PUT',
          url: `/api/i/${invited.token}/uploads/${uploadId}?offset=${offset}`,
          headers: { 'content-type': 'application/octet-stream' },
          payload: recording.subarray(offset, offset + chunkBytes),
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      const kept = await candidate('POST', `/uploads/${uploadId}/complete`);
      expect(kept.statusCode, kept.body).toBe(201);
    }
    expect((await candidate('POST', '/complete')).statusCode).toBe(200);

    // Wait until both answers went through the pipeline.
    const grid = (await ana.get(`/api/interviews/${conferenceId}/review`)).json();
    const answers = grid.candidates.find((c: { invitationId: string }) => c.invitationId === invitationId).answers;
    expect(answers).toHaveLength(2);
    for (const a of answers) {
      const done = await waitForContribution(ana, a.contributionId);
      expect(done.status, done.error).toBe('ready');
      contributions.set(a.questionId, a.contributionId);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function signedIn(client: Client, options: Parameters<typeof newContext>[1] = {}): Promise<BrowserContext> {
    const context = await newContext(browser, options);
    await context.addCookies([{ name: 'colloquy_session', value: client.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    return context;
  }

  /** Scores every criterion with the given values (by criterion name) and writes a comment on the first. */
  async function score(page: Page, values: Record<string, number>, overall: string) {
    const form = page.getByTestId('score-form');
    for (const [name, value] of Object.entries(values)) {
      await form.locator(`[data-criterion="${name}"] input[type=radio][value="${value}"]`).check();
    }
    await form.getByLabel(`Comment on ${Object.keys(values)[0]}`).fill(`${overall} (on ${Object.keys(values)[0]})`);
    await form.getByLabel('Overall comment').fill(overall);
    await form.getByTestId('save-state').filter({ hasText: 'Draft saved' }).waitFor();
  }

  async function submit(page: Page) {
    await page.getByRole('button', { name: 'Submit my review' }).click();
    const dialog = page.getByRole('dialog', { name: /^Submit your review of Cleo Candidate/ });
    await dialog.getByText('You cannot change it afterwards.').waitFor();
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByTestId('review-submitted').waitFor();
  }

  it('lets two reviewers score blind: the second sees the first one’s scores only after submitting', async () => {
    const [first, second] = questions;
    const ownership = criteria.find((c) => c.name === 'Ownership')!;
    expect(ownership.questionId).toBe(first.id);

    // ---- Ana: the grid, search, one answer played, scored and submitted ----
    const anaContext = await signedIn(ana);
    const page = await anaContext.newPage();
    const problems = collectPageProblems(page);
    await page.goto(new URL(`/c/${conferenceId}`, stack.url).href);
    const row = page.getByTestId('grid-row').filter({ hasText: 'Cleo Candidate' });
    await row.waitFor();
    expect((await page.getByRole('tab').allTextContents()).map((t) => t.trim())).toEqual([
      'Review',
      'Candidates',
      'Shortlist',
      'Live round',
      'Setup',
    ]);
    const cells = row.getByTestId('grid-cell');
    expect(await cells.count()).toBe(2);
    for (const cell of await cells.all()) await cell.locator('[data-status=ready]').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interview-review-grid.png'), fullPage: true });

    // Search across the answers: the hit names the candidate and the question, and opens that second.
    // (Words the speech recogniser reliably hears in the second clip.)
    await page.getByLabel('Search what candidates said').fill('arts and crafts');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hit = page
      .getByTestId('answer-hit')
      .filter({ has: page.locator('mark') })
      .first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('Cleo Candidate · Question 2');
    const hitHref = new URL((await hit.getByRole('link', { name: /^Play from/ }).getAttribute('href'))!, stack.url);
    expect(hitHref.pathname).toBe(`/c/${conferenceId}/review/${invitationId}`);
    const secondAnswerId = hitHref.searchParams.get('answer');
    expect(hitHref.searchParams.get('s')).toBeTruthy();
    await hit.getByRole('link', { name: /^Play from/ }).click();
    await page.waitForURL((u) => u.pathname.endsWith(`/review/${invitationId}`) && u.searchParams.get('answer') === secondAnswerId);
    await page.getByRole('heading', { name: `Question 2: ${second.prompt}` }).waitFor();
    await page
      .getByTestId('transcript')
      .getByText(/crafts/i)
      .first()
      .waitFor();

    // The first answer, from its tab: played, with its transcript, markers and the AI evidence marked as such.
    await page
      .getByRole('navigation', { name: 'Answers' })
      .getByRole('link', { name: /Question 1/ })
      .click();
    await page.getByRole('heading', { name: `Question 1: ${first.prompt}` }).waitFor();
    await page.getByTestId('transcript').getByTestId('transcript-statement').first().waitFor();
    expect(await page.getByTestId('timeline-marker').count()).toBeGreaterThan(0);
    await page.getByTestId('evidence').getByText('AI suggestion — not a score').waitFor();
    expect(await page.getByTestId('reply-to-statement').count()).toBe(0); // reviewers score answers; they don't reply to them
    await page.getByLabel('Speed').selectOption('1.5');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => {
      const m = document.querySelector<HTMLMediaElement>('[data-testid=player-media]');
      return !!m && m.currentTime > 0.5 && m.playbackRate === 1.5;
    });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();

    await page
      .getByTestId('scores-hidden')
      .getByText(/hidden until you submit yours/)
      .waitFor();
    await score(page, { Ownership: 5, Clarity: 4, Communication: 4 }, ANA_COMMENT);
    // The draft is saved as it is written, and is Ana's alone.
    const draft = (await ana.get(`/api/invitations/${invitationId}/scores`)).json();
    expect(draft.mine).toMatchObject({ submittedAt: null, comment: ANA_COMMENT });
    expect(draft.mine.scores).toHaveLength(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interview-review-candidate.png'), fullPage: true });
    await submit(page);
    await page.getByTestId('other-reviews').getByText('No other reviewer has submitted yet.').waitFor();
    expect(await page.getByTestId('score-form').locator('input[type=radio]:enabled').count()).toBe(0);
    expect(problems).toEqual([]);

    // ---- Ben: the same candidate, without Ana's scores until he submits ----
    const benContext = await signedIn(ben, { viewport: { width: 390, height: 844 } });
    const benPage = await benContext.newPage();
    const benProblems = collectPageProblems(benPage);
    await benPage.goto(new URL(`/c/${conferenceId}`, stack.url).href);
    // A member: no Candidates tab.
    await benPage.getByRole('tab', { name: 'Review' }).waitFor();
    expect((await benPage.getByRole('tab').allTextContents()).map((t) => t.trim())).toEqual(['Review', 'Shortlist', 'Live round', 'Setup']);
    // Shortlist: Ana's aggregate exists, but Ben must score first.
    await benPage.getByRole('tab', { name: 'Shortlist' }).click();
    await benPage
      .getByTestId('shortlist-row')
      .filter({ hasText: 'Cleo Candidate' })
      .getByRole('link', { name: 'Score this candidate first' })
      .click();
    await benPage.waitForURL((u) => u.pathname === `/c/${conferenceId}/review/${invitationId}`);
    await benPage.getByTestId('score-form').waitFor();
    await benPage.getByTestId('scores-hidden').waitFor();
    expect(await benPage.getByTestId('other-reviews').count()).toBe(0);
    await score(benPage, { Ownership: 1, Clarity: 3, Communication: 3 }, BEN_COMMENT);
    // Not in the page at all, not just hidden.
    const before = await benPage.content();
    expect(before).not.toContain(ANA_COMMENT);
    expect(await benPage.getByTestId('aggregate').count()).toBe(0);
    expect(await benPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(
      0,
    );
    await benPage.screenshot({ path: path.join(SCREENSHOTS, 'interview-review-phone-before-submit.png'), fullPage: true });

    await submit(benPage);
    const others = benPage.getByTestId('other-reviews');
    await others.getByText(ANA_COMMENT, { exact: true }).waitFor();
    await others.getByRole('columnheader', { name: 'Ana' }).waitFor();
    const ownershipRow = others.locator('[data-criterion=Ownership]');
    expect((await ownershipRow.getByTestId('other-score').allTextContents()).map((s) => s.trim())).toEqual(['5']);
    // 1 and 5 on 1–5: the reviewers disagree.
    await ownershipRow.getByText('Disagree').waitFor();
    await expect.poll(async () => (await others.getByTestId('aggregate').textContent())?.replace(/\s+/g, ' ')).toMatch(/of 2 reviews/);
    await others.getByTestId('aggregate').getByTestId('disagreement').waitFor();
    // The header agrees with the table.
    expect(await benPage.getByTestId('review-count').textContent()).toBe('2 reviews submitted');
    const aggregate = (await ben.get(`/api/invitations/${invitationId}/scores`)).json().aggregate;
    expect(await others.getByTestId('aggregate-mean').textContent()).toBe(`${Math.round(aggregate.mean * 100)}%`);
    await benPage.screenshot({ path: path.join(SCREENSHOTS, 'interview-review-phone-after-submit.png'), fullPage: true });

    // And Ana, coming back, now sees Ben's review.
    await page.reload();
    await page.getByTestId('other-reviews').getByText(BEN_COMMENT, { exact: true }).waitFor();
    // The shortlist ranks Cleo, with both reviews.
    await page.goto(new URL(`/c/${conferenceId}?tab=shortlist`, stack.url).href);
    const ranked = page.getByTestId('shortlist-row').filter({ hasText: 'Cleo Candidate' });
    await ranked.getByText('2 submitted reviews').waitFor();
    await ranked.getByTestId('disagreement').waitFor();
    expect(await ranked.getByTestId('shortlist-mean').textContent()).toBe(`${Math.round(aggregate.mean * 100)}%`);

    expect(benProblems).toEqual([]);
    expect(problems).toEqual([]);
    await benContext.close();
    await anaContext.close();
  });

  it('builds an opening in the builder, and invites and revokes candidates from the Candidates tab', async () => {
    const context = await signedIn(ana);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(new URL(`/s/${spaceId}`, stack.url).href);
    // The opening made through the API is listed apart from discussions.
    await page
      .getByTestId('interview-openings')
      .getByRole('link', { name: /Backend engineer/ })
      .waitFor();
    await page.getByRole('link', { name: 'New interview' }).click();
    await page.waitForURL(`**/s/${spaceId}/interviews/new`);

    await page.getByLabel('Title', { exact: true }).fill('Support engineer');
    await page.getByLabel(/Timeline shown to candidates/).fill('We reply within a week.');
    await page.getByLabel(/Contact email/).fill('support-jobs@example.org');
    await page.getByLabel('Keep candidates’ data (days)').fill('30');

    await page.getByTestId('practice-toggle').check();
    await page.getByLabel('Practice question', { exact: true }).fill('Warm up: what is on your desk?');
    const rows = page.getByTestId('question-row');
    await rows.nth(0).getByLabel('Prompt').fill('Tell us about a customer you helped.');
    await page.getByRole('button', { name: 'Add a question' }).click();
    await rows.nth(1).getByLabel('Prompt').fill('How do you explain a bug to a customer?');
    await rows.nth(1).getByLabel('Think time (seconds)').fill('20');
    await rows.nth(1).getByLabel('Answer limit (seconds)').fill('90');
    await rows.nth(1).getByLabel('Retakes').fill('2');
    // Reorder: the second question goes first, and back again.
    await page.getByRole('button', { name: 'Move question 2 up' }).click();
    expect(await rows.nth(0).getByLabel('Prompt').inputValue()).toBe('How do you explain a bug to a customer?');
    await page.getByRole('button', { name: 'Move question 2 up' }).click();

    const criteriaRows = page.getByTestId('criterion-row');
    await criteriaRows.nth(0).getByLabel('Name').fill('Empathy');
    await criteriaRows.nth(0).getByLabel('Applies to').selectOption({ label: 'Question 1: Tell us about a customer you helped.' });
    await criteriaRows.nth(0).getByLabel('Weak (1)').fill('Blames the customer');
    await criteriaRows.nth(0).getByLabel('Average (3)').fill('Polite');
    await criteriaRows.nth(0).getByLabel('Strong (5)').fill('Sees it from their side');
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await criteriaRows.nth(1).getByLabel('Name').fill('Clarity');
    await criteriaRows.nth(1).getByLabel('To', { exact: true }).fill('4');
    await criteriaRows.nth(1).getByLabel('Weak (1)').fill('Confusing');
    await criteriaRows.nth(1).getByLabel('Average (2)').fill('Clear enough');
    await criteriaRows.nth(1).getByLabel('Strong (4)').fill('Crisp');

    await page.getByRole('button', { name: 'Save as template' }).click();
    await page.getByText('Saved as the template “Support engineer”').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interview-builder.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create the opening' }).click();
    await page.waitForURL((u) => /^\/c\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(conferenceId));
    const newId = new URL(page.url()).pathname.split('/').pop()!;

    const created = (await ana.get(`/api/interviews/${newId}`)).json().interview;
    expect(created).toMatchObject({
      title: 'Support engineer',
      timeline: 'We reply within a week.',
      contactEmail: 'support-jobs@example.org',
      retentionDays: 30,
      aiSummaries: true,
    });
    expect(
      created.questions.map((q: Question & { thinkTimeS: number; timeLimitS: number; retakes: number }) => [
        q.prompt,
        q.isPractice,
        q.thinkTimeS,
        q.timeLimitS,
        q.retakes,
      ]),
    ).toEqual([
      ['Warm up: what is on your desk?', true, 30, 120, 1],
      ['Tell us about a customer you helped.', false, 30, 120, 1],
      ['How do you explain a bug to a customer?', false, 20, 90, 2],
    ]);
    expect(created.criteria.map((c: Criterion & { anchors: object }) => [c.name, c.questionId, c.scaleMin, c.scaleMax])).toEqual([
      ['Empathy', created.questions[1].id, 1, 5],
      ['Clarity', null, 1, 4],
    ]);
    expect(created.criteria[0].anchors).toEqual({ weak: 'Blames the customer', average: 'Polite', strong: 'Sees it from their side' });
    const templates = (await ana.get(`/api/spaces/${spaceId}/question-sets`)).json().questionSets;
    expect(templates.map((t: { title: string; questions: unknown[] }) => [t.title, t.questions.length])).toContainEqual([
      'Support engineer',
      3,
    ]);

    // Setup shows the rubric with its anchors.
    await page.getByRole('tab', { name: 'Setup' }).click();
    await page.getByTestId('setup-criterion').filter({ hasText: 'Empathy' }).getByText('Sees it from their side').waitFor();
    // The host adds a recording of themselves asking the first question: candidates get it before thinking.
    await page.getByTestId('prompt-video-file').first().setInputFiles(path.join(tmp, 'answer-1-recorded.webm'));
    await page.getByTestId('prompt-video').first().waitFor();
    const withVideo = (await ana.get(`/api/interviews/${newId}`)).json().interview.questions;
    expect(withVideo.map((q: { hasPromptMedia: boolean }) => q.hasPromptMedia)).toEqual([false, true, false]);

    // Candidates: two invited at once, then one revoked.
    await page.getByRole('tab', { name: 'Candidates' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Dana');
    await page.getByLabel('Email', { exact: true }).fill('dana@example.net');
    await page.getByRole('button', { name: 'Add another candidate' }).click();
    await page.getByLabel('Name (2)').fill('Eli');
    await page.getByLabel('Email (2)').fill('eli@example.net');
    await page.getByRole('button', { name: 'Invite 2 candidates' }).click();
    await page.getByText('2 candidates invited').waitFor();
    const dana = page.getByTestId('invitation').filter({ hasText: 'Dana' });
    await dana.locator('[data-status=invited]').waitFor();
    await dana.getByText('Answered 0 / 2').waitFor();
    await dana.getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('dialog', { name: /Revoke Dana/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await dana.locator('[data-status=revoked]').waitFor();
    const invitations = (await ana.get(`/api/interviews/${newId}/invitations`)).json().invitations;
    expect(invitations.map((i: { candidateName: string; status: string }) => [i.candidateName, i.status]).sort()).toEqual([
      ['Dana', 'revoked'],
      ['Eli', 'invited'],
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** The candidate API, with nothing but the token (no session). */
function candidateApi(stack: BrowserStack, token: string) {
  return (method: 'GET' | 'POST', url: string, payload?: object) =>
    stack.app.inject({ method, url: `/api/i/${token}${url}`, ...(payload ? { payload } : {}) });
}

/** A clip as a browser's MediaRecorder writes it: WebM/Opus as a stream, no duration in the header. */
async function browserRecording(clip: string, base: string): Promise<Buffer> {
  const webm = await makeAudioFromClip(clip, `${base}.webm`, 'webm');
  const out = `${base}-recorded.webm`;
  await runTool(mediaToolsFrom(process.env.FFMPEG_PATH).ffmpeg, [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-i',
    webm,
    '-c',
    'copy',
    '-f',
    'webm',
    '-live',
    '1',
    out,
  ]);
  return fs.readFileSync(out);
}
