/**
 * A person's own account through the API: their name, their password (changing it signs out their
 * other sessions), their sessions and API tokens (listed without secrets, revoked at once), and a
 * password reset by email (the same answer whether or not the address has an account, a random
 * single-use token stored hashed, expiry, rate limits), read from the real .eml in the outbox.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/core/secrets.ts';
import { Client, startTestApp, type TestApp } from './helpers/app.ts';
import { outboxEmails, waitForEmail } from './helpers/interview.ts';
import { waitFor } from './helpers/wait.ts';

const PASSWORD = 'correct horse battery';
const PUBLIC_URL = 'https://colloquy.example.org';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let t: TestApp;
let outboxDir: string;
beforeAll(async () => {
  outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-accounts-outbox-'));
  t = await startTestApp({ OUTBOX_DIR: outboxDir, PUBLIC_URL, PASSWORD_RESET_MINUTES: '45' });
});
afterAll(async () => {
  await t.close({ remove: true });
  fs.rmSync(outboxDir, { recursive: true, force: true });
});

/** Each test's requests come from its own address, so the per-address limits of one test do not spill into another. */
let addressCounter = 10;
const newAddress = () => `198.51.100.${addressCounter++}`;

/** A second signed-in browser of the same person. */
async function signIn(email: string, password = PASSWORD, headers: Record<string, string> = {}, remoteAddress = newAddress()) {
  const c = new Client(t.app);
  const res = await c.request({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers, remoteAddress });
  return { client: c, res };
}

const codeOf = (res: LightMyRequestResponse) => res.json().error?.code;
const isSignedIn = async (c: Client) => (await c.get('/api/spaces')).statusCode === 200;
const bearer = (token: string, url = '/api/spaces') => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('who is signed in', () => {
  it('answers 200 with user null for a visitor, and for a cookie that names no session', async () => {
    const visitor = await new Client(t.app).get('/api/me');
    expect(visitor.statusCode).toBe(200);
    expect(visitor.json()).toEqual({ user: null });
    const stale = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'colloquy_session=not-a-session' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ user: null });
  });
});

describe('profile', () => {
  it('changes the name; a blank or multi-line name is refused and a visitor gets 401', async () => {
    const ana = await Client.signUp(t.app, 'Ana');
    const res = await ana.request({ method: 'PATCH', url: '/api/me', payload: { name: '  Ana López ' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ id: ana.userId, name: 'Ana López', email: ana.email });
    expect((await ana.get('/api/me')).json().user.name).toBe('Ana López');

    for (const name of ['   ', '', 'Ana\nLópez', 'x'.repeat(201)]) {
      const bad = await ana.request({ method: 'PATCH', url: '/api/me', payload: { name } });
      expect(bad.statusCode, JSON.stringify(name)).toBe(400);
      expect(codeOf(bad)).toBe('E_VALIDATION');
    }
    expect((await ana.get('/api/me')).json().user.name).toBe('Ana López');
    const visitor = await new Client(t.app).request({ method: 'PATCH', url: '/api/me', payload: { name: 'Mallory' } });
    expect(visitor.statusCode).toBe(401);
  });
});

describe('changing the password', () => {
  it('needs the current password, refuses a weak or too-long one, and signs out the other sessions only', async () => {
    const ben = await Client.signUp(t.app, 'Ben');
    const { client: laptop } = await signIn(ben.email, PASSWORD, { 'user-agent': FIREFOX });
    const token = (await ben.post('/api/tokens', { name: 'backup script' })).json().token as string;
    const change = (currentPassword: string, newPassword: string) =>
      ben.post('/api/me/password', { currentPassword, newPassword }) as Promise<LightMyRequestResponse>;

    const wrong = await change('not my password', 'a brand new passphrase');
    expect(wrong.statusCode).toBe(403);
    expect(codeOf(wrong)).toBe('E_WRONG_PASSWORD');
    const weak = await change(PASSWORD, 'short');
    expect([weak.statusCode, codeOf(weak)]).toEqual([400, 'E_WEAK_PASSWORD']);
    expect(codeOf(await change(PASSWORD, ben.email))).toBe('E_WEAK_PASSWORD');
    const long = await change(PASSWORD, 'long '.repeat(60));
    expect([long.statusCode, codeOf(long)]).toEqual([400, 'E_PASSWORD_TOO_LONG']);
    // Nothing was changed by the refusals: the laptop is still in.
    expect(await isSignedIn(laptop)).toBe(true);

    const ok = await change(PASSWORD, 'a brand new passphrase');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ signedOut: 1 });
    expect(await isSignedIn(ben)).toBe(true); // this session stays
    expect(await isSignedIn(laptop)).toBe(false); // the other one is out at once
    expect((await laptop.get('/api/me')).json()).toEqual({ user: null });
    expect((await bearer(token)).statusCode).toBe(200); // API tokens are separate credentials

    expect((await signIn(ben.email, PASSWORD)).res.statusCode).toBe(401);
    expect((await signIn(ben.email, 'a brand new passphrase')).res.statusCode).toBe(200);
  });

  it('is rate-limited per user, so a stolen session cannot guess the current password at leisure', async () => {
    const cleo = await Client.signUp(t.app, 'Cleo');
    // 10 a minute (AUTH_RATE_LIMIT) in fixed windows: of 21 attempts, some window sees an 11th, whenever the minute turns.
    const codes: number[] = [];
    for (let i = 0; i < 21; i++)
      codes.push((await cleo.post('/api/me/password', { currentPassword: `guess ${i}`, newPassword: 'whatever it is' })).statusCode);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(codes).toContain(429);
    expect(new Set(codes)).toEqual(new Set([403, 429]));
  });
});

