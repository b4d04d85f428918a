/**
 * A person's account in a real browser against the full stack: the settings page changes the name
 * (the header follows), lists the sessions with this one marked and revokes another (which is
 * signed out at once), and makes and revokes an API token; a forgotten password is reset from the
 * link in the real .eml the outbox folder holds, then the new password signs in. Signed-out pages
 * ask the server for nothing it refuses: no 401 and no console error. Every page: no horizontal
 * overflow at 390 px. Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from '../helpers/app.ts';
import { outboxEmails, waitForEmail } from '../helpers/interview.ts';
import {
  collectPageProblems,
  hasChromium,
  launchBrowser,
  newContext,
  PASSWORD,
  SCREENSHOTS,
  SKIP_REASON,
  startBrowserStack,
  type BrowserStack,
} from './stack.ts';

if (!hasChromium) console.warn(SKIP_REASON);

type Signed = Client & { userId: string; email: string };

describe.skipIf(!hasChromium)('accounts in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let outboxDir: string;

  beforeAll(async () => {
    outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-browser-accounts-outbox-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    // No PUBLIC_URL: the reset link must point at the address the server actually listens on.
    [stack, browser] = await Promise.all([startBrowserStack({ OUTBOX_DIR: outboxDir }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (outboxDir) fs.rmSync(outboxDir, { recursive: true, force: true });
  });

  /** Script errors, CSP violations, any other console error, and every answer with status 401. */
  function watch(page: Page): string[] {
    const problems = collectPageProblems(page);
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !problems.some((p) => p.includes(msg.text()))) problems.push(`console: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() === 401) problems.push(`401 from ${new URL(res.url()).pathname}`);
    });
    return problems;
  }

  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const isSignedIn = async (c: Client) => (await c.get('/api/spaces')).statusCode === 200;

  async function signInThroughPage(page: Page, email: string, password: string) {
    await page.goto(new URL('/login', stack.url).href);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your spaces' }).waitFor();
  }

  it('signed-out pages ask for nothing the server refuses: no 401, no console error, no overflow at 390 px', async () => {
    const context: BrowserContext = await newContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const problems = watch(page);
    // Members-only pages send a visitor to sign in, with the way back in the address.
    for (const where of ['/', '/settings', '/notifications', '/search?q=refunds', `/c/${randomUUID()}`, `/s/${randomUUID()}/members`]) {
      await page.goto(new URL(where, stack.url).href);
      await page.waitForURL((url) => url.pathname === '/login');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(new URL(page.url()).searchParams.get('next'), where).toBe(where === '/' ? null : where);
    }
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    for (const [where, heading] of [
      ['/signup', 'Create an account'],
      ['/password-reset', 'Forgot your password?'],
    ]) {
      await page.goto(new URL(where, stack.url).href);
      await page.getByRole('heading', { name: heading }).waitFor();
      expect(await overflow(page), where).toBeLessThanOrEqual(0);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('settings: changes the name, revokes another session at once, makes and revokes an API token', async () => {
    const ana = (await Client.signUp(stack.app, 'Ana')) as Signed; // a session elsewhere (a script, another device)
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watch(page);
    await signInThroughPage(page, ana.email, PASSWORD);

    await page.getByRole('button', { name: 'Ana' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();

    // Profile: the new name shows in the header at once.
    await page.getByLabel('Your name').fill('Ana López');
    await page.getByRole('button', { name: 'Change name' }).click();
    await page.getByText('Name changed.').waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Ana López' }).waitFor();
    expect((await ana.get('/api/me')).json().user.name).toBe('Ana López');

    // Sessions: this browser marked, the other one revoked and signed out at once.
    const sessions = page.getByTestId('session');
    await expect.poll(() => sessions.count()).toBe(2);
    const current = page.locator('[data-testid=session][data-current=true]');
    expect(await current.textContent()).toMatch(/Chrome on Linux[\s\S]*This session/);
    expect(await current.textContent()).toContain('127.0.0.1');
    const other = page.locator('[data-testid=session][data-current=false]');
    await other.getByRole('button', { name: 'Revoke' }).click();
    await other.getByRole('button', { name: 'Sign it out' }).click();
    await expect.poll(() => sessions.count()).toBe(1);
    expect(await isSignedIn(ana)).toBe(false);

    // API tokens: the secret once, then only the name; revoked, it stops working at once.
    await page.getByLabel('New token’s name').fill('nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('token-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = page.getByTestId('api-token').filter({ hasText: 'nightly export' });
    await token.getByText('never used').waitFor();
    const asToken = () => stack.app.inject({ method: 'GET', url: '/api/spaces', headers: { authorization: `Bearer ${secret}` } });
    expect((await asToken()).statusCode).toBe(200);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings.png'), fullPage: true });

    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByTestId('token-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret); // gone from the page for good
    await token.getByRole('button', { name: 'Revoke' }).click();
    await token.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('No tokens yet.').waitFor();
    expect((await asToken()).statusCode).toBe(401);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('resets a forgotten password from the link in the .eml in the outbox, then signs in with the new one', async () => {
    const ben = (await Client.signUp(stack.app, 'Ben')) as Signed;
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(new URL('/login', stack.url).href);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    const seen = new Set(outboxEmails(outboxDir).map((m) => m.file));
    await page.getByLabel('Email').fill(ben.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByText(/If an account uses this email address, we sent it a link/).waitFor();

    const mail = await waitForEmail(outboxDir, ben.email, 'password-reset', seen);
    expect(mail.subject).toBe('Reset your Colloquy password');
    const link = mail.body.match(/http:\/\/[^\s"<>]+\/password-reset#token=[A-Za-z0-9_-]+/)?.[0];
    expect(link, mail.body).toBeTruthy();
    expect(link!.startsWith(`${stack.url}/`)).toBe(true); // where the server listens

    await page.goto(link!);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await expect.poll(() => page.url()).not.toContain('token='); // not left in the address bar or history
    await page.getByLabel('New password', { exact: true }).fill('a fresh start at last');
    await page.getByLabel('New password again').fill('a fresh start at last');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await page.getByText(`every session of ${ben.email} is signed out`).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'password-reset.png'), fullPage: true });
    expect(await isSignedIn(ben)).toBe(false); // the session it had before is out

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.getByLabel('Email').fill(ben.email);
    await page.getByLabel('Password').fill('a fresh start at last');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your spaces' }).waitFor();

    // The link worked once: opened again, it says so.
    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill('yet another password');
    await page.getByLabel('New password again').fill('yet another password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('this password reset link was already used', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Ask for a new link' }).waitFor();
    // Its refusal (410) is the only error the browser logged.
    expect(problems.filter((p) => !/status of 410/.test(p))).toEqual([]);
    await context.close();
  });
});
