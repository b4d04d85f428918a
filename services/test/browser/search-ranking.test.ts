/**
 * The search page shows the best hit first: a word said once, in the middle of a meeting, among
 * many lines that look alike (text, television, telephone…), is the first result on the page, in
 * the first group, with the word marked in its snippet; the count shown is what is listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Client, postTranscript } from '../helpers/app.ts';
import { collectPageProblems, hasChromium, launchBrowser, newContext, SKIP_REASON, startBrowserStack, type BrowserStack } from './stack.ts';

const LOOSE = [
  'The text on the television screen was too small for the people at the back.',
  'Can we send the telephone numbers as a text message after the meeting?',
  'The television remote needs bigger buttons, and the text on them should be readable.',
  'I will put the text of the telephone script in the shared folder.',
  'Television adverts are expensive, so we should start with text ads online.',
  'The telephone support team reads the text of every complaint.',
  'We could show the text of the manual on the television itself.',
  'Our telephone survey had a lot of free text answers about the television.',
];
const RARE = 'We dropped teletext because nobody uses it any more and it made the remote too complicated.';

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)('the search page ranks the best hit first', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let host: Client;
  let rareId: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
    host = await Client.signUp(stack.app, 'Ana');
    const spaceId = (await host.post('/api/spaces', { name: 'Product' })).json().space.id;
    const conferenceId = (await host.post(`/api/spaces/${spaceId}/conferences`, { title: 'Remote control' })).json().conference.id;
    const turns = (texts: string[]) =>
      texts.map((text, i) => ({ speaker: i % 2 ? 'Ben' : 'Ana', text, startMs: i * 8000, endMs: i * 8000 + 7000 }));
    // An earlier contribution of look-alike lines, then one with the rare word in its middle.
    await postTranscript(host, conferenceId, { title: 'Screens and phones', turns: turns(LOOSE) });
    const meeting = await postTranscript(host, conferenceId, {
      title: 'Features we cut',
      turns: turns([...LOOSE.slice(0, 3), RARE, ...LOOSE.slice(3, 6)]),
    });
    rareId = meeting.statements.find((s: { text: string }) => s.text === RARE).id;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
  });

  it('shows the statement holding the word first, with the word marked', async () => {
    const context = await newContext(browser);
    await context.addCookies([{ name: 'colloquy_session', value: host.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    const page = await context.newPage();
    const problems = collectPageProblems(page);

    const api = (await host.get('/api/search?q=teletext')).json();
    expect(api.results[0].statementId).toBe(rareId);

    await page.goto(new URL('/search?q=teletext', stack.url).href);
    const first = page.getByTestId('search-hit').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('because nobody uses it');
    expect(await first.locator('mark').allTextContents()).toContain('teletext');
    await page.getByTestId('search-group').first().getByRole('heading', { name: 'Features we cut' }).waitFor();
    // The count is what is listed.
    const listed = await page.getByTestId('search-hit').count();
    expect(listed).toBe(api.results.length);
    const status = await page.getByRole('status').filter({ hasText: '“teletext”' }).textContent();
    expect(status).toContain(`${listed} statement`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