describe('sessions', () => {
  it('lists my sessions with where and when, marks this one, and never shows their secrets', async () => {
    const dana = await Client.signUp(t.app, 'Dana');
    const address = newAddress();
    const { client: phone } = await signIn(dana.email, PASSWORD, { 'user-agent': SAFARI }, address);
    const res = await phone.get('/api/me/sessions');
    expect(res.statusCode).toBe(200);
    const sessions = res.json().sessions as {
      id: string;
      createdAt: string;
      current: boolean;
      userAgent: string | null;
      address: string | null;
    }[];
    expect(sessions).toHaveLength(2);
    const mine = sessions.find((s) => s.current)!;
    expect(mine).toMatchObject({ userAgent: SAFARI, address });
    expect(new Date(mine.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const stored = await t.runtime.db.query<{ token_hash: string }>(`select token_hash from sessions where user_id = $1`, [dana.userId]);
    for (const { token_hash } of stored) expect(res.body).not.toContain(token_hash);
    expect(res.body).not.toContain(phone.cookie.replace('colloquy_session=', ''));
    // The first session sees the same two, itself marked.
    const fromFirst = (await dana.get('/api/me/sessions')).json().sessions as { id: string; current: boolean }[];
    expect(fromFirst.find((s) => s.current)!.id).not.toBe(mine.id);
  });

  it('revokes another session at once; someone else’s session is 404; revoking this one signs me out', async () => {
    const eve = await Client.signUp(t.app, 'Eve');
    const { client: tablet } = await signIn(eve.email);
    const tabletId = ((await tablet.get('/api/me/sessions')).json().sessions as { id: string; current: boolean }[]).find(
      (s) => s.current,
    )!.id;

    const stranger = await Client.signUp(t.app, 'Stranger');
    const refused = await stranger.request({ method: 'DELETE', url: `/api/me/sessions/${tabletId}` });
    expect(refused.statusCode).toBe(404);
    expect(await isSignedIn(tablet)).toBe(true);

    const revoked = await eve.request({ method: 'DELETE', url: `/api/me/sessions/${tabletId}` });
    expect(revoked.statusCode).toBe(204);
    expect(await isSignedIn(tablet)).toBe(false);
    expect(((await eve.get('/api/me/sessions')).json().sessions as unknown[]).length).toBe(1);
    expect((await eve.request({ method: 'DELETE', url: `/api/me/sessions/${tabletId}` })).statusCode).toBe(404);

    const ownId = ((await eve.get('/api/me/sessions')).json().sessions as { id: string }[])[0].id;
    const self = await eve.request({ method: 'DELETE', url: `/api/me/sessions/${ownId}` });
    expect(self.statusCode).toBe(204);
    expect(self.cookies.find((c) => c.name === 'colloquy_session')?.value).toBe('');
    expect((await eve.get('/api/me')).json()).toEqual({ user: null });
  });
});

describe('API tokens', () => {
  it('shows the secret once, lists tokens without it, records their use, and revokes one at once', async () => {
    const finn = await Client.signUp(t.app, 'Finn');
    const created = await finn.post('/api/tokens', { name: 'nightly export' });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.runtime.db.query<{ token_hash: string }>(`select token_hash from api_tokens where id = $1`, [id]);
    expect(stored[0].token_hash).toBe(hashToken(token)); // only the hash is kept

    let list = await finn.get('/api/tokens');
    expect(list.statusCode).toBe(200);
    expect(list.json().tokens).toEqual([{ id, name: 'nightly export', createdAt: expect.any(String), lastUsedAt: null, expiresAt: null }]);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(stored[0].token_hash);

    expect((await bearer(token)).statusCode).toBe(200);
    list = await finn.get('/api/tokens');
    expect(list.json().tokens[0].lastUsedAt).not.toBeNull();

    // Someone else's token: not theirs to see or revoke.
    const gus = await Client.signUp(t.app, 'Gus');
    expect((await gus.get('/api/tokens')).json().tokens).toEqual([]);
    expect((await gus.request({ method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(404);
    expect((await bearer(token)).statusCode).toBe(200);

    expect((await finn.request({ method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(204);
    const after = await bearer(token);
    expect(after.statusCode).toBe(401);
    expect((await bearer(token, '/api/me')).json()).toEqual({ user: null });
    expect((await finn.get('/api/tokens')).json().tokens).toEqual([]);
  });

  it('refuses a blank token name', async () => {
    const hal = await Client.signUp(t.app, 'Hal');
    const res = await hal.post('/api/tokens', { name: '   ' });
    expect([res.statusCode, codeOf(res)]).toEqual([400, 'E_VALIDATION']);
  });
});

describe('password reset by email', () => {
  const ask = (email: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email }, remoteAddress });
  const confirm = (token: string, password: string, remoteAddress = newAddress()) =>
    t.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token, password }, remoteAddress });
  const tokenIn = (body: string) => {
    const match = body.match(/\/password-reset#token=([A-Za-z0-9_-]+)/);
    if (!match) throw new Error('no reset link in the email');
    return match[1];
  };
  const seenNow = () => new Set(outboxEmails(outboxDir).map((m) => m.file));

  it('answers the same whether or not the address has an account, and mails only a real one', async () => {
    const ivy = await Client.signUp(t.app, 'Ivy');
    const seen = seenNow();
    const known = await ask(ivy.email, newAddress());
    const unknown = await ask('nobody-here@example.org', newAddress());
    expect(known.statusCode).toBe(202);
    expect([unknown.statusCode, unknown.body]).toEqual([known.statusCode, known.body]);
    expect(known.json().message).toMatch(/if an account uses this email address/i);

    const mail = await waitForEmail(outboxDir, ivy.email, 'password-reset', seen);
    expect(mail.subject).toBe('Reset your Colloquy password');
    expect(mail.body).toContain(`${PUBLIC_URL}/password-reset#token=`);
    expect(mail.body).toContain('45 minutes');
    const rows = await t.runtime.db.query<{ to_email: string }>(`select to_email from outbox where kind = 'password-reset'`);
    expect(rows.map((r) => r.to_email)).not.toContain('nobody-here@example.org');
  });

  it('sets a new password once with the emailed token, signs out every session, and stores only a hash', async () => {
    const jo = await Client.signUp(t.app, 'Jo');
    const { client: other } = await signIn(jo.email);
    const token = (await jo.post('/api/tokens', { name: 'ci' })).json().token as string;
    const seen = seenNow();
    expect((await ask(jo.email.toUpperCase(), newAddress())).statusCode).toBe(202); // any case of the address
    const resetToken = tokenIn((await waitForEmail(outboxDir, jo.email, 'password-reset', seen)).body);

    const stored = await t.runtime.db.query<{ token_hash: string; created_at: Date; expires_at: Date }>(
      `select r.token_hash, r.created_at, r.expires_at from password_resets r join users u on u.id = r.user_id where u.id = $1`,
      [jo.userId],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).toBe(hashToken(resetToken));
    expect(stored[0].expires_at.getTime() - stored[0].created_at.getTime()).toBe(45 * 60_000); // PASSWORD_RESET_MINUTES
    // Delivered: the outbox table forgets the body with the link.
    const outboxRow = await waitFor(
      'the reset email to be marked delivered',
      async () =>
        (
          await t.runtime.db.query<{ text_body: string; status: string }>(
            `select text_body, status from outbox where kind = 'password-reset' and to_email = $1`,
            [jo.email],
          )
        )[0],
      { until: (row) => row?.status !== 'pending' },
    );
    expect(outboxRow).toEqual({ text_body: '', status: 'written' });

    // A weak password is refused and leaves the link usable.
    const weak = await confirm(resetToken, 'short');
    expect([weak.statusCode, codeOf(weak)]).toEqual([400, 'E_WEAK_PASSWORD']);
    expect(await isSignedIn(jo)).toBe(true);

    const done = await confirm(resetToken, 'a fresh start at last');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ email: jo.email, signedOut: 2 });
    expect(await isSignedIn(jo)).toBe(false);
    expect(await isSignedIn(other)).toBe(false);
    expect((await bearer(token)).statusCode).toBe(200); // API tokens are listed and revoked on their own
    expect((await signIn(jo.email, PASSWORD)).res.statusCode).toBe(401);
    expect((await signIn(jo.email, 'a fresh start at last')).res.statusCode).toBe(200);

    const again = await confirm(resetToken, 'yet another password');
    expect([again.statusCode, codeOf(again)]).toEqual([410, 'E_RESET_LINK_USED']);
    expect((await signIn(jo.email, 'yet another password')).res.statusCode).toBe(401);
  });

  it('refuses an unknown token and an expired one, each with its own code', async () => {
    const unknown = await confirm('A'.repeat(43), 'a fine new password');
    expect([unknown.statusCode, codeOf(unknown)]).toEqual([404, 'E_RESET_LINK_INVALID']);

    const kim = await Client.signUp(t.app, 'Kim');
    const seen = seenNow();
    await ask(kim.email, newAddress());
    const resetToken = tokenIn((await waitForEmail(outboxDir, kim.email, 'password-reset', seen)).body);
    // 46 minutes later, as far as the database is concerned: the link was made to last 45.
    await t.runtime.db.query(
      `update password_resets set created_at = created_at - interval '46 minutes', expires_at = expires_at - interval '46 minutes' where token_hash = $1`,
      [hashToken(resetToken)],
    );
    const expired = await confirm(resetToken, 'a fine new password');
    expect([expired.statusCode, codeOf(expired)]).toEqual([410, 'E_RESET_LINK_EXPIRED']);
    expect(await isSignedIn(kim)).toBe(true);
    expect((await signIn(kim.email, PASSWORD)).res.statusCode).toBe(200);
  });

  it('a password change closes the reset links already sent', async () => {
    const lea = await Client.signUp(t.app, 'Lea');
    const seen = seenNow();
    await ask(lea.email, newAddress());
    const resetToken = tokenIn((await waitForEmail(outboxDir, lea.email, 'password-reset', seen)).body);
    expect((await lea.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'changed it myself' })).statusCode).toBe(200);
    expect(codeOf(await confirm(resetToken, 'an attacker’s choice'))).toBe('E_RESET_LINK_USED');
  });

  it('rate-limits per email whatever the address, and per address whatever the email, the same for unknown emails', async () => {
    const max = await Client.signUp(t.app, 'Max');
    const perEmail: number[] = [];
    for (let i = 0; i < 4; i++) perEmail.push((await ask(max.email, newAddress())).statusCode);
    expect(perEmail).toEqual([202, 202, 202, 429]);
    const unknownPerEmail: number[] = [];
    for (let i = 0; i < 4; i++) unknownPerEmail.push((await ask('ghost@example.org', newAddress())).statusCode);
    expect(unknownPerEmail).toEqual(perEmail); // a limit that differed would tell which addresses have accounts
    const emails = await t.runtime.db.query<{ n: number }>(`select count(*)::int as n from outbox where to_email = $1`, [max.email]);
    expect(emails[0].n).toBe(3);

    // AUTH_RATE_LIMIT (10) a minute per address, in fixed windows: of 21, some window sees an 11th.
    const address = newAddress();
    const perAddress: LightMyRequestResponse[] = [];
    for (let i = 0; i < 21; i++) perAddress.push(await ask(`someone-${i}@example.org`, address));
    expect(perAddress.slice(0, 10).map((r) => r.statusCode)).toEqual(Array(10).fill(202));
    const limited = perAddress.find((r) => r.statusCode !== 202)!;
    expect(limited.statusCode).toBe(429);
    expect(codeOf(limited)).toBe('E_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
