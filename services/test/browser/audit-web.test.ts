/**
 * Audit finding 7 in a real browser against the full stack: the same link given twice must not
 * blank a conference page (Svelte's each_key_duplicate), and the watch page of a transcript-only
 * contribution must open without a script error. Both pages: no console errors, no horizontal
 * overflow at 390 px. Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, waitForContribution } from '../helpers/app.ts';
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

const LINK = 'https://example.org/refund-policy';

describe.skipIf(!hasChromium)('conference and watch pages survive what the audit sent them', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let host: Client & { userId: string };
  let conferenceId: string;
  let contributionId: string;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
    host = await Client.signUp(stack.app, 'Linda');
    const spaceId = (await host.post('/api/spaces', { name: 'Refunds desk' })).json().space.id;
    conferenceId = (await host.post(`/api/spaces/${spaceId}/conferences`, { title: 'Refund rules' })).json().conference.id;
    // A transcript-only contribution (no media) that gives the same link twice.
    const res = await host.post(`/api/conferences/${conferenceId}/transcripts`, {
      title: 'Refunds',
      links: [LINK, LINK],
      turns: [
        { speaker: 'Linda', text: 'We refund European customers within fourteen days of the request.', startMs: 0, endMs: 6000 },
        { speaker: 'Linda', text: 'Each refund costs us a fixed fee from the payment provider.', startMs: 6000, endMs: 12000 },
      ],
    });
    expect(res.statusCode, res.body).toBe(202);
    contributionId = res.json().contribution.id;
    expect((await waitForContribution(host, contributionId)).status).toBe('ready');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
  });

  async function signedIn(): Promise<BrowserContext> {
    const context = await newContext(browser);
    await context.addCookies([{ name: 'colloquy_session', value: host.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
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

  it('shows a contribution whose link is given twice, both links included', async () => {
    const context = await signedIn();
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(new URL(`/c/${conferenceId}`, stack.url).href);
    const card = page.locator(`#contribution-${contributionId}`);
    await card.locator('[data-testid=statement]').first().waitFor();
    expect(await card.getByRole('list', { name: 'Links' }).getByRole('link', { name: LINK }).count()).toBe(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conference-duplicate-links.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens the watch page of a transcript-only contribution without a script error', async () => {
    const context = await signedIn();
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(new URL(`/c/${conferenceId}/watch/${contributionId}`, stack.url).href);
    await page.getByRole('heading', { name: 'Refunds', level: 1 }).waitFor();
    await page.getByText('within fourteen days').first().waitFor();
    // Without media, the address says at once which statement is shown (the step that used to throw).
    await page.waitForURL((u) => u.searchParams.get('s') !== null && u.searchParams.get('t') === '0');
    await page.waitForTimeout(1000); // live events connect; any late error would show
    await page.screenshot({ path: path.join(SCREENSHOTS, 'watch-transcript-only.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
