/**
 * How the API process serves the web app (services/src/http/web.ts), on a small stand-in build so
 * this test needs neither `npm run build` nor a browser.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const BOOT = '\n{ __sveltekit_x = { base: "" }; import("/_app/immutable/entry/start.abc.js"); }\n';
const ANNOUNCER_STYLE = 'position: absolute; left: 0; width: 1px';
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

let t: TestApp;
let built: FastifyInstance;
let unbuilt: FastifyInstance;
let root: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-web-'));
  const write = (rel: string, body: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body);
  };
  write(
    'index.html',
    `<!doctype html><html><head><link href="/_app/immutable/entry/start.abc.js" rel="modulepreload"></head><body><div><script>${BOOT}</script></div></body></html>`,
  );
  const js = `const t = '<div id="svelte-announcer" style="${ANNOUNCER_STYLE}"></div>'; export { t };`;
  write('_app/immutable/entry/start.abc.js', js);
  write('_app/immutable/entry/start.abc.js.gz', gzipSync(js));
  write('_app/version.json', '{"version":"1"}');
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  write('.secret', 'no');

  t = await startTestApp();
  built = await buildApp(t.runtime, { webRoot: root });
  unbuilt = await buildApp(t.runtime, { webRoot: path.join(root, 'missing') });
});
afterAll(async () => {
  await built?.close();
  await unbuilt?.close();
  await t?.close({ remove: true });
  fs.rmSync(root, { recursive: true, force: true });
});

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('serving the web app', () => {
  it('answers every page outside /api with index.html under a strict policy', async () => {
    for (const url of ['/', '/c/8f7e3a2c-0000-4000-8000-000000000000?t=12&s=abc', '/x/some-token', '/index.html']) {
      const res = await built.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('__sveltekit_x');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain(`script-src 'self' 'wasm-unsafe-eval' ${sha(BOOT)}`);
      expect(csp).toContain(`style-src 'self' 'unsafe-hashes' ${sha(ANNOUNCER_STYLE)}`);
      expect(csp).toContain("media-src 'self' blob:");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:/);
    }
    expect((await built.inject({ url: '/x/some-token', headers: html })).headers['referrer-policy']).toBe('no-referrer');
    expect((await built.inject({ url: '/i/some-token', headers: html })).headers['referrer-policy']).toBe('no-referrer');
    expect((await built.inject({ url: '/s/1', headers: html })).headers['referrer-policy']).toBe('same-origin');
  });

  it('serves files with long-lived caching for hashed assets only', async () => {
    const asset = await built.inject({ url: '/_app/immutable/entry/start.abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-security-policy']).toBeUndefined();

    const gz = await built.inject({ url: '/_app/immutable/entry/start.abc.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');

    const version = await built.inject({ url: '/_app/version.json' });
    expect(version.headers['cache-control']).toBe('no-cache');
    expect((await built.inject({ url: '/favicon.svg' })).statusCode).toBe(200);
  });

  it('leaves /api alone and never serves what is not in the build', async () => {
    const api = await built.inject({ url: '/api/nope', headers: html });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('E_NOT_FOUND');
    expect((await built.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect((await built.inject({ url: '/api/docs/json' })).json().openapi).toBeTruthy();

    // A missing asset is a 404, not the app: a script must not receive HTML.
    expect((await built.inject({ url: '/_app/immutable/entry/gone.js', headers: { accept: '*/*' } })).statusCode).toBe(404);
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/_app/..%2f..%2fpackage.json', '/.secret']) {
      const res = await built.inject({ url, headers: { accept: '*/*' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('"name"');
    }
    // A POST to a page is no page.
    expect((await built.inject({ method: 'POST', url: '/c/1', headers: html })).statusCode).toBe(404);
  });

  it('says how to build the web app when it is missing, and the API still works', async () => {
    const res = await unbuilt.inject({ url: '/', headers: html });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    expect((await unbuilt.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect((await unbuilt.inject({ url: '/api/nope' })).json().error.code).toBe('E_NOT_FOUND');
  });
});
