/**
 * The host's Participation page in a real browser: a host and two members post transcripts (one
 * asks the other something); the host opens the page from the conference, reads the speaking-time
 * bars with the "asked, not answered" and "not opened since" marks, and nudges the quiet member with
 * one click: they get an email, and the button says "Nudged today". No script or console errors, no
 * horizontal overflow at 390 px. Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Client, postTranscript } from '../helpers/app.ts';
import { readEmail } from '../helpers/eml.ts';
import { waitFor } from '../helpers/wait.ts';
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

type Member = Client & { userId: string; email: string };

describe.skipIf(!hasChromium)('the participation page in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let outboxDir: string;

  beforeAll(async () => {
    outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-browser-nudge-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack({ OUTBOX_DIR: outboxDir }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    fs.rmSync(outboxDir, { recursive: true, force: true });
  });

  async function signUp(name: string): Promise<Member> {
    const client = new Client(stack.app);
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${Math.random().toString(36).slice(2, 8)}@example.org`;
    const res = await client.post('/api/auth/signup', { email, password: 'correct horse battery', name });
    expect(res.statusCode, res.body).toBe(201);
    return Object.assign(client, { userId: res.json().user.id as string, email });
  }

  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('shows the balance at a glance and nudges with one click', async () => {
    const hana = await signUp('Hana Berg');
    const spaceId = (await hana.post('/api/spaces', { name: 'Stores' })).json().space.id;
    const conferenceId = (await hana.post(`/api/spaces/${spaceId}/conferences`, { title: 'Pilot budget' })).json().conference.id;
    const ana = await signUp('Ana Lima');
    const ben = await signUp('Ben Okafor');
    for (const m of [ana, ben])
      expect((await hana.post(`/api/spaces/${spaceId}/members`, { email: m.email, role: 'member' })).statusCode).toBe(201);
    await postTranscript(ana, conferenceId, {
      title: 'Budget draft',
      turns: [
        {
          speaker: 'Ana Lima',
          text: 'I drafted the budget for the pilot with three stores. The hardware is about forty percent of it, and training the staff takes most of the rest.',
          startMs: 0,
          endMs: 30_000,
        },
        {
          speaker: 'Ana Lima',
          text: 'Ben, does the vendor quote include the support contract for the first year?',
          startMs: 31_000,
          endMs: 42_000,
        },
      ],
    });
    await postTranscript(hana, conferenceId, {
      title: 'Timeline',
      turns: [{ speaker: 'Hana Berg', text: 'We could start the pilot in March if the stores agree.', startMs: 0, endMs: 12_000 }],
    });

    const context = await newContext(browser);
    await context.addCookies([{ name: 'colloquy_session', value: hana.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });

    await page.goto(`${stack.url}/c/${conferenceId}`);
    await page.getByRole('link', { name: 'Participation', exact: true }).click();
    await page.getByRole('heading', { name: 'Participation', exact: true }).waitFor();
    const chart = page.getByTestId('participation-chart');
    const rows = chart.getByTestId('participant');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    // Bars are ordered by share: Ana spoke the most, Ben not at all.
    expect(await rows.first().textContent()).toContain('Ana Lima');
    const benRow = rows.filter({ hasText: 'Ben Okafor' });
    expect(await benRow.textContent()).toContain('0% of the time');
    await benRow.getByTestId('mark-asked').waitFor();
    expect(await benRow.getByTestId('mark-asked').textContent()).toContain('Asked, not answered: 1');
    expect(await benRow.getByTestId('mark-not-opened').count()).toBe(1);
    expect(await benRow.getByRole('link', { name: /Asked by Ana Lima at/ }).getAttribute('href')).toMatch(
      new RegExp(`^/c/${conferenceId}/watch/[0-9a-f-]+\\?t=\\d+&s=[0-9a-f-]+$`),
    );
    const anaBar = await rows
      .first()
      .locator('[aria-hidden=true] > div')
      .evaluate((el) => el.getBoundingClientRect().width);
    const hanaBar = await rows
      .filter({ hasText: 'Hana Berg' })
      .locator('[aria-hidden=true] > div')
      .evaluate((el) => el.getBoundingClientRect().width);
    expect(anaBar).toBeGreaterThan(hanaBar * 2); // 42 s against 12 s
    expect(await rows.filter({ hasText: 'Hana Berg' }).getByRole('button').count()).toBe(0); // no nudging yourself
    await page.screenshot({ path: path.join(SCREENSHOTS, 'participation.png'), fullPage: true });

    await benRow.getByRole('button', { name: 'Nudge: Ben Okafor' }).click();
    await page.getByText('Ben Okafor was reminded of 1 unanswered question.').waitFor();
    await benRow.getByRole('button', { name: 'Nudged today: Ben Okafor' }).waitFor();
    expect(await benRow.getByRole('button', { name: 'Nudged today: Ben Okafor' }).isDisabled()).toBe(true);
    const mails = await waitFor(
      'the nudge email to Ben',
      async () =>
        fs
          .readdirSync(outboxDir)
          .filter((f) => f.endsWith('.eml'))
          .map((f) => readEmail(fs.readFileSync(path.join(outboxDir, f), 'utf8')))
          .filter((m) => m.to === ben.email && m.subject.includes('you were asked something')),
      { until: (m) => m.length > 0 },
    );
    expect(mails[0].body).toContain('Hana Berg would like to hear from you in “Pilot budget”.');
    expect(mails[0].body).toContain('You were asked: “Ben, does the vendor quote include the support contract for the first year?”');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'participation-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
