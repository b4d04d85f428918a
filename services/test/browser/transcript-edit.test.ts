/**
 * Correcting a transcript and forwarding from the player, in a real browser on the full stack.
 * A real clip is recognised by PocketSphinx; the host opens it in the player, sees the words the
 * recogniser was unsure of, corrects a misheard word in the transcript, sees the correction's
 * history, and then finds the statement by searching the corrected word. A captioned video with
 * two speakers is then forwarded from the player at the moment the second one speaks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { asrClips, makeAudioFromClip, makeVideoFromClip } from '../fixtures/media.ts';
import { Client, multipart, waitForContribution } from '../helpers/app.ts';
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

interface Statement {
  id: string;
  text: string;
  startMs: number;
  speaker: string | null;
}

const wordsOf = (text: string) => text.toLowerCase().match(/[a-z']+/g) ?? [];

describe.skipIf(!hasChromium)('correcting a transcript in the player', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let tmp: string;
  let host: Client & { userId: string; email: string };
  let conferenceId: string;
  let recognised: { id: string; statements: Statement[] };
  let captioned: { id: string; statements: Statement[] };
  const jfk = () => asrClips().find((c) => c.file.includes('jfk'))!;

  const upload = async (parts: Parameters<typeof multipart>[0]) => {
    const res = await host.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...multipart(parts) });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().contribution.id as string;
  };
  const ready = async (id: string) => {
    const done = await waitForContribution(host, id);
    expect(done.status, done.error).toBe('ready');
    return (await host.get(`/api/contributions/${id}`)).json().contribution;
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-browser-edit-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
    host = await Client.signUp(stack.app, 'Ana');
    const spaceId = (await host.post('/api/spaces', { name: 'Speeches' })).json().space.id;
    conferenceId = (await host.post(`/api/spaces/${spaceId}/conferences`, { title: 'Inaugural' })).json().conference.id;
    // A member to forward to.
    const ben = await Client.signUp(stack.app, 'Ben');
    expect((await host.post(`/api/spaces/${spaceId}/members`, { email: ben.email, role: 'member' })).statusCode).toBeLessThan(300);

    const audio = await makeAudioFromClip(jfk().path, path.join(tmp, 'jfk.wav'), 'wav');
    const recognisedId = await upload([
      { name: 'title', value: 'Ask not (recognised)' },
      { name: 'file', file: fs.readFileSync(audio), filename: 'jfk.wav', contentType: 'audio/wav' },
    ]);
    const video = await makeVideoFromClip(jfk().path, path.join(tmp, 'jfk.mp4'));
    const vtt =
      'WEBVTT\n\n00:00:00.500 --> 00:00:05.500\n<v John Kennedy>And so, my fellow Americans, ask not what your country can do for you,\n\n' +
      '00:00:05.500 --> 00:00:10.500\n<v Jacqueline Kennedy>So what can each of us volunteer to do for our country?\n';
    const captionedId = await upload([
      { name: 'title', value: 'Ask not (captioned)' },
      { name: 'file', file: fs.readFileSync(video), filename: 'jfk.mp4', contentType: 'video/mp4' },
      { name: 'captions', file: Buffer.from(vtt), filename: 'jfk.vtt', contentType: 'text/vtt' },
    ]);
    recognised = await ready(recognisedId);
    captioned = await ready(captionedId);
    expect(captioned.statements.length).toBe(2);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function hostContext(): Promise<BrowserContext> {
    const context = await newContext(browser);
    await context.addCookies([{ name: 'colloquy_session', value: host.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    return context;
  }

  it('corrects a misheard word, shows the history, and search finds the corrected word', async () => {
    // A word the recogniser heard that was not said, and a word that was said but not heard.
    const reference = new Set(wordsOf(jfk().reference));
    const heardWords = new Set(recognised.statements.flatMap((s) => wordsOf(s.text)));
    const statement = recognised.statements.find((s) => s.text.split(' ').some((w) => !reference.has(w.toLowerCase())))!;
    expect(statement, 'the recogniser misheard something in this clip').toBeTruthy();
    const misheard = statement.text.split(' ').find((w) => !reference.has(w.toLowerCase()))!;
    const said = [...reference].filter((w) => w.length >= 6 && !heardWords.has(w)).sort((a, b) => b.length - a.length)[0];
    expect(said, 'a word of the speech the recogniser missed').toBeTruthy();
    const corrected = statement.text
      .split(' ')
      .map((w) => (w === misheard ? said : w))
      .join(' ');

    const context = await hostContext();
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(new URL(`/c/${conferenceId}/watch/${recognised.id}`, stack.url).href);
    const item = page.locator(`[data-statement-id="${statement.id}"]`);
    await item.waitFor();
    // Where to look: the words the recogniser was unsure of are marked.
    await page.getByText('ones the recogniser was unsure of').waitFor();
    expect(await page.getByTestId('uncertain-word').count()).toBeGreaterThan(0);

    await item.getByRole('button', { name: /^Correct the statement/ }).click();
    const editor = item.getByTestId('statement-editor');
    await editor.getByLabel('What was said').fill(corrected);
    await editor.getByRole('button', { name: 'Save correction' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => item.getByTestId('statement-text').textContent()).toBe(corrected);

    await item.getByRole('button', { name: 'Corrected · history' }).click();
    const history = item.getByTestId('statement-history');
    await history.getByText('Ana ·').waitFor();
    expect(await history.locator('del').first().textContent()).toBe(statement.text);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'transcript-correction.png') });

    // Search the corrected word: the statement comes up, and opens the player there.
    await page.goto(new URL('/search', stack.url).href);
    await page.getByLabel('Words or a question to look for').fill(said);
    await page.keyboard.press('Enter');
    const hit = page.getByTestId('search-hit').filter({ has: page.locator(`a[href*="${statement.id}"]`) });
    await hit.locator('mark', { hasText: new RegExp(`^${said}$`, 'i') }).waitFor();
    await hit.getByTestId('search-hit-link').click();
    await page.waitForURL((u) => u.pathname === `/c/${conferenceId}/watch/${recognised.id}` && u.searchParams.get('s') === statement.id);
    await expect.poll(() => page.locator('[data-current="true"]').getAttribute('data-statement-id')).toBe(statement.id);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('forwards the statement being said at the current moment from the player', async () => {
    const [first, second] = captioned.statements;
    const context = await hostContext();
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(new URL(`/c/${conferenceId}/watch/${captioned.id}?t=1`, stack.url).href);
    await page.getByTestId('player-media').waitFor();
    await expect.poll(() => page.locator('[data-current="true"]').getAttribute('data-statement-id')).toBe(first.id);

    // Play on to the second speaker: k jumps to the next statement.
    await page.locator('body').press('k');
    await expect.poll(() => page.locator('[data-current="true"]').getAttribute('data-statement-id')).toBe(second.id);
    await page.getByTestId('forward-from-player').click();
    const dialog = page.getByRole('dialog', { name: 'Forward this statement' });
    await dialog.getByText(second.text).waitFor();
    await dialog.getByTestId('suggestion').filter({ hasText: 'Ben' }).click();
    await dialog.getByRole('button', { name: 'Forward to Ben' }).click();
    await dialog.getByTestId('forward-sent').waitFor();
    const forwards = (await host.get(`/api/statements/${second.id}/forwards`)).json().forwards;
    expect(forwards.map((f: { to: { name: string } }) => f.to.name)).toEqual(['Ben']);
    expect((await host.get(`/api/statements/${first.id}/forwards`)).json().forwards).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
