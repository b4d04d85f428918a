import { randomUUID } from 'node:crypto';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../src/core/secrets.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

/**
 * Everything under /api needs a signed-in user, except these operations (registered in app.ts's
 * public scope). Adding a route to the public scope without listing it here fails this test, and so
 * does listing one here that turns out to need a session.
 */
const PUBLIC = [
  'POST /api/auth/signup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  // Who is signed in: { user: null } for a visitor; and a forgotten password.
  'GET /api/me',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/confirm',
  'GET /api/health',
  'GET /api/health/ai',
  // The outside expert's link: the token is the credential.
  'GET /api/x/{token}',
  'GET /api/x/{token}/media',
  'POST /api/x/{token}/replies',
  // The candidate's link: the token is the credential.
  'GET /api/i/{token}',
  'POST /api/i/{token}/consent',
  'GET /api/i/{token}/questions/{qid}/prompt-media',
  'POST /api/i/{token}/questions/{qid}/takes',
  'POST /api/i/{token}/questions/{qid}/uploads',
  'GET /api/i/{token}/uploads/{uploadId}',
  'PUT /api/i/{token}/uploads/{uploadId}',
  'POST /api/i/{token}/uploads/{uploadId}/complete',
  'POST /api/i/{token}/complete',
  'POST /api/i/{token}/deletion',
  // The live round: an advanced candidate picks a slot with the same link.
  'GET /api/i/{token}/live',
  'POST /api/i/{token}/live/slot',
].sort();

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

let t: TestApp;
let doc: OpenAPIV3.Document;
beforeAll(async () => {
  t = await startTestApp();
  const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' }); // the docs are public too
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(() => t.close({ remove: true }));

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item?.[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, method: m, path, op: item![m]! })),
  );

/** A concrete URL for a templated path: a random uuid for ids, a token-looking string for tokens. */
const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'token' ? newToken() : randomUUID()));

describe('routes are guarded by default', () => {
  it('the document lists the routes (sanity: an empty document would pass everything below)', () => {
    const keys = operations().map((o) => o.key);
    expect(keys.length).toBeGreaterThan(80);
    expect(keys).toEqual(expect.arrayContaining([...PUBLIC, 'GET /api/spaces', 'GET /api/me/sessions']));
  });

  it('an anonymous caller gets 401 or 404 everywhere but the public list, and only the public list answers otherwise', async () => {
    const answeredWithout401: string[] = [];
    const refusedOther: string[] = [];
    for (const { key, method, path } of operations()) {
      const unsafe = method !== 'get' && method !== 'delete';
      const res = await t.app.inject({
        method: method.toUpperCase() as 'GET',
        url: fill(path),
        ...(unsafe ? { payload: {} } : {}),
      });
      if (res.statusCode !== 401) answeredWithout401.push(key);
      if (!PUBLIC.includes(key) && res.statusCode !== 401 && res.statusCode !== 404) refusedOther.push(`${key} → ${res.statusCode}`);
      if (res.statusCode === 401) expect(res.json().error.code, key).toBe('E_UNAUTHORIZED');
    }
    expect(refusedOther).toEqual([]);
    expect(answeredWithout401.sort()).toEqual(PUBLIC);
  });

  it('the document marks exactly the public list as open to anonymous callers (security: [])', () => {
    const open = operations()
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ key }) => key)
      .sort();
    expect(open).toEqual(PUBLIC);
  });

  it('every operation has an operationId and a 2xx answer with a schema', () => {
    const lacking = operations()
      .filter(({ op }) => {
        const success = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2'));
        const hasSchema = success.some(([, r]) => Object.values((r as OpenAPIV3.ResponseObject).content ?? {}).some((c) => c.schema));
        return !op.operationId || !hasSchema;
      })
      .map(({ key }) => key);
    expect(lacking).toEqual([]);
  });

  it('operationIds are unique', () => {
    const ids = operations().flatMap(({ op }) => op.operationId ?? []);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
