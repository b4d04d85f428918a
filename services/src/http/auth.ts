import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, unauthorized } from '../core/errors.ts';
import { hashToken } from '../core/secrets.ts';
import { usersRepo, type UserRow } from '../db/repos/users.repo.ts';
import type { Services } from '../services.ts';

export const SESSION_COOKIE = 'colloquy_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the caller from the session cookie or an `Authorization: Bearer` API token.
 * CSRF: a cookie-authenticated unsafe request must come from our own origin (Origin /
 * Sec-Fetch-Site checked, per OWASP); bearer tokens are not sent by browsers on their own.
 */
export function installAuth(app: FastifyInstance, s: Services) {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    // The web app's files are the same for everyone: no session lookup per asset.
    if (!request.url.startsWith('/api/')) return;
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = request.cookies[SESSION_COOKIE];
    const token = bearer ?? cookie;
    if (!token) return;
    if (!bearer && UNSAFE.has(request.method)) assertSameOrigin(request);
    request.user = (await usersRepo(s.db).byTokenHash(hashToken(token))) ?? null;
  });
}

function assertSameOrigin(request: FastifyRequest) {
  const site = request.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') throw csrf();
  const origin = request.headers.origin;
  if (origin && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw csrf();
    }
    if (host !== request.headers.host) throw csrf();
  } else if (origin === 'null') throw csrf();
}

const csrf = () => new AppError('E_CSRF', 'cross-site request refused', 403);

/** The members-only scope's guard (app.ts): anyone not signed in gets 401 before any route runs. */
export async function signedInOnly(request: FastifyRequest) {
  if (!request.user) throw unauthorized();
}

/** The signed-in caller, for handlers in the members-only scope (where signedInOnly let them in). */
export function requireUser(request: FastifyRequest): UserRow {
  if (!request.user) throw unauthorized();
  return request.user;
}

export function setSessionCookie(reply: FastifyReply, s: Services, token: string | null) {
  reply.setCookie(SESSION_COOKIE, token ?? '', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: s.config.auth.secureCookies,
    maxAge: token ? s.config.auth.sessionDays * 86400 : 0,
  });
}
