import { accountOperations, sessionOperations } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, badRequest, conflict } from '../../core/errors.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from '../../core/secrets.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { usersRepo } from '../../db/repos/users.repo.ts';
import { userView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';
import { requireUser, SESSION_COOKIE, setSessionCookie } from '../auth.ts';
import { routeOf } from '../route.ts';

/** Sign-up, sign-in and sign-out (public scope). */
export async function sessionRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ops = sessionOperations;
  const users = usersRepo(s.db);
  // Sign-in is limited per address and email (password guessing); sign-up per address, more loosely
  // since many people may share one address.
  const loginLimit = { max: s.config.auth.rateLimitPerMinute, timeWindow: '1 minute' };
  const signupLimit = { max: s.config.auth.rateLimitPerMinute * 6, timeWindow: '1 minute' };

  const startSession = async (userId: string) => {
    const token = newToken();
    await users.createSession(userId, hashToken(token), s.config.auth.sessionDays);
    return token;
  };

  app.route({
    ...routeOf(ops.signUp),
    config: { rateLimit: signupLimit },
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
    config: { rateLimit: { ...loginLimit, keyGenerator: (r) => `${r.ip}:${String((r.body as { email?: string })?.email).toLowerCase()}` } },
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
