/**
 * A host adds a webhook on its page, sees the secret once, and reads the delivery log after a
 * contribution became ready: the local receiver got a signed call.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { verify } from '../../src/webhooks/signature.ts';
import { Client, postTranscript } from '../helpers/app.ts';
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

describe.skipIf(!hasChromium)('webhooks in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  const received: { body: string; signature: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['colloquy-signature']) });
      res.end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    [stack, browser] = await Promise.all([startBrowserStack({ WEBHOOK_ALLOW_PRIVATE: 'true' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    await new Promise((r) => receiver.close(r));
  });

  it('adds a webhook, shows its secret once, and lists its deliveries', async () => {
    const host = await Client.signUp(stack.app, 'Hana');
    const spaceId = (await host.post('/api/spaces', { name: 'Ops' })).json().space.id;
    const conferenceId = (await host.post(`/api/spaces/${spaceId}/conferences`, { title: 'Weekly' })).json().conference.id;
    const context = await newContext(browser);
    await context.addCookies([{ name: 'colloquy_session', value: host.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    const page = await context.newPage();
    const problems = collectPageProblems(page);

    await page.goto(`${stack.url}/s/${spaceId}`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    const address = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/colloquy`;
    await page.getByLabel('Address').fill(address);
    await page.getByLabel('A statement is forwarded').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => page.getByText(address).count()).toBe(1);

    await postTranscript(host, conferenceId, {
      title: 'Sync',
      turns: [{ speaker: 'Hana', text: 'The backup job now runs every night at two.', startMs: 0, endMs: 4000 }],
    });
    await waitFor('the receiver to be called', async () => received.length, { until: (n) => n >= 1 });
    expect(verify(secret, received[0].body, received[0].signature)).toBe(true);

    // The secret is not shown again after a reload; the log shows the delivery.
    await page.reload();
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    await page.getByRole('button', { name: 'Delivery log' }).click();
    await page.getByRole('cell', { name: 'contribution.ready' }).waitFor();
    expect(await page.getByRole('cell', { name: /delivered/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'webhooks.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
