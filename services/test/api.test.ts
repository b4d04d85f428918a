import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ AUTH_RATE_LIMIT: '5' });
});
afterAll(() => t.close({ remove: true }));

const turns = [
  { speaker: 'Ana', text: 'We should ship the Android app in March.', startMs: 0, endMs: 4000 },
  { speaker: 'Ben', text: 'Why March and not April?', startMs: 4500, endMs: 6500 },
];

describe('accounts', () => {
  it('signs up, reads /api/me with the session cookie, signs out', async () => {
    const c = await Client.signUp(t.app, 'Ana');
    expect(c.cookie).toMatch(/^colloquy_session=/);
    const me = await c.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ email: c.email, name: 'Ana' });
    expect(me.json().user.passwordHash).toBeUndefined();

    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    // Nobody signed in: who-am-I answers without an error status; members-only routes answer 401.
    const after = await new Client(t.app).get('/api/me');
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ user: null });
    const spaces = await new Client(t.app).get('/api/spaces');
    expect(spaces.statusCode).toBe(401);
    expect(spaces.json().error.code).toBe('E_UNAUTHORIZED');
  });

  it('sets an httpOnly SameSite session cookie and stores only a hash of it', async () => {
    const c = new Client(t.app);
    const res = await c.post('/api/auth/signup', { email: 'cookie@example.org', password: 'long enough pw', name: 'C' });
    const cookie = res.cookies.find((k) => k.name === 'colloquy_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const rows = await t.runtime.db.query<{ token_hash: string }>(`select token_hash from sessions`);
    expect(rows.some((r) => r.token_hash === cookie.value)).toBe(false);
    const users = await t.runtime.db.query<{ password_hash: string }>(`select password_hash from users where email = 'cookie@example.org'`);
    expect(users[0].password_hash).toMatch(/^scrypt\$/);
  });

  it('refuses a duplicate email, a short password and a wrong password with clear errors', async () => {
    const a = await Client.signUp(t.app, 'Dup');
    const dup = await new Client(t.app).post('/api/auth/signup', { email: a.email.toUpperCase(), password: 'whatever123', name: 'X' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('E_EMAIL_TAKEN');
    const weak = await new Client(t.app).post('/api/auth/signup', { email: 'weak@example.org', password: 'short', name: 'X' });
    expect(weak.json().error.code).toBe('E_WEAK_PASSWORD');
    const bad = await new Client(t.app).post('/api/auth/login', { email: a.email, password: 'wrong password' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toEqual({ code: 'E_BAD_CREDENTIALS', message: 'wrong email or password' });
    const good = new Client(t.app);
    expect((await good.post('/api/auth/login', { email: a.email, password: 'correct horse battery' })).statusCode).toBe(200);
    expect((await good.get('/api/me')).statusCode).toBe(200);
  });

  it('rate-limits sign-in attempts', async () => {
    const a = await Client.signUp(t.app, 'Limited');
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await new Client(t.app).post('/api/auth/login', { email: a.email, password: 'nope nope' })).statusCode);
    expect(codes.slice(0, 5).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('refuses a cross-site request made with the session cookie (CSRF)', async () => {
    const c = await Client.signUp(t.app, 'Csrf');
    const cross = await c.request({
      method: 'POST',
      url: '/api/spaces',
      payload: { name: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error.code).toBe('E_CSRF');
    const fetchMeta = await c.request({
      method: 'POST',
      url: '/api/spaces',
      payload: { name: 'x' },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchMeta.statusCode).toBe(403);
    const same = await c.request({
      method: 'POST',
      url: '/api/spaces',
      payload: { name: 'x' },
      headers: { origin: 'http://localhost:3000', host: 'localhost:3000' },
    });
    expect(same.statusCode).toBe(201);
  });

  it('accepts a personal API token as a bearer credential', async () => {
    const c = await Client.signUp(t.app, 'Tokens');
    const created = await c.post('/api/tokens', { name: 'cli' });
    expect(created.statusCode).toBe(201);
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${created.json().token}` } });
    expect(res.json().user.email).toBe(c.email);
  });
});

describe('spaces, members and conferences', () => {
  it('lets an owner invite by email with a role; invites become memberships at sign-up', async () => {
    const { client: owner, space } = await spaceWithConference(t.app);
    const host = await Client.signUp(t.app, 'Host');
    const added = await owner.post(`/api/spaces/${space.id}/members`, { email: host.email, role: 'host' });
    expect(added.statusCode).toBe(201);
    expect(added.json().member).toMatchObject({ userId: host.userId, role: 'host', pending: false });

    const invited = await owner.post(`/api/spaces/${space.id}/members`, { email: 'Newcomer@Example.org', role: 'member' });
    expect(invited.json().member).toMatchObject({ userId: null, pending: true, email: 'newcomer@example.org' });
    const newcomer = new Client(t.app);
    await newcomer.post('/api/auth/signup', { email: 'newcomer@example.org', password: 'long enough pw', name: 'New' });
    const spaces = (await newcomer.get('/api/spaces')).json().spaces;
    expect(spaces).toEqual([expect.objectContaining({ id: space.id, role: 'member' })]);

    const members = (await owner.get(`/api/spaces/${space.id}`)).json().members;
    expect(members.map((m: { role: string }) => m.role).sort()).toEqual(['host', 'member', 'owner']);
  });

  it('lets owners and hosts create conferences, not members; hosts cannot make owners', async () => {
    const { client: owner, space } = await spaceWithConference(t.app);
    const host = await Client.signUp(t.app, 'H');
    const member = await Client.signUp(t.app, 'M');
    await owner.post(`/api/spaces/${space.id}/members`, { email: host.email, role: 'host' });
    await owner.post(`/api/spaces/${space.id}/members`, { email: member.email, role: 'member' });

    expect((await host.post(`/api/spaces/${space.id}/conferences`, { title: 'By host' })).statusCode).toBe(201);
    const byMember = await member.post(`/api/spaces/${space.id}/conferences`, { title: 'By member' });
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().error.code).toBe('E_FORBIDDEN');
    expect((await host.post(`/api/spaces/${space.id}/members`, { email: member.email, role: 'owner' })).statusCode).toBe(403);

    const list = (await member.get(`/api/spaces/${space.id}/conferences`)).json().conferences;
    expect(list.map((c: { title: string }) => c.title)).toEqual(['By host', 'Roadmap']);
  });

  it('validates input with a stable error code', async () => {
    const c = await Client.signUp(t.app, 'Val');
    const res = await c.post('/api/spaces', { name: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('E_VALIDATION');
    const unknownRoute = await c.get('/api/nope');
    expect(unknownRoute.json().error.code).toBe('E_NOT_FOUND');
  });
});

describe('an outsider', () => {
  it('gets 404 for every resource of a space they are not in', async () => {
    const { client: owner, space, conference } = await spaceWithConference(t.app);
    const posted = await owner.post(`/api/conferences/${conference.id}/transcripts`, { title: 'Sync', turns });
    const contribution = await waitForContribution(owner, posted.json().contribution.id);
    const statementId = (await owner.get(`/api/contributions/${contribution.id}`)).json().contribution.statements[0].id;
    expect(statementId).toBeTruthy();

    const outsider = await Client.signUp(t.app, 'Outsider');
    const attempts = [
      outsider.get(`/api/spaces/${space.id}`),
      outsider.get(`/api/spaces/${space.id}/conferences`),
      outsider.post(`/api/spaces/${space.id}/conferences`, { title: 'x' }),
      outsider.post(`/api/spaces/${space.id}/members`, { email: outsider.email }),
      outsider.get(`/api/conferences/${conference.id}`),
      outsider.post(`/api/conferences/${conference.id}/transcripts`, { turns }),
      outsider.get(`/api/contributions/${contribution.id}`),
      outsider.post(`/api/contributions/${contribution.id}/retry`),
      outsider.get(`/api/contributions/${contribution.id}/captions.vtt`),
      outsider.get(`/api/contributions/${contribution.id}/poster.jpg`),
      outsider.get(`/api/media/${contribution.id}`),
      outsider.post(`/api/conferences/${conference.id}/transcripts`, { turns, replyTo: statementId }),
    ];
    for (const res of await Promise.all(attempts)) {
      // each refusal looks the same as a resource that does not exist
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('E_NOT_FOUND');
    }
    expect((await outsider.get('/api/spaces')).json().spaces).toEqual([]);
  });
});

describe('health and docs', () => {
  it('reports the database, ffmpeg and transcriber, with details for signed-in callers', async () => {
    const signedIn = (await (await Client.signUp(t.app, 'Operator')).get('/api/health')).json();
    expect(signedIn.database).toEqual({ kind: 'pglite', pgvector: expect.stringMatching(/^0\.\d+/) });
    expect(signedIn.ffmpeg).toMatchObject({ ok: true, message: expect.stringContaining('ffprobe') });
    expect(signedIn.transcriber.provider).toBe('local');
    const anonymous = (await t.app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(anonymous).toMatchObject({ ok: signedIn.ok, database: { kind: 'pglite', pgvector: null } });
    expect(anonymous.ffmpeg).toEqual({ ok: true, message: 'available' }); // no paths or versions
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/conferences/{id}/contributions', '/api/conferences/{id}/transcripts', '/api/media/{contributionId}']),
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });
});
