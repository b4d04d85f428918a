/** A host exports a conference from the space's Export page and downloads the zip. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Client, postTranscript } from '../helpers/app.ts';
import { unzip } from '../helpers/zip.ts';
import { collectPageProblems, hasChromium, launchBrowser, newContext, SKIP_REASON, startBrowserStack, type BrowserStack } from './stack.ts';

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)('exports in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
  });

  it('exports a conference and downloads its zip', async () => {
    const host = await Client.signUp(stack.app, 'Hana');
    const spaceId = (await host.post('/api/spaces', { name: 'Ops' })).json().space.id;
    const conferenceId = (await host.post(`/api/spaces/${spaceId}/conferences`, { title: 'Weekly' })).json().conference.id;
    const meeting = await postTranscript(host, conferenceId, {
      title: 'Sync',
      turns: [{ speaker: 'Hana', text: 'The backup job now runs every night at two.', startMs: 0, endMs: 4000 }],
    });
    const context = await newContext(browser, { acceptDownloads: true });
    await context.addCookies([{ name: 'colloquy_session', value: host.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    const page = await context.newPage();
    const problems = collectPageProblems(page);

    await page.goto(`${stack.url}/s/${spaceId}`);
    await page.getByRole('link', { name: 'Export', exact: true }).click();
    await page.getByRole('heading', { name: 'Export', exact: true }).waitFor();
    await page.getByLabel('What').selectOption({ label: 'Weekly' });
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const link = page.getByRole('link', { name: /Download zip/ });
    await link.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const entries = await unzip(fs.readFileSync((await download.path())!));
    const doc = JSON.parse(entries.get('colloquy-export.json')!.toString());
    expect(doc.conferences[0].contributions[0].statements[0].text).toBe(meeting.statements[0].text);
    expect(entries.has(`captions/${conferenceId}/${meeting.id}.vtt`)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
