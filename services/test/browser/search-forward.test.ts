/**
 * Search, Ask and forwarding in a real browser against the full stack. Content is set up through
 * the API (a real clip with captions, and a transcript), then: a search shows marked snippets and
 * opens the player at the statement; a question gets an answer whose citations open the player;
 * a statement is forwarded to an outside expert from the dialog, whose emailed link (read from
 * the outbox folder) opens that statement alone in a browser with no session; their answer shows
 * up under the statement for the host, who is notified; revoking the forward kills the link.
 * Also: the space digest and live notifications, and an expert page on a phone that plays only the
 * statement's span of the video and takes an answer recorded with the microphone. Screenshots go
 * to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { asrClips, makeVideoFromClip } from '../fixtures/media.ts';
import { Client, multipart, postTranscript, waitForContribution } from '../helpers/app.ts';
import { readEmail } from '../helpers/eml.ts';
import { WAIT_TIMEOUT_MS, waitFor } from '../helpers/wait.ts';
import {
  collectPageProblems,
  hasChromium,
  launchBrowser,
  newContext,
  SKIP_REASON,
  startBrowserStack,
  type BrowserStack,
  SCREENSHOTS,
} from './stack.ts';

const ANDROID = 'We decided to drop the Android app because the tablet market shrank and the team is too small to keep two clients alive.';
const OFFLINE_QUESTION = 'What about the offline mode that the field engineers keep asking for in every support call?';
const OFFLINE_ANSWER = 'The offline mode will come to the web app next quarter, with a sync that catches up when the connection returns.';
const EXPERT_REPLY = 'Speaking as someone who shipped tablet apps: most of your users will never notice, so this is the right call.';

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)('search, ask and forwarding in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let tmp: string;
  let host: Client & { userId: string; email: string };
  let reader: Client & { userId: string; email: string };
  let conferenceId: string;
  let spaceId: string;
  let video: { id: string; statements: { id: string; startMs: number; text: string }[] };
  let meeting: { id: string; statements: { id: string; startMs: number; text: string; speaker: string }[] };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-browser-forward-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);

    host = await Client.signUp(stack.app, 'Ana');
    spaceId = (await host.post('/api/spaces', { name: 'Product' })).json().space.id;
    conferenceId = (await host.post(`/api/spaces/${spaceId}/conferences`, { title: 'Mobile strategy' })).json().conference.id;

    // A member and a directory expert, for the forward dialog to suggest.
    reader = await Client.signUp(stack.app, 'Ben');
    const invited = await host.post(`/api/spaces/${spaceId}/members`, { email: reader.email, role: 'member' });
    expect(invited.statusCode, invited.body).toBeLessThan(300);
    const expert = await host.post(`/api/spaces/${spaceId}/people`, {
      name: 'Tomas Ruiz',
      email: 'tomas@example.net',
      bio: 'Mobile consultant: built Android and tablet apps for field engineers, and their offline sync.',
      tags: ['android', 'tablets'],
    });
    expect(expert.statusCode, expert.body).toBe(201);

    // A real clip with captions: two speakers (the second asks a question), so the second statement starts 5.5 s in.
    const jfk = asrClips().find((c) => c.file.includes('jfk')) ?? asrClips()[0];
    const file = await makeVideoFromClip(jfk.path, path.join(tmp, 'ask-not.mp4'));
    const vtt =
      'WEBVTT\n\n00:00:00.500 --> 00:00:05.500\n<v John Kennedy>And so, my fellow Americans, ask not what your country can do for you,\n\n' +
      '00:00:05.500 --> 00:00:10.500\n<v Jacqueline Kennedy>So what can each of us volunteer to do for our country?\n';
    const body = multipart([
      { name: 'title', value: 'Ask not' },
      { name: 'file', file: fs.readFileSync(file), filename: 'ask-not.mp4', contentType: 'video/mp4' },
      { name: 'captions', file: Buffer.from(vtt), filename: 'ask-not.vtt', contentType: 'text/vtt' },
    ]);
    const uploaded = await host.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
    expect(uploaded.statusCode, uploaded.body).toBe(202);

    meeting = await postTranscript(host, conferenceId, {
      title: 'Dropping Android',
      turns: [
        { speaker: 'Ana', text: ANDROID, startMs: 0, endMs: 7000 },
        { speaker: 'Ben', text: OFFLINE_QUESTION, startMs: 7000, endMs: 12_000 },
        { speaker: 'Ana', text: OFFLINE_ANSWER, startMs: 12_000, endMs: 19_000 },
      ],
    });
    expect(meeting.statements.map((s) => s.text)).toEqual([ANDROID, OFFLINE_QUESTION, OFFLINE_ANSWER]);

    const done = await waitForContribution(host, uploaded.json().contribution.id);
    expect(done.status, done.error).toBe('ready');
    video = (await host.get(`/api/contributions/${done.id}`)).json().contribution;
    expect(video.statements.length).toBe(2);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A browser context signed in as the host (the session cookie of the API client). */
  async function hostContext(): Promise<BrowserContext> {
    const context = await newContext(browser);
    await context.addCookies([{ name: 'colloquy_session', value: host.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    return context;
  }

  it('searches with filters, and a hit opens the player at the statement', async () => {
    const context = await hostContext();
    const page = await context.newPage();
    const problems = collectPageProblems(page);

    await page.goto(new URL('/search', stack.url).href);
    await page.getByText('Search what was said').waitFor();
    await page.getByLabel('Words or a question to look for').fill('tablet');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search?q=tablet');
    const hit = page.getByTestId('search-hit').filter({ hasText: 'drop the Android app' });
    await hit.locator('mark', { hasText: /tablet/i }).waitFor();
    expect(await hit.getByText('Ana', { exact: true }).count()).toBe(1);
    // Grouped by contribution: the best match's group comes first, titled from the conference's list.
    const firstGroup = page.getByTestId('search-group').first();
    await firstGroup.getByRole('heading', { name: 'Dropping Android' }).waitFor();
    expect(await firstGroup.getByTestId('search-hit').first().textContent()).toContain('drop the Android app');
    await page
      .getByRole('status')
      .filter({ hasText: /statements? in \d+ contributions? for “tablet”/ })
      .waitFor();

    // Filters go into the address, and narrow: only what Ben said, in this conference.
    await page.getByText('Filters').click();
    await page.getByLabel('Where').selectOption({ label: 'Mobile strategy' });
    await page.getByLabel('Speaker').fill('Ben');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((u) => u.searchParams.get('conference') === conferenceId && u.searchParams.get('speaker') === 'Ben');
    await page.getByTestId('search-hit').filter({ hasText: 'offline mode' }).waitFor();
    const speakers = await page.getByTestId('search-hit').getByTestId('search-hit-speaker').allTextContents();
    expect(new Set(speakers)).toEqual(new Set(['Ben']));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((u) => u.search === '?q=tablet');
    await hit.waitFor();
    // A search that matches nothing says so.
    await page.goto(new URL(`/search?q=${encodeURIComponent('"quarterly zeppelin"')}`, stack.url).href);
    await page.getByText('Nothing found').waitFor();
    // A search the API refuses (longer than its 500 characters) says why, on the page.
    await page.goto(new URL(`/search?q=${'word '.repeat(120)}`, stack.url).href);
    await page.getByRole('alert').filter({ hasText: 'The search failed' }).waitFor();

    // A word only the second speaker of the clip said ("quoted": it must be there): the hit opens the player at 0:05.
    await page.goto(new URL(`/search?q=${encodeURIComponent('"volunteer"')}&space=${spaceId}`, stack.url).href);
    const second = video.statements[1];
    const clipHit = page.getByTestId('search-hit').filter({ hasText: 'Jacqueline Kennedy' });
    await clipHit.locator('mark').first().waitFor();
    expect(await page.getByTestId('search-hit').filter({ hasText: 'fellow Americans' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-results.png') });
    await clipHit.getByTestId('search-hit-link').click();
    await page.waitForURL('**/watch/**');
    const url = new URL(page.url());
    expect(url.pathname).toBe(`/c/${conferenceId}/watch/${video.id}`);
    expect(url.searchParams.get('t')).toBe(String(Math.floor(second.startMs / 1000)));
    expect(url.searchParams.get('s')).toBe(second.id);
    await page.locator('main').waitFor();
    // The player is someone else's work in progress: when it shows the media, it is at the statement.
    const media = await page
      .locator('video, audio')
      .first()
      .waitFor()
      .then(
        () => true,
        () => false,
      );
    if (media) {
      await page.waitForFunction((startS) => {
        const m = document.querySelector<HTMLMediaElement>('video, audio');
        return !!m && m.readyState >= 1 && Math.abs(m.currentTime - startS) < 1.6;
      }, second.startMs / 1000);
    }
    console.log(
      `player: ${media ? `media at ${await page.evaluate(() => document.querySelector<HTMLMediaElement>('video, audio')!.currentTime.toFixed(2))} s for a statement at ${second.startMs / 1000} s` : 'no media element yet'}`,
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers a question with citations that open the player', async () => {
    const context = await hostContext();
    const page = await context.newPage();
    const problems = collectPageProblems(page);

    await page.goto(new URL('/search', stack.url).href);
    await page.getByRole('button', { name: 'Ask a question' }).click();
    await page.getByLabel('Your question').fill('Why did we drop the Android app?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('mode') === 'ask' && u.searchParams.get('q') === 'Why did we drop the Android app?');
    const answer = page.getByTestId('answer');
    await answer.waitFor({ timeout: WAIT_TIMEOUT_MS });
    expect(await answer.getByTestId('answer-sentence').count()).toBeGreaterThan(0);
    const citation = answer.getByTestId('citation').first();
    const href = (await citation.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^/c/${conferenceId}/watch/[0-9a-f-]+\\?t=\\d+&s=[0-9a-f-]+$`));
    // Every citation is one of the statements that were said, at their time.
    const cited = new URL(href, stack.url);
    const all = [...meeting.statements, ...video.statements];
    const statement = all.find((s) => s.id === cited.searchParams.get('s'));
    expect(statement).toBeDefined();
    expect(cited.searchParams.get('t')).toBe(String(Math.floor(statement!.startMs / 1000)));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ask.png') });
    await citation.click();
    await page.waitForURL((u) => u.pathname.includes('/watch/') && u.searchParams.get('s') === statement!.id);
    await page.locator('main').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('forwards a statement to an outside expert, who answers through the emailed link until it is revoked', async () => {
    const context = await hostContext();
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    const android = meeting.statements[0];

    await page.goto(new URL(`/c/${conferenceId}`, stack.url).href);
    const row = page.locator(`#statement-${android.id}`);
    await row.waitFor();

    // Following: the conference's creator follows it already, and can stop.
    const follow = page.getByRole('button', { name: /^(Follow|Following)$/ });
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('false');
    expect((await host.get(`/api/spaces/${spaceId}/follows`)).json().conferenceIds).not.toContain(conferenceId);
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');

    // The dialog is modal: Escape closes it and the focus goes back to its button.
    const forwardButton = row.getByRole('button', { name: /^Forward/ }).first();
    await forwardButton.click();
    const dialog = page.getByRole('dialog', { name: 'Forward this statement' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    await dialog.getByText(ANDROID).waitFor();
    // Tab stays inside.
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim().startsWith('Forward'))).toBe(true);

    // To someone new, by email.
    await forwardButton.click();
    await dialog.waitFor();
    await dialog.getByText('Not forwarded to anyone yet.').waitFor();
    // Suggestions, with their reasons; the directory has the member and the expert.
    const tomas = dialog.getByTestId('suggestion').filter({ hasText: 'Tomas Ruiz' });
    await tomas.waitFor();
    await tomas.getByText('outside expert').waitFor();
    expect(((await tomas.textContent()) ?? '').length).toBeGreaterThan('Tomas Ruizoutside expert'.length);
    const directory = await dialog.getByLabel('Member or expert').locator('option').allTextContents();
    expect(directory).toEqual(expect.arrayContaining(['Ben', expect.stringMatching(/^Tomas Ruiz/)]));
    await dialog.getByLabel('Email', { exact: true }).fill('vera@example.net');
    await dialog.getByLabel('Name (optional)').fill('Vera Expert');
    await dialog.getByLabel('Note (optional)').fill('Vera, you shipped tablet apps: is this the right call?');
    await dialog.getByRole('button', { name: 'Forward to Vera Expert' }).click();
    const sent = dialog.getByTestId('forward-sent');
    await sent.getByText('An email with a link was sent to Vera Expert').waitFor();
    const shownLink = await sent.getByTestId('expert-link').inputValue();
    expect(shownLink).toMatch(/\/x\/[A-Za-z0-9_-]{43}$/);
    await dialog.getByTestId('forward').filter({ hasText: 'Vera Expert' }).getByText('Open').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'forward-dialog.png') });
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await dialog.waitFor({ state: 'detached' });

    // The email, written to the outbox folder (no SMTP here), carries the same link.
    const email = await waitForEmail(path.join(stack.dataDir, 'outbox'), 'vera@example.net');
    const token = email.body.match(/\/x\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token, email.body).toBeDefined();
    expect(shownLink.endsWith(`/x/${token}`)).toBe(true);
    const expertUrl = new URL(`/x/${token}`, stack.url).href;

    // ---- the expert: no account, no session ----
    const expertContext = await newContext(browser);
    const expert = await expertContext.newPage();
    const expertProblems = collectPageProblems(expert);
    await expert.goto(expertUrl);
    await expert.getByRole('heading', { name: 'Ana would like your view, Vera Expert' }).waitFor();
    await expert.getByTestId('expert-statement').getByText(ANDROID).waitFor();
    await expert.getByText('is this the right call?').waitFor();
    const text = (await expert.locator('main').textContent()) ?? '';
    for (const other of [OFFLINE_QUESTION, OFFLINE_ANSWER, 'fellow Americans', 'volunteer']) expect(text).not.toContain(other);
    // Nothing of the app: no search, no bell, no sign-in, no link home.
    expect(await expert.getByLabel('Search everything you can see').count()).toBe(0);
    expect(await expert.getByRole('link', { name: /Notifications|Sign in|Colloquy/ }).count()).toBe(0);
    await expert.getByLabel('Answer', { exact: true }).fill(EXPERT_REPLY);
    await expert.screenshot({ path: path.join(SCREENSHOTS, 'expert-page.png'), fullPage: true });
    await expert.getByRole('button', { name: 'Send answer' }).click();
    await expert.getByText('Thank you: your answer was sent to the conference.').waitFor();
    expect(await expert.getByLabel('Answer', { exact: true }).inputValue()).toBe('');
    await expert.getByRole('heading', { name: 'Your answers so far' }).waitFor();
    expect(expertProblems).toEqual([]);

    // ---- back as the host: the answer sits under the statement, marked as from outside ----
    const replies = row.getByRole('list', { name: 'Replies to this statement' });
    const outside = replies.locator('[data-testid=contribution][data-status=ready]', { hasText: 'Vera Expert' });
    await outside.waitFor({ timeout: WAIT_TIMEOUT_MS });
    await outside.getByText('outside expert').waitFor();
    await outside.getByText(/most of your users will never notice/).waitFor();

    // And the host was told: the notification links to the answer in the thread.
    await page.goto(new URL('/notifications', stack.url).href);
    const notification = page.getByTestId('notification').filter({ hasText: 'Vera Expert, an outside expert, answered' });
    await notification.waitFor();
    expect(await notification.getAttribute('data-read')).toBe('false');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notifications.png') });
    await notification.getByRole('link', { name: /answered the statement you forwarded/ }).click();
    await page.waitForURL((u) => u.pathname === `/c/${conferenceId}` && u.hash.startsWith('#contribution-'));
    await page.locator(`#statement-${android.id}`).waitFor();
    await expect.poll(async () => (await host.get('/api/notifications?unread=true')).json().unread).toBe(0);

    // Revoke: the forward says so, and the link stops working.
    await page
      .locator(`#statement-${android.id}`)
      .getByRole('button', { name: /^Forward/ })
      .first()
      .click();
    await dialog.waitFor();
    const forward = dialog.getByTestId('forward').filter({ hasText: 'Vera Expert' });
    await forward.getByText('Answered').waitFor();
    await forward.getByRole('button', { name: /^Revoke/ }).click();
    // It asks first, in place.
    await forward
      .getByRole('group', { name: /Revoke the forward to Vera Expert/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await forward.getByText('Revoked').waitFor();
    expect(await forward.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await expert.reload();
    await expert.getByTestId('link-invalid').getByRole('heading', { name: 'This link does not work any more' }).waitFor();
    expect((await expert.locator('main').textContent()) ?? '').not.toContain(ANDROID);
    await expert.screenshot({ path: path.join(SCREENSHOTS, 'expert-link-invalid.png') });

    expect(problems).toEqual([]);
    await expertContext.close();
    await context.close();
  });

  it('shows the space digest and lists notifications live', async () => {
    // A second member, who has seen nothing yet, finds the conference in the space's digest.
    // (Pipeline jobs of the earlier tests may still notify them: nothing below counts on an empty list.)
    expect((await reader.post(`/api/conferences/${conferenceId}/follow`)).statusCode).toBe(200);

    const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
    await context.addCookies([{ name: 'colloquy_session', value: reader.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    const page = await context.newPage();
    const problems = collectPageProblems(page);

    await page.goto(new URL(`/s/${spaceId}`, stack.url).href);
    const digest = page.getByTestId('space-digest');
    await digest.getByRole('link', { name: 'Mobile strategy' }).waitFor({ timeout: WAIT_TIMEOUT_MS });
    expect(await digest.getByRole('link', { name: /^Play from/ }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'space-digest-phone.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    // Search reads on a phone too.
    await page.goto(new URL('/search?q=tablet', stack.url).href);
    await page.getByTestId('search-hit').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-phone.png'), fullPage: true });

    // A new contribution in the followed conference arrives live on the notifications page.
    await page.goto(new URL('/notifications', stack.url).href);
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page.locator('[data-testid=notification], :text("No notifications")').first().waitFor();
    expect(await page.getByTestId('notification').filter({ hasText: 'Tablet numbers' }).count()).toBe(0);
    await postTranscript(host, conferenceId, {
      title: 'Tablet numbers',
      turns: [
        { speaker: 'Ana', text: 'Tablet sales fell by a third last year, which is why the decision was easy.', startMs: 0, endMs: 5000 },
      ],
    });
    const item = page.getByTestId('notification').filter({ hasText: 'Tablet numbers' });
    await item.waitFor({ timeout: WAIT_TIMEOUT_MS });
    expect(await item.getAttribute('data-read')).toBe('false');
    await page.getByRole('link', { name: /Notifications, \d+ unread/ }).waitFor();
    // A second one soon after joins the first (a burst): one notification with a count and both items.
    await postTranscript(host, conferenceId, {
      title: 'Tablet numbers, again',
      turns: [{ speaker: 'Ana', text: 'The same survey says field engineers mostly use laptops in the van now.', startMs: 0, endMs: 5000 }],
    });
    await item.getByRole('list', { name: 'What happened' }).getByText('Tablet numbers, again').waitFor({ timeout: WAIT_TIMEOUT_MS });
    await item.getByRole('link', { name: /new contributions in “Mobile strategy”/ }).waitFor();
    expect(Number(await item.getByTestId('notification-count').textContent())).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notifications-burst.png') });
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect.poll(() => item.getAttribute('data-read')).toBe('true');
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it("plays only the statement's span of the media on an expert's page, on a phone", async () => {
    // Forwarded through the API this time, to the directory's expert.
    const people = (await host.get(`/api/spaces/${spaceId}/people`)).json().people as { id: string; name: string }[];
    const tomas = people.find((p) => p.name === 'Tomas Ruiz')!;
    const second = video.statements[1];
    const res = await host.post(`/api/statements/${second.id}/forwards`, { personId: tomas.id, note: 'Does this question still matter?' });
    expect(res.statusCode, res.body).toBe(201);
    const token = new URL(res.json().link).pathname.split('/').pop()!;
    const span = (await stack.app.inject({ method: 'GET', url: `/api/x/${token}` })).json().media;
    expect(span).toMatchObject({ startMs: second.startMs, mime: expect.stringMatching(/^video\//) });

    const context = await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(new URL(`/x/${token}`, stack.url).href);
    await page.getByTestId('expert-statement').getByText('volunteer to do for our country').waitFor();
    const duration = await page.waitForFunction(() => {
      const v = document.querySelector('video');
      return v && v.readyState >= 1 && Number.isFinite(v.duration) ? v.duration : null;
    });
    // The span alone (cut with ffmpeg), not the whole clip.
    expect(Math.abs((await duration.jsonValue())! - (span.endMs - span.startMs) / 1000)).toBeLessThan(0.6);
    expect((await page.locator('main').textContent()) ?? '').not.toContain('fellow Americans');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'expert-page-phone.png'), fullPage: true });
    // An answer recorded with the microphone (the fake one plays real speech).
    await page.getByLabel('Record audio').check();
    await page.getByRole('button', { name: 'Start recording' }).click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.getByLabel('Your recording').waitFor();
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText('Thank you: your answer was sent to the conference.').waitFor();
    const replies = (await stack.app.inject({ method: 'GET', url: `/api/x/${token}` })).json().replies;
    expect(replies).toHaveLength(1);
    const recorded = await waitForContribution(host, replies[0].id);
    expect(recorded).toMatchObject({
      status: 'ready',
      source: 'upload',
      hasVideo: false,
      outside: { name: 'Tomas Ruiz' },
      replyTo: { statementId: second.id },
    });

    // A made-up link gets the same message as a revoked one.
    await page.goto(new URL('/x/not-a-real-token', stack.url).href);
    await page.getByRole('heading', { name: 'This link does not work any more' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** The first .eml in the outbox folder addressed to `to`, waiting for the mail job to write it. */
function waitForEmail(dir: string, to: string) {
  return waitFor(`an email to ${to} in ${dir}`, () => {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    return files.map((file) => readEmail(fs.readFileSync(path.join(dir, file), 'utf8'))).find((email) => email.to.includes(to));
  });
}
