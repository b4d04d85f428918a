import { accountOperations, sessionOperations } from '@colloquy/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { checkNewPassword } from '../../accounts/password-policy.ts';
import { RESET_REQUESTED, requestPasswordReset, resetPassword } from '../../accounts/password-reset.ts';
import { changePassword } from '../../accounts/passwords.ts';
import { AppError, badRequest, conflict, notFound } from '../../core/errors.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from '../../core/secrets.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { usersRepo } from '../../db/repos/users.repo.ts';
import { apiTokenView, sessionView, userView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';
import { currentSessionId, requireUser, SESSION_COOKIE, sessionOrigin, setSessionCookie } from '../auth.ts';
import { RateLimiter } from '../rate-limit.ts';
import { routeOf } from '../route.ts';

/** Reset links asked for one email address: at most this many per window, wherever they are asked from (no mail-bombing). */
const RESETS_PER_EMAIL = 3;
const RESET_EMAIL_WINDOW_S = 15 * 60;

/** Sign-up, sign-in, sign-out, who is signed in, and password reset (public scope). */
export async function sessionRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ops = sessionOperations;
  const users = usersRepo(s.db);
  // Sign-in is limited per address and email (guessing one password), and per address whatever the
  // email (spraying one password over many accounts); sign-up per address, more loosely since many
  // people may share one address. Counted in the database: every API process shares the limits.
  const perMinute = s.config.auth.rateLimitPerMinute;
  const limiter = new RateLimiter(s.db);
  const emailOf = (r: FastifyRequest) => String((r.body as { email?: string })?.email).toLowerCase();
  const signInLimits = limiter.hook(
    { name: 'sign-in', max: perMinute, windowSeconds: 60, key: (r) => `${r.ip} ${emailOf(r)}` },
    { name: 'sign-in-address', max: perMinute * 3, windowSeconds: 60, key: (r) => r.ip },
  );
  const signUpLimit = limiter.hook({ name: 'sign-up', max: perMinute * 6, windowSeconds: 60, key: (r) => r.ip });
  // Reset links: per address (one client asking for many), and per email whatever the address.
  const resetRequestLimits = limiter.hook(
    { name: 'password-reset-address', max: perMinute, windowSeconds: 60, key: (r) => r.ip },
    { name: 'password-reset-email', max: RESETS_PER_EMAIL, windowSeconds: RESET_EMAIL_WINDOW_S, key: emailOf },
  );
  const resetLimit = limiter.hook({ name: 'password-reset-confirm', max: perMinute, windowSeconds: 60, key: (r) => r.ip });

  const startSession = async (userId: string, request: FastifyRequest) => {
    const token = newToken();
    await users.createSession(userId, hashToken(token), s.config.auth.sessionDays, sessionOrigin(request));
    return token;
  };

  app.route({
    ...routeOf(ops.signUp),
    preHandler: signUpLimit,
    handler: async (request, reply) => {
      const { email, password, name } = request.body;
      if (!name.trim()) throw badRequest('give your name', 'E_VALIDATION');
      checkNewPassword(password, { email });
      const user = await s.db.tx(async (q) => {
        const created = await usersRepo(q).create({ email, name: name.trim(), passwordHash: await hashPassword(password) });
        if (!created) throw conflict('an account with this email exists', 'E_EMAIL_TAKEN');
        await spacesRepo(q).redeemInvites(created.id, email);
        return created;
      });
      setSessionCookie(reply, s, await startSession(user.id, request));
      return reply.status(201).send({ user: userView(user) });
    },
  });

  app.route({
    ...routeOf(ops.signIn),
    preHandler: signInLimits,
    handler: async (request, reply) => {
      const user = await users.byEmail(request.body.email);
      // Hash even for unknown emails so response time does not reveal which accounts exist.
      const ok = await verifyPassword(request.body.password, user?.password_hash ?? (await dummyHash()));
      if (!user || !ok) throw new AppError('E_BAD_CREDENTIALS', 'wrong email or password', 401);
      setSessionCookie(reply, s, await startSession(user.id, request));
      return { user: userView(user) };
    },
  });

  app.route({
    ...routeOf(ops.signOut),
    handler: async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await users.deleteSession(hashToken(token));
      setSessionCookie(reply, s, null);
      return reply.status(204).send(null);
    },
  });

  // 200 for a visitor too: the web app asks on every page, and a 401 there is an error in the console.
  app.route({ ...routeOf(ops.getMe), handler: async (request) => ({ user: request.user ? userView(request.user) : null }) });

  app.route({
    ...routeOf(ops.requestPasswordReset),
    preHandler: resetRequestLimits,
    handler: async (request, reply) => {
      await requestPasswordReset(s, request.body.email);
      return reply.status(202).send({ message: RESET_REQUESTED });
    },
  });

  app.route({
    ...routeOf(ops.resetPassword),
    preHandler: resetLimit,
    handler: async (request) => resetPassword(s, request.body.token, request.body.password),
  });
}

/** The signed-in caller's own account (members-only scope). */
export async function accountRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ops = accountOperations;
  const users = usersRepo(s.db);
  // Someone holding a stolen session must not get to guess the current password at leisure.
  const limiter = new RateLimiter(s.db);
  const passwordLimit = limiter.hook({
    name: 'password-change',
    max: s.config.auth.rateLimitPerMinute,
    windowSeconds: 60,
    key: (r) => requireUser(r).id,
  });

  app.route({
    ...routeOf(ops.updateMe),
    handler: async (request) => {
      const name = request.body.name.trim();
      if (!name) throw badRequest('give your name', 'E_VALIDATION');
      return { user: userView((await users.rename(requireUser(request).id, name))!) };
    },
  });

  app.route({
    ...routeOf(ops.changePassword),
    preHandler: passwordLimit,
    handler: async (request) => {
      const { currentPassword, newPassword } = request.body;
      const signedOut = await changePassword(s, requireUser(request), currentSessionId(request), {
        current: currentPassword,
        next: newPassword,
      });
      return { signedOut };
    },
  });

  app.route({
    ...routeOf(ops.listSessions),
    handler: async (request) => {
      const current = currentSessionId(request);
      return { sessions: (await users.sessions(requireUser(request).id)).map((row) => sessionView(row, current)) };
    },
  });

  app.route({
    ...routeOf(ops.revokeSession),
    handler: async (request, reply) => {
      if (!(await users.revokeSession(requireUser(request).id, request.params.id))) throw notFound('session');
      if (request.params.id === currentSessionId(request)) setSessionCookie(reply, s, null);
      return reply.status(204).send(null);
    },
  });

  app.route({
    ...routeOf(ops.listApiTokens),
    handler: async (request) => ({ tokens: (await users.apiTokens(requireUser(request).id)).map(apiTokenView) }),
  });

  app.route({
    ...routeOf(ops.createApiToken),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const name = request.body.name.trim();
      if (!name) throw badRequest('give the token a name', 'E_VALIDATION');
      const token = newToken();
      const row = await users.createApiToken(user.id, name, hashToken(token));
      return reply.status(201).send({ id: row!.id, name: row!.name, token });
    },
  });

  app.route({
    ...routeOf(ops.revokeApiToken),
    handler: async (request, reply) => {
      if (!(await users.revokeApiToken(requireUser(request).id, request.params.id))) throw notFound('API token');
      return reply.status(204).send(null);
    },
  });
}

// A valid hash of a random password, verified against when the email is unknown.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newToken()));
