import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, unauthorized } from '../core/errors.ts';
import { hashToken } from '../core/secrets.ts';
import { stripControlChars } from '@colloquy/contract';
import { usersRepo, type Credential, type SessionOrigin, type UserRow } from '../db/repos/users.repo.ts';
import type { Services } from '../services.ts';

export const SESSION_COOKIE = 'colloquy_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | null;
    /** The session or API token the caller signed in with (null when not signed in). */
    credential: Credential | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A session's or token's "last used" is written at most this often: not one write per request. */
const TOUCH_EVERY_MINUTES = 5;

/**
 * Resolves the caller from the session cookie or an `Authorization: Bearer` API token.
 * CSRF: a cookie-authenticated unsafe request must come from our own origin (Origin /
 * Sec-Fetch-Site checked, per OWASP); bearer tokens are not sent by browsers on their own.
 */
export function installAuth(app: FastifyInstance, s: Services) {
  app.decorateRequest('user', null);
  app.decorateRequest('credential', null);
  app.addHook('onRequest', async (request) => {
    // The web app's files are the same for everyone: no session lookup per asset.
    if (!request.url.startsWith('/api/')) return;
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = request.cookies[SESSION_COOKIE];
    const token = bearer ?? cookie;
    if (!token) return;
    if (!bearer && UNSAFE.has(request.method)) assertSameOrigin(request);
    const found = await usersRepo(s.db).byTokenHash(hashToken(token));
    if (!found) return;
    request.user = found.user;
    request.credential = found.credential;
    const { lastUsedAt } = found.credential;
    if (!lastUsedAt || Date.now() - lastUsedAt.getTime() > TOUCH_EVERY_MINUTES * 60_000)
      await usersRepo(s.db).touch(found.credential, TOUCH_EVERY_MINUTES);
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

/** The session the caller signed in with, if it was a session cookie (not an API token). */
export const currentSessionId = (request: FastifyRequest) => (request.credential?.kind === 'session' ? request.credential.id : null);

/** Where a new session comes from, for its owner's list of sessions. */
export function sessionOrigin(request: FastifyRequest): SessionOrigin {
  const agent = request.headers['user-agent'];
  return { userAgent: agent ? stripControlChars(agent).slice(0, 400) : null, address: request.ip || null };
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
