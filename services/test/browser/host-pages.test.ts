/**
 * The video-first conference page and the host pages in a real browser against the full stack.
 * Content is set up through the API (real clips with captions, a long real meeting transcript);
 * then: each video shows its poster frame and length, statements show at gist level with no
 * transcript until "Show transcript", and a long meeting shows chapters (or a few statements)
 * first; a directory entry made on its page is suggested when forwarding; a meeting's captions
 * imported on the import page become a contribution; a member removed on the members page loses
 * access at once. Every page: no script or console errors, no horizontal overflow at 390 px.
 * Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { asrClips, makeVideoFromClip } from '../fixtures/media.ts';
import { Client, multipart, postTranscript, waitForContribution } from '../helpers/app.ts';
import { WAIT_TIMEOUT_MS } from '../helpers/wait.ts';
import { loadAmiDev } from '../../../eval/lib/datasets.ts';
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

if (!hasChromium) console.warn(SKIP_REASON);

type Signed = Client & { userId: string; email: string };

const REFUNDS = 'Which payment provider handles refunds for our European customers, and what does each refund cost us?';

describe.skipIf(!hasChromium)('the conference page and host pages in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let tmp: string;
  let host: Signed;
  let member: Signed;
  let spaceId: string;
  let conferenceId: string;
  let videos: { id: string; title: string }[] = [];
  let meetingId: string;
  let refundsStatementId: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-browser-host-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);

    host = await Client.signUp(stack.app, 'Hana');
    spaceId = (await host.post('/api/spaces', { name: 'Payments team' })).json().space.id;
    conferenceId = (await host.post(`/api/spaces/${spaceId}/conferences`, { title: 'Going European' })).json().conference.id;
    member = await Client.signUp(stack.app, 'Milo');
    expect((await host.post(`/api/spaces/${spaceId}/members`, { email: member.email, role: 'member' })).statusCode).toBe(201);

    // Two real clips as videos, each with its captions.
    const clips = asrClips().slice(0, 2);
    const uploads = [];
    for (const [i, clip] of clips.entries()) {
      const file = await makeVideoFromClip(clip.path, path.join(tmp, `clip-${i}.mp4`));
      const vtt = `WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v ${i ? 'Milo' : 'Hana'}>${clip.reference}\n`;
      const title = i ? 'Milo on the rollout' : 'Hana on the launch';
      const body = multipart([
        { name: 'title', value: title },
        { name: 'file', file: fs.readFileSync(file), filename: `clip-${i}.mp4`, contentType: 'video/mp4' },
        { name: 'captions', file: Buffer.from(vtt), filename: `clip-${i}.vtt`, contentType: 'text/vtt' },
      ]);
      const res = await host.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
      expect(res.statusCode, res.body).toBe(202);
      uploads.push({ id: res.json().contribution.id as string, title });
    }

    // A long real meeting (AMI) as a transcript: many statements.
    const ami = loadAmiDev({ limit: 1 })[0];
    const turns = ami.turns
      .slice(0, 160)
      .map((t) => ({ speaker: t.speaker, text: t.text, startMs: t.startMs, endMs: Math.max(t.endMs, t.startMs) }));
    meetingId = (await postTranscript(host, conferenceId, { title: 'Kick-off meeting (AMI)', turns })).id;

    const refunds = await postTranscript(host, conferenceId, {
      title: 'Refunds',
      turns: [{ speaker: 'Hana', text: REFUNDS, startMs: 0, endMs: 6000 }],
    });
    refundsStatementId = refunds.statements[0].id;

    for (const u of uploads) expect((await waitForContribution(host, u.id)).status).toBe('ready');
    videos = uploads;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function signedIn(who: Signed, options: Parameters<typeof newContext>[1] = {}): Promise<BrowserContext> {
    const context = await newContext(browser, options);
    await context.addCookies([{ name: 'colloquy_session', value: who.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    return context;
  }

  /** Script errors, CSP violations and any other console error. */
  function watchConsole(page: Page): string[] {
    const problems = collectPageProblems(page);
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !problems.some((p) => p.includes(msg.text()))) problems.push(`console: ${msg.text()}`);
    });
    return problems;
  }

  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('leads with the video: a poster per video, gist chips, the transcript only when asked', async () => {
    const context = await signedIn(host);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(new URL(`/c/${conferenceId}`, stack.url).href);

    for (const v of videos) {
      const card = page.locator(`#contribution-${v.id}`);
      await card.locator('[data-testid=statement]').first().waitFor();
      const poster = card.getByTestId('poster');
      expect(await poster.getAttribute('data-kind')).toBe('frame');
      const img = poster.getByTestId('poster-image');
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
        await img.elementHandle(),
      );
      // The poster says how long it is and opens the player.
      expect(await poster.textContent()).toMatch(/\d+:\d\d/);
      expect(await poster.getByRole('link').getAttribute('href')).toBe(`/c/${conferenceId}/watch/${v.id}?t=0`);
    }
    // Text-only contributions have no poster, no play chip and no length.
    const refunds = page.locator('[data-testid=contribution]').filter({ has: page.getByRole('heading', { name: 'Refunds', exact: true }) });
    await refunds.locator('[data-testid=statement]').first().waitFor();
    expect(await refunds.getByTestId('poster').count()).toBe(0);
    expect(await refunds.getByRole('link', { name: /^Play from/ }).count()).toBe(0);

    // No transcript on the page until asked for.
    expect(await page.getByTestId('transcript').count()).toBe(0);
    const first = page.locator(`#contribution-${videos[0].id}`);
    await first.getByRole('button', { name: /^Show transcript/ }).click();
    const transcript = first.getByTestId('transcript');
    await transcript.waitFor();
    expect(await page.getByTestId('transcript').count()).toBe(1);
    expect((await transcript.textContent())?.length).toBeGreaterThan(10);
    await first.getByRole('button', { name: /^Hide transcript/ }).click();
    await transcript.waitFor({ state: 'detached' });

    // The long meeting: chapters first (their statements on demand), or else only a few statements.
    const meeting = page.locator(`#contribution-${meetingId}`);
    const detail = (await host.get(`/api/contributions/${meetingId}`)).json().contribution;
    expect(detail.statements.length).toBeGreaterThan(8);
    await meeting.getByRole('button', { name: /^Show transcript/ }).waitFor();
    if (detail.summary?.chapters?.length >= 2) {
      const chapters = meeting.getByTestId('chapter');
      expect(await chapters.count()).toBeGreaterThanOrEqual(2);
      expect(await meeting.locator('[data-testid=statement]').count()).toBe(0);
      await chapters.first().getByRole('button').click();
      await meeting.locator('[data-testid=statement]').first().waitFor();
      expect(await meeting.locator('[data-testid=statement]').count()).toBeLessThan(detail.statements.length);
    } else {
      expect(await meeting.locator('[data-testid=statement]').count()).toBeLessThanOrEqual(5);
      await meeting.getByRole('button', { name: `Show all ${detail.statements.length} statements` }).waitFor();
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conference-video.png'), fullPage: true });

    // A phone: still no sideways scrolling, and the page is far shorter than the whole transcript.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conference-video-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('adds an expert on the directory page, edits them, and forwarding suggests them', async () => {
    const context = await signedIn(host);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(new URL(`/s/${spaceId}`, stack.url).href);
    await page.getByRole('link', { name: 'Expert directory' }).click();
    await page.getByRole('heading', { name: 'Expert directory' }).waitFor();
    await page.getByText('No experts yet').waitFor();

    await page.getByLabel('Name').fill('Margaret Hale');
    await page.getByLabel('Email').fill('margaret@example.net');
    await page.getByLabel(/^Bio/).fill('Payments consultant: European payment providers, card fees, refunds and chargebacks.');
    await page.getByLabel('Tags').fill('payments, refunds');
    await page.getByRole('button', { name: 'Add to directory' }).click();
    const card = page.getByTestId('person').filter({ hasText: 'Margaret Hale' });
    await card.waitFor();
    await page.getByText('Margaret Hale is in the directory').waitFor();
    expect(await card.textContent()).toContain('#refunds');

    await card.getByRole('button', { name: /^Edit/ }).click();
    await card.getByLabel('Tags').fill('payments, refunds, chargebacks');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('#chargebacks').waitFor();
    const saved = (await host.get(`/api/spaces/${spaceId}/people`)).json().people;
    expect(saved).toEqual([expect.objectContaining({ name: 'Margaret Hale', tags: ['payments', 'refunds', 'chargebacks'] })]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'directory.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Forwarding the refunds question suggests her.
    await page.goto(new URL(`/c/${conferenceId}`, stack.url).href);
    await page
      .locator(`#statement-${refundsStatementId}`)
      .getByRole('button', { name: /^Forward/ })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('suggestion').filter({ hasText: 'Margaret Hale' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('imports a meeting transcript on the import page', async () => {
    const context = await signedIn(host);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(new URL(`/c/${conferenceId}`, stack.url).href);
    await page.getByRole('link', { name: 'Import a meeting transcript' }).click();
    await page.getByRole('heading', { name: 'Import a meeting' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    // A Zoom-style caption file: "Name: text" cues.
    const vtt = [
      'WEBVTT',
      '',
      '1',
      '00:00:01.000 --> 00:00:06.000',
      'Hana: We agreed to launch the European checkout at the end of April.',
      '',
      '2',
      '00:00:06.500 --> 00:00:11.000',
      'Milo: Then who writes the announcement for the merchants?',
      '',
    ].join('\n');
    await page.getByLabel('Title (optional)').fill('Weekly sync');
    await page
      .getByLabel('Transcript or captions file')
      .setInputFiles({ name: 'zoom.vtt', mimeType: 'text/vtt', buffer: Buffer.from(vtt) });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(new RegExp(`/c/${conferenceId}#contribution-`));
    const card = page.locator('[data-testid=contribution][data-status=ready]', { hasText: 'Weekly sync' });
    await card.waitFor({ timeout: WAIT_TIMEOUT_MS });
    await card.locator('[data-testid=statement]').first().waitFor();
    const gists = (await card.locator('[data-testid=statement]').allTextContents()).join(' ');
    expect(gists).toContain('Hana:');
    expect(gists).toContain('Milo:');
    // Its times are the meeting's own (shown, but not links: there is no recording to play).
    expect(await card.getByRole('link', { name: /^Play from/ }).count()).toBe(0);
    expect(await card.getByLabel(/^At 1 second/).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('removes a member on the members page, who loses access at once', async () => {
    const memberContext = await signedIn(member);
    const memberPage = await memberContext.newPage();
    await memberPage.goto(new URL(`/c/${conferenceId}`, stack.url).href);
    await memberPage.getByRole('heading', { name: 'Going European' }).waitFor();
    // A member sees no host links.
    expect(await memberPage.getByRole('link', { name: 'Import a meeting transcript' }).count()).toBe(0);

    const context = await signedIn(host);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(new URL(`/s/${spaceId}`, stack.url).href);
    await page.getByRole('link', { name: 'Manage members' }).click();
    await page.getByRole('heading', { name: 'Members of Payments team' }).waitFor();

    // Invite someone without an account: listed as invited.
    await page.getByLabel('Email', { exact: true }).fill('newcomer@example.org');
    await page.getByRole('button', { name: 'Send invite' }).click();
    await page.getByTestId('member').filter({ hasText: 'newcomer@example.org' }).getByText('Invited · no account yet').waitFor();

    const row = page.getByTestId('member').filter({ hasText: member.email });
    await row.getByLabel(`Role of Milo`).selectOption('host');
    await page.waitForFunction(
      async ([space, email]) => {
        const res = await fetch(`/api/spaces/${space}`);
        const body = await res.json();
        return body.members.some((m: { email: string; role: string }) => m.email === email && m.role === 'host');
      },
      [spaceId, member.email],
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'members.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: 'Remove Milo' }).click();
    await page.getByText('Milo was removed').waitFor();
    expect(await page.getByTestId('member').filter({ hasText: member.email }).count()).toBe(0);

    // At once: Milo's next page load is refused, and so is the API.
    await memberPage.reload();
    await memberPage
      .getByText(/not found/i)
      .first()
      .waitFor();
    expect(await memberPage.getByRole('heading', { name: 'Going European' }).count()).toBe(0);
    expect((await member.get(`/api/conferences/${conferenceId}`)).statusCode).toBe(404);
    expect(problems).toEqual([]);
    await context.close();
    await memberContext.close();
  });
});
