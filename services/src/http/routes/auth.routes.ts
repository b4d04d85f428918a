import { accountOperations, sessionOperations } from '@colloquy/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, badRequest, conflict } from '../../core/errors.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from '../../core/secrets.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { usersRepo } from '../../db/repos/users.repo.ts';
import { userView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';
import { requireUser, SESSION_COOKIE, setSessionCookie } from '../auth.ts';
import { RateLimiter } from '../rate-limit.ts';
import { routeOf } from '../route.ts';

/** Sign-up, sign-in and sign-out (public scope). */
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

  const startSession = async (userId: string) => {
    const token = newToken();
    await users.createSession(userId, hashToken(token), s.config.auth.sessionDays);
    return token;
  };

  app.route({
    ...routeOf(ops.signUp),
    preHandler: signUpLimit,
    handler: async (request, reply) => {
      const { email, password, name } = request.body;
      if (password.length < 8) throw badRequest('the password needs at least 8 characters', 'E_WEAK_PASSWORD');
      const user = await s.db.tx(async (q) => {
        const created = await usersRepo(q).create({ email, name: name.trim(), passwordHash: await hashPassword(password) });
        if (!created) throw conflict('an account with this email exists', 'E_EMAIL_TAKEN');
        await spacesRepo(q).redeemInvites(created.id, email);
        return created;
      });
      setSessionCookie(reply, s, await startSession(user.id));
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
      setSessionCookie(reply, s, await startSession(user.id));
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
}

/** The signed-in caller's own account (members-only scope). */
export async function accountRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ops = accountOperations;
  const users = usersRepo(s.db);

  app.route({ ...routeOf(ops.getMe), handler: async (request) => ({ user: userView(requireUser(request)) }) });

  app.route({
    ...routeOf(ops.createApiToken),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const token = newToken();
      const row = await users.createApiToken(user.id, request.body.name, hashToken(token));
      return reply.status(201).send({ id: row!.id, name: row!.name, token });
    },
  });
}

// A valid hash of a random password, verified against when the email is unknown.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newToken()));
