/**
 * The agenda in a browser: a host drafts it from a real AMI meeting, reorders and publishes it; a
 * member reads it, readable at 390 px. Screenshot agenda.png (UPDATE_SCREENSHOTS=1 → docs/screenshots).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addMember, Client, postTranscript } from '../helpers/app.ts';
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

const AMI = path.resolve(import.meta.dirname, '../../../../shared/eval/ami/dev/ami_normalized_dev.jsonl');
function amiTurns(id: string) {
  const line = fs
    .readFileSync(AMI, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`{"id": "${id}"`))!;
  const m = JSON.parse(line) as { turns: { speaker: string; text: string; start: number; end: number }[] };
  return m.turns.map((x) => ({ speaker: x.speaker, text: x.text, startMs: Math.round(x.start * 1000), endMs: Math.round(x.end * 1000) }));
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.skipIf(!hasChromium)('the agenda in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
  });

  async function signedIn(client: Client, viewport?: { width: number; height: number }) {
    const context = await newContext(browser, viewport ? { viewport } : {});
    await context.addCookies([{ name: 'colloquy_session', value: client.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    const page = await context.newPage();
    return { context, page, problems: collectPageProblems(page) };
  }

  it('a host drafts, reorders and publishes; a member reads it at 390 px', async () => {
    const host = await Client.signUp(stack.app, 'Hana');
    const spaceId = (await host.post('/api/spaces', { name: 'Design' })).json().space.id;
    const conferenceId = (await host.post(`/api/spaces/${spaceId}/conferences`, { title: 'Remote control' })).json().conference.id;
    const member = await addMember(stack.app, host, spaceId, 'Milo');
    await postTranscript(host, conferenceId, { title: 'Kick-off', turns: amiTurns('ES2006a') });

    const h = await signedIn(host);
    await h.page.goto(`${stack.url}/c/${conferenceId}`);
    await h.page.getByRole('link', { name: 'Agenda for the next live meeting' }).click();
    await h.page.getByRole('button', { name: 'Draft the agenda' }).click();
    const items = h.page.locator('[data-agenda-item]');
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThanOrEqual(3);
    const titleOf = (i: number) => items.nth(i).getByRole('textbox').inputValue();
    const [first, second] = [await titleOf(0), await titleOf(1)];
    // Each item cites moments that open the player at their second.
    expect(
      await items
        .first()
        .getByRole('link', { name: /at \d+:\d\d/ })
        .first()
        .getAttribute('href'),
    ).toMatch(new RegExp(`^/c/${conferenceId}/watch/[0-9a-f-]+\\?t=\\d+&s=`));

    await items
      .nth(0)
      .getByRole('button', { name: /^Move down/ })
      .click();
    expect([await titleOf(0), await titleOf(1)]).toEqual([second, first]);
    await items.nth(0).getByRole('textbox').fill('What should the remote control cost?');
    await h.page.getByLabel('Starts').fill('2026-12-10T14:00');
    await h.page.getByRole('button', { name: 'Publish to members' }).click();
    await h.page.getByText('Published: members are told').waitFor();
    await h.page.getByRole('link', { name: 'Download as Markdown' }).waitFor();
    await h.page.getByRole('link', { name: 'Add to calendar (.ics)' }).waitFor();
    await h.page.screenshot({ path: path.join(SCREENSHOTS, 'agenda.png'), fullPage: true });
    expect(h.problems).toEqual([]);

    const saved = (await host.get(`/api/conferences/${conferenceId}/agenda`)).json().agenda;
    expect(saved.status).toBe('published');
    expect(saved.items.slice(0, 2).map((i: { title: string }) => i.title)).toEqual(['What should the remote control cost?', first]);

    const m = await signedIn(member, { width: 390, height: 844 });
    await m.page.goto(`${stack.url}/c/${conferenceId}/agenda`);
    await m.page.getByRole('heading', { name: saved.title }).waitFor();
    await m.page.getByText('What should the remote control cost?').waitFor();
    expect(await m.page.getByRole('textbox').count()).toBe(0); // a member reads, does not edit
    expect(await overflow(m.page)).toBeLessThanOrEqual(0);
    await m.page.screenshot({ path: path.join(SCREENSHOTS, 'agenda-phone.png'), fullPage: true });
    expect(m.problems).toEqual([]);
    await h.context.close();
    await m.context.close();
  });
});
