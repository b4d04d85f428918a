/**
 * The web app in a real browser against the full stack: sign up, create a space and a conference,
 * upload a real clip with its captions, watch its status move to ready and its statements appear,
 * then a second member finds it in their digest. Takes screenshots of the main pages (into
 * docs/screenshots/ with UPDATE_SCREENSHOTS=1) and prints the first page's JavaScript size and the
 * time to the digest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../src/http/web.ts';
import { asrClips, makeCorruptMedia, makeVideoFromClip } from '../fixtures/media.ts';
import { Client } from '../helpers/app.ts';
import { WAIT_TIMEOUT_MS } from '../helpers/wait.ts';
import { loadAmiDev } from '../../../eval/lib/datasets.ts';
import { FIRST_PAGE_JS_BUDGET_BYTES, firstPageJs, kb, timeToDigest, transferredJs } from './measure.ts';
import {
  collectPageProblems,
  hasChromium,
  launchBrowser,
  newContext,
  SKIP_REASON,
  startBrowserStack,
  type BrowserStack,
  SCREENSHOTS,
  PASSWORD,
} from './stack.ts';

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)('the web app in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-browser-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps the first page under its JavaScript budget', () => {
    const js = firstPageJs(DEFAULT_WEB_ROOT);
    console.log(
      `first page JS: ${js.files.length} files, ${kb(js.bytes)} raw, ${kb(js.gzipBytes)} gzipped (budget ${kb(FIRST_PAGE_JS_BUDGET_BYTES)})`,
    );
    expect(js.files.length).toBeGreaterThan(0);
    expect(js.gzipBytes).toBeLessThanOrEqual(FIRST_PAGE_JS_BUDGET_BYTES);
  });

  it('goes from sign-up to a digest with a real contribution', async () => {
    const jfk = asrClips().find((c) => c.file.includes('jfk')) ?? asrClips()[0];
    const video = await makeVideoFromClip(jfk.path, path.join(tmp, 'ask-not.mp4'));
    const captions = path.join(tmp, 'ask-not.vtt');
    fs.writeFileSync(
      captions,
      'WEBVTT\n\n00:00:00.500 --> 00:00:05.500\n<v John Kennedy>And so, my fellow Americans, ask not what your country can do for you,\n\n' +
        '00:00:05.500 --> 00:00:10.500\n<v John Kennedy>ask what you can do for your country.\n',
    );
    // Each run has its own data folder, so plain addresses do.
    const reader = 'ben@example.org';

    // ---- the host ----
    const hostContext = await newContext(browser);
    const host = await hostContext.newPage();
    const hostProblems = collectPageProblems(host);

    await host.goto(stack.url);
    await host.waitForURL('**/login');
    await host.getByRole('heading', { name: 'Sign in' }).waitFor();
    await host.screenshot({ path: path.join(SCREENSHOTS, 'login.png') });
    // The first Tab reaches the skip link.
    await host.keyboard.press('Tab');
    expect(await host.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');

    await host.getByRole('link', { name: 'Create an account' }).click();
    await host.getByLabel('Your name').fill('Ana Host');
    await host.getByLabel('Email').fill('ana@example.org');
    await host.getByLabel('Password').fill(PASSWORD);
    await host.getByRole('button', { name: 'Create account' }).click();
    await host.getByRole('heading', { name: 'Your spaces' }).waitFor();
    await host.getByText('You are not in any space yet').waitFor();

    await host.getByLabel('Name', { exact: true }).fill('Product');
    await host.getByRole('button', { name: 'Create space' }).click();
    await host.waitForURL('**/s/*');
    const spaceUrl = host.url();

    // Invite the reader before anything is posted.
    await host.getByLabel('Email', { exact: true }).fill(reader);
    await host.getByRole('button', { name: 'Invite' }).click();
    await host.getByText(`${reader} is invited`).waitFor();

    await host.getByLabel('Topic').fill('Inaugural address');
    await host.getByRole('button', { name: 'Start conference' }).click();
    await host.waitForURL('**/c/*');
    const conferenceUrl = host.url();
    await host.getByText('No contributions yet').waitFor();
    await host.getByText('You are up to date').waitFor();

    // Record every status a contribution shows, and whether the progress bars appeared.
    await recordWhatIsShown(host);

    await host.getByLabel('Video or audio file').setInputFiles(video);
    await host.getByLabel('Captions (optional)').setInputFiles(captions);
    await host.getByLabel('Title (optional)').fill('Ask not');
    await host.getByRole('button', { name: 'Upload' }).click();

    const card = host.locator('[data-testid=contribution]', { hasText: 'Ask not' });
    await card.waitFor();
    await host.locator('[data-testid=contribution][data-status=ready]').waitFor({ timeout: WAIT_TIMEOUT_MS });
    await card.locator('[data-testid=statement]').first().waitFor();
    const statements = await card.locator('[data-testid=statement]').allTextContents();
    expect(statements.join(' ')).toContain('John Kennedy');
    // Gists on the card; the words themselves behind "Show transcript".
    await card.getByRole('button', { name: /^Show transcript/ }).click();
    expect(await card.getByTestId('transcript').textContent()).toMatch(/ask not what your country can do for you/i);

    const seen = await shown(host);
    expect(seen).toContain('status:ready');
    // It was shown before it was ready (queued or processing, with the pipeline's progress bar).
    expect(
      seen.some((s) => s === 'status:queued' || s === 'status:processing'),
      seen.join(', '),
    ).toBe(true);
    expect(seen).toContain('pipeline-progress');
    expect(seen).toContain('upload-progress');
    await host.screenshot({ path: path.join(SCREENSHOTS, 'conference-host.png'), fullPage: true });

    // A real meeting's opening, posted as a transcript through the API with the host's session, so
    // the digest has decisions, questions and proposals to show.
    const session = (await hostContext.cookies()).find((c) => c.name === 'colloquy_session')!;
    const api = Object.assign(new Client(stack.app), { cookie: `colloquy_session=${session.value}` });
    const meeting = loadAmiDev({ limit: 1 })[0];
    const turns = meeting.turns
      .slice(0, 80)
      .map((t) => ({ speaker: t.speaker, text: t.text, startMs: t.startMs, endMs: Math.max(t.endMs, t.startMs) }));
    const conferenceId = new URL(conferenceUrl).pathname.split('/').pop()!;
    const posted = await api.post(`/api/conferences/${conferenceId}/transcripts`, { title: 'Kick-off meeting (AMI ES2006a)', turns });
    expect(posted.statusCode, posted.body).toBe(202);
    // A long meeting: ready, with its chapters (or its first statements) shown, not all of them.
    await host
      .locator('[data-testid=contribution][data-status=ready]', { hasText: 'Kick-off meeting' })
      .waitFor({ timeout: WAIT_TIMEOUT_MS });

    // A reply to the JFK statement sits under that statement, not at the top of the thread.
    const askNot = (await api.get(`/api/conferences/${conferenceId}`))
      .json()
      .contributions.find((c: { title: string }) => c.title === 'Ask not');
    const jfkStatement = (await api.get(`/api/contributions/${askNot.id}`)).json().contribution.statements[0];
    const reply = await api.post(`/api/conferences/${conferenceId}/transcripts`, {
      title: 'A reply to Kennedy',
      replyTo: jfkStatement.id,
      turns: [
        { speaker: 'Ana Host', text: 'We could ask the same of every team that joins the project this year.', startMs: 0, endMs: 4000 },
      ],
    });
    expect(reply.statusCode, reply.body).toBe(202);
    const nested = host.locator(`#statement-${jfkStatement.id}`).getByRole('list', { name: 'Replies to this statement' });
    await nested
      .locator('[data-testid=contribution][data-status=ready]', { hasText: 'A reply to Kennedy' })
      .waitFor({ timeout: WAIT_TIMEOUT_MS });

    await host.goto(new URL('/', stack.url).href);
    await host.getByRole('link', { name: /Product/ }).waitFor();
    await host.screenshot({ path: path.join(SCREENSHOTS, 'spaces.png') });
    await host.goto(spaceUrl);
    await host.getByRole('link', { name: /Inaugural address/ }).waitFor();
    await host.screenshot({ path: path.join(SCREENSHOTS, 'space.png') });
    expect(hostProblems).toEqual([]);

    // ---- the reader, invited by email ----
    const readerContext = await newContext(browser);
    const page = await readerContext.newPage();
    const readerProblems = collectPageProblems(page);
    // A deep link before signing in: sign-in comes first, then the conference.
    await page.goto(conferenceUrl);
    await page.waitForURL('**/login?next=*');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill('Ben Reader');
    await page.getByLabel('Email').fill(reader);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(conferenceUrl);

    const digest = page.getByTestId('digest');
    await digest.getByText('3 contributions,').waitFor();
    expect(await digest.textContent()).toMatch(/country/i);
    const chip = digest.getByRole('link', { name: /^Play from/ }).first();
    expect(await chip.getAttribute('href')).toMatch(/\/c\/[0-9a-f-]+\/watch\/[0-9a-f-]+\?t=\d+&s=[0-9a-f-]+$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conference.png'), fullPage: true });

    // Reloading a deep link works (the server sends the app for any page), and so does the time to the digest.
    await page.reload();
    const timing = await timeToDigest(page);
    const js = await transferredJs(page);
    console.log(
      `time to digest: ${timing.fromNavigationMs.toFixed(0)} ms from navigation, ${timing.fromPageOpenMs.toFixed(0)} ms from the page's start; ` +
        `${js.count} JS files transferred, ${kb(js.encodedBytes)} on the wire (${kb(js.decodedBytes)} decoded)`,
    );
    expect(timing.fromNavigationMs).toBeLessThan(10_000);

    // A phone-width screen still reads.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conference-phone.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Ranked for the reader, from the feed.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByText('Ranked for you').click();
    await page.getByTestId('ranked-statement').first().waitFor();
    expect((await page.getByTestId('ranked-statement').allTextContents()).join(' ')).toMatch(/country/i);

    // The header's search box, on every page, finds the statement with the words marked.
    await page.getByLabel('Search everything you can see').fill('fellow Americans');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search?q=fellow+Americans');
    await page
      .locator('mark', { hasText: /Americans/i })
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search.png') });

    // The placeholder player opens at the statement's time.
    await page.goBack();
    await chip.click();
    await page.waitForURL('**/watch/**');
    await page.getByRole('heading', { name: 'Statements' }).waitFor();

    // Email settings save.
    await page.getByRole('button', { name: 'Ben Reader' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Weekly').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(readerProblems).toEqual([]);

    await hostContext.close();
    await readerContext.close();
  });

  it('shows a failed contribution with its reason and a Retry button', async () => {
    const corrupt = await makeCorruptMedia(path.join(tmp, 'broken.mp4'));
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(new URL('/signup', stack.url).href);
    await page.getByLabel('Your name').fill('Cleo');
    await page.getByLabel('Email').fill('cleo@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your spaces' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Broken files');
    await page.getByRole('button', { name: 'Create space' }).click();
    await page.getByLabel('Topic').fill('Uploads');
    await page.getByRole('button', { name: 'Start conference' }).click();
    await page.waitForURL('**/c/*');

    await page.getByLabel('Video or audio file').setInputFiles(corrupt);
    await page.getByRole('button', { name: 'Upload' }).click();
    const failed = page.locator('[data-testid=contribution][data-status=failed]');
    await failed.waitFor({ timeout: WAIT_TIMEOUT_MS });
    await failed.getByText(/could not be read as audio or video.*E_MEDIA_UNREADABLE/).waitFor();
    await recordWhatIsShown(page);
    await failed.getByRole('button', { name: 'Retry' }).click();
    // Retried: it runs again and, the file being what it is, fails again with its reason.
    await page.waitForFunction(() => (window as unknown as { __seen: Set<string> }).__seen.has('status:queued'));
    await page.locator('[data-testid=contribution][data-status=failed]').getByRole('button', { name: 'Retry' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conference-failed.png') });
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** From now on, remember every contribution status the page shows and whether progress bars appeared. */
async function recordWhatIsShown(page: Page) {
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { __seen: Set<string> }).__seen = seen;
    const record = () => {
      document.querySelectorAll('[data-testid=contribution]').forEach((el) => {
        seen.add(`status:${el.getAttribute('data-status')}`);
      });
      if (document.querySelector('[role=progressbar][aria-label=Uploading]')) seen.add('upload-progress');
      if (document.querySelector('[data-testid=pipeline-progress]')) seen.add('pipeline-progress');
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

const shown = (page: Page) => page.evaluate(() => [...(window as unknown as { __seen: Set<string> }).__seen]);
