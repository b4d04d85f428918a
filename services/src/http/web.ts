import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/**
 * The web app (web/, a SvelteKit single-page app built to static files) served by the API process:
 * - files under the build folder as they are, hashed assets under /_app/immutable cached for a year;
 * - every other GET that asks for HTML, outside /api, gets index.html, which boots the app and
 *   routes in the browser (so /c/<id>?t=… and /x/<token> work on reload);
 * - /api/* is never touched: an unknown API path is still the JSON 404.
 * The HTML carries a strict Content-Security-Policy: our origin only, plus the hashes of the one
 * inline script SvelteKit writes to start the app and of the fixed style attributes compiled into
 * the bundle (SvelteKit's visually hidden route announcer).
 */

export const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/build');

const IMMUTABLE = /^\/_app\/immutable\//;

export async function registerWeb(app: FastifyInstance, options: { root?: string } = {}) {
  const root = path.resolve(options.root ?? DEFAULT_WEB_ROOT);
  const indexFile = path.join(root, 'index.html');
  if (!fs.existsSync(indexFile))
    app.log.warn({ root }, 'the web app is not built: run `npm run build` (npm start does it when the build is missing)');

  // reply.sendFile only: the route below decides what each path means.
  await app.register(fastifyStatic, {
    root,
    serve: false,
    preCompressed: true, // adapter-static writes .br and .gz next to each file
    cacheControl: false,
    dotfiles: 'deny',
    setHeaders: (reply, file) => {
      const rel = `/${path.relative(root, file).split(path.sep).join('/')}`;
      reply.header('cache-control', IMMUTABLE.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('x-content-type-options', 'nosniff');
    },
  });

  const index = indexCache(root);

  app.get('/*', { schema: { hide: true }, logLevel: 'warn' }, (request, reply) => {
    const pathname = request.url.split('?')[0];
    if (pathname === '/api' || pathname.startsWith('/api/')) return reply.callNotFound();

    const file = staticFile(root, pathname);
    if (file && file !== 'index.html') return reply.sendFile(file);

    const wantsHtml = pathname === '/' || file === 'index.html' || acceptsHtml(request);
    if (!wantsHtml) return reply.callNotFound();
    const html = index.read();
    if (!html) return sendNotBuilt(reply, root);
    return sendHtml(reply, html.body, html.csp, pathname);
  });
}

/** The file under root a URL path names, as a path relative to root; null for none (or a folder). */
function staticFile(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // No parent folders, no dotfiles (nor "." and ".." segments).
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((seg) => seg.startsWith('.'))) return null;
  const abs = path.resolve(root, `.${decoded}`);
  if (!abs.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(abs).isFile() ? path.relative(root, abs).split(path.sep).join('/') : null;
  } catch {
    return null;
  }
}

function acceptsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}

/** index.html and its policy, made again when a new build replaces it. */
function indexCache(root: string) {
  const file = path.join(root, 'index.html');
  let cached: { mtimeMs: number; body: string; csp: string } | null = null;
  return {
    read() {
      let mtimeMs: number;
      try {
        mtimeMs = fs.statSync(file).mtimeMs;
      } catch {
        return null;
      }
      if (cached?.mtimeMs !== mtimeMs) {
        const body = fs.readFileSync(file, 'utf8');
        cached = { mtimeMs, body, csp: contentSecurityPolicy(inlineScriptHashes(body), bundledStyleAttributeHashes(root)) };
      }
      return cached;
    },
  };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** CSP source expressions for each inline <script> (SvelteKit's boot script). */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => sha256(m[1]));
}

/**
 * Hashes of the fixed style="…" attributes in the built scripts' HTML templates. Only exact
 * strings compiled into our own bundle are allowed, never a style computed at run time.
 */
export function bundledStyleAttributeHashes(root: string): string[] {
  const hashes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.js'))
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bstyle=\\?"([^"\\<>{}$]+)\\?"/g)) hashes.add(sha256(m[1]));
    }
  };
  const immutable = path.join(root, '_app', 'immutable');
  if (fs.existsSync(immutable)) walk(immutable);
  return [...hashes];
}

/**
 * Our own origin only. media-src allows blob: for recordings previewed before upload;
 * 'wasm-unsafe-eval' and blob: workers are for ffmpeg.wasm (trimming in the browser).
 */
export function contentSecurityPolicy(scriptHashes: string[], styleAttributeHashes: string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${scriptHashes.join(' ')}`.trim(),
    styleAttributeHashes.length ? `style-src 'self' 'unsafe-hashes' ${styleAttributeHashes.join(' ')}` : "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendHtml(reply: FastifyReply, body: string, csp: string, pathname: string) {
  return (
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      // Expert (/x/) and candidate (/i/) links carry their token in the address: never send it on as a referrer.
      .header('referrer-policy', /^\/[xi]\//.test(pathname) ? 'no-referrer' : 'same-origin')
      .send(body)
  );
}

function sendNotBuilt(reply: FastifyReply, root: string) {
  const body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Colloquy</title>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Colloquy is running, but its web app is not built</h1>
<p>Build it once with <code>npm run build</code> (or start with <code>npm start</code>, which builds it when it is missing), then reload this page.</p>
<p>Looked for <code>${escapeHtml(path.join(root, 'index.html'))}</code>. The API works meanwhile: see <a href="/api/docs">/api/docs</a>.</p>
</body></html>`;
  return reply
    .status(503)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .send(body);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
