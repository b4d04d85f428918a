/**
 * Moderation in a real browser against the full stack: an author deletes their contribution from
 * the conference page (after confirming) and search no longer finds it; a host hides a statement,
 * a member's open page loses it at once (live event) while the host sees it greyed with "Unhide",
 * and it comes back for the member after unhiding. (A removed member losing access at once is
 * covered by host-pages.test.ts.) No console errors, no horizontal overflow at 390 px.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { asrClips, makeVideoFromClip } from '../fixtures/media.ts';
import { Client, multipart, postTranscript, waitForContribution } from '../helpers/app.ts';
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

describe.skipIf(!hasChromium)('moderation in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let tmp: string;
  let host: Signed;
  let member: Signed;
  let conferenceId: string;
  let videoId: string;
  let planStatementId: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-browser-moderation-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
    host = await Client.signUp(stack.app, 'Hana');
    const spaceId = (await host.post('/api/spaces', { name: 'Garden club' })).json().space.id;
    conferenceId = (await host.post(`/api/spaces/${spaceId}/conferences`, { title: 'Spring plans' })).json().conference.id;
    member = await Client.signUp(stack.app, 'Milo');
    expect((await host.post(`/api/spaces/${spaceId}/members`, { email: member.email, role: 'member' })).statusCode).toBe(201);

    // The member's own video: a real clip, with captions so its words are known.
    const clip = asrClips()[0];
    const file = await makeVideoFromClip(clip.path, path.join(tmp, 'clip.mp4'));
    const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Milo>The greenhouse marmalade stall needs volunteers on Saturday.\n';
    const body = multipart([
      { name: 'title', value: 'Milo on the stall' },
      { name: 'file', file: fs.readFileSync(file), filename: 'clip.mp4', contentType: 'video/mp4' },
      { name: 'captions', file: Buffer.from(vtt), filename: 'clip.vtt', contentType: 'text/vtt' },
    ]);
    const res = await member.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...body });
    expect(res.statusCode, res.body).toBe(202);
    videoId = res.json().contribution.id;

    const plan = await postTranscript(host, conferenceId, {
      title: 'Planting plan',
      turns: [
        { speaker: 'Hana', text: 'We will plant the tulip bulbs along the north fence in October.', startMs: 0, endMs: 6000 },
        { speaker: 'Hana', text: 'The compost heap moves behind the shed so the apple tree gets more light.', startMs: 6000, endMs: 12000 },
      ],
    });
    planStatementId = plan.statements.find((s: { text: string }) => s.text.includes('compost')).id;
    expect((await waitForContribution(member, videoId)).status).toBe('ready');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function signedIn(who: Signed): Promise<BrowserContext> {
    const context = await newContext(browser);
    await context.addCookies([{ name: 'colloquy_session', value: who.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    return context;
  }
  function watchConsole(page: Page): string[] {
    const problems = collectPageProblems(page);
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !problems.some((p) => p.includes(msg.text()))) problems.push(`console: ${msg.text()}`);
    });
    return problems;
  }
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const searchFor = async (page: Page, q: string) => {
    await page.goto(new URL(`/search?q=${encodeURIComponent(q)}`, stack.url).href);
    await page.getByTestId('search-hit').or(page.getByText('Nothing found')).first().waitFor();
  };

  it('a host hides a statement: a member’s open page loses it at once, it comes back after unhiding', async () => {
    const hostContext = await signedIn(host);
    const memberContext = await signedIn(member);
    const hostPage = await hostContext.newPage();
    const memberPage = await memberContext.newPage();
    const problems = [...watchConsole(hostPage), ...watchConsole(memberPage)];
    const url = new URL(`/c/${conferenceId}`, stack.url).href;
    await Promise.all([hostPage.goto(url), memberPage.goto(url)]);
    const memberStatement = memberPage.locator(`#statement-${planStatementId}`);
    const hostStatement = hostPage.locator(`#statement-${planStatementId}`);
    await Promise.all([memberStatement.waitFor(), hostStatement.waitFor()]);
    // Members have no moderation buttons on others' statements.
    expect(await memberStatement.getByRole('button', { name: /^Hide/ }).count()).toBe(0);

    await hostStatement.getByRole('button', { name: /^Hide/ }).click();
    const dialog = hostPage.getByRole('dialog', { name: 'Hide this statement from members?' });
    await dialog.getByText('compost heap').waitFor();
    await dialog.getByRole('button', { name: 'Hide statement' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The host sees it greyed, marked, with Unhide.
    await hostStatement.getByText('Hidden from members').waitFor();
    expect(await hostStatement.getAttribute('data-hidden')).toBe('true');
    await hostStatement.getByRole('button', { name: /^Unhide/ }).waitFor();
    // The member's page, left open, loses it without a reload; search does not find it.
    await memberStatement.waitFor({ state: 'detached' });
    const memberSearch = await memberContext.newPage();
    problems.push(...watchConsole(memberSearch));
    await searchFor(memberSearch, 'compost heap shed');
    expect(await memberSearch.getByTestId('search-hit').filter({ hasText: 'compost' }).count()).toBe(0);

    await hostPage.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(hostPage)).toBeLessThanOrEqual(0);
    await hostStatement.scrollIntoViewIfNeeded();
    await hostPage.screenshot({ path: path.join(SCREENSHOTS, 'moderation.png') });

    await hostStatement.getByRole('button', { name: /^Unhide/ }).click();
    await hostPage.getByRole('dialog').getByRole('button', { name: 'Unhide statement' }).click();
    await hostStatement.getByRole('button', { name: /^Hide/ }).waitFor();
    expect(await hostStatement.getAttribute('data-hidden')).toBeNull();
    await memberStatement.waitFor(); // back on the member's open page
    await searchFor(memberSearch, 'compost heap shed');
    await memberSearch.getByTestId('search-hit').filter({ hasText: 'compost' }).waitFor();

    expect(problems).toEqual([]);
    await Promise.all([hostContext.close(), memberContext.close()]);
  });

  it('an author deletes their contribution after confirming: gone from the page, and search no longer finds it', async () => {
    const context = await signedIn(member);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await searchFor(page, 'greenhouse marmalade');
    await page.getByTestId('search-hit').filter({ hasText: 'marmalade' }).waitFor();

    await page.goto(new URL(`/c/${conferenceId}`, stack.url).href);
    const card = page.locator(`#contribution-${videoId}`);
    await card.locator('[data-testid=statement]').first().waitFor();
    // Not on the host's contribution: it is not theirs.
    expect(await page.getByRole('button', { name: 'Delete Planting plan' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Delete Milo on the stall' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this contribution?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await card.count()).toBe(1); // cancelling keeps it
    await card.getByRole('button', { name: 'Delete Milo on the stall' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete for good' }).click();
    await card.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await searchFor(page, 'greenhouse marmalade');
    // Other statements may still come close in meaning; none is the deleted one.
    expect(await page.getByTestId('search-hit').filter({ hasText: 'marmalade' }).count()).toBe(0);
    expect((await member.get(`/api/media/${videoId}`)).statusCode).toBe(404);
    expect(fs.existsSync(path.join(stack.dataDir, 'media', videoId))).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });
});
