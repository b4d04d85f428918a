import type { FastifyInstance } from 'fastify';
import { AppError, badRequest, conflict } from '../../core/errors.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from '../../core/secrets.ts';
import { usersRepo } from '../../db/repos/users.repo.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { requireUser, setSessionCookie, SESSION_COOKIE } from '../auth.ts';
import { errorResponses, userSchema } from '../schemas.ts';
import { userView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';

const credentials = {
  type: 'object',
  required: ['email', 'password'],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

type Credentials = { email: string; password: string; name?: string };

export async function authRoutes(app: FastifyInstance, s: Services) {
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

  app.post<{ Body: Credentials }>(
    '/api/auth/signup',
    {
      config: { rateLimit: signupLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create an account and sign in (sets the session cookie)',
        body: { ...credentials, required: ['email', 'password', 'name'] },
        response: { 201: { type: 'object', properties: { user: userSchema } }, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { email, password, name } = request.body;
      if (password.length < 8) throw badRequest('the password needs at least 8 characters', 'E_WEAK_PASSWORD');
      const user = await s.db.tx(async (q) => {
        const created = await usersRepo(q).create({ email, name: name!.trim(), passwordHash: await hashPassword(password) });
        if (!created) throw conflict('an account with this email exists', 'E_EMAIL_TAKEN');
        await spacesRepo(q).redeemInvites(created.id, email);
        return created;
      });
      setSessionCookie(reply, s, await startSession(user.id));
      return reply.status(201).send({ user: userView(user) });
    },
  );

  app.post<{ Body: Credentials }>(
    '/api/auth/login',
    {
      config: { rateLimit: { ...loginLimit, keyGenerator: (r) => `${r.ip}:${String((r.body as Credentials)?.email).toLowerCase()}` } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in (sets the session cookie)',
        body: credentials,
        response: { 200: { type: 'object', properties: { user: userSchema } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await users.byEmail(request.body.email);
      // Hash even for unknown emails so response time does not reveal which accounts exist.
      const ok = await verifyPassword(request.body.password, user?.password_hash ?? (await dummyHash()));
      if (!user || !ok) throw new AppError('E_BAD_CREDENTIALS', 'wrong email or password', 401);
      setSessionCookie(reply, s, await startSession(user.id));
      return { user: userView(user) };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await users.deleteSession(hashToken(token));
    setSessionCookie(reply, s, null);
    return reply.status(204).send();
  });

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: { type: 'object', properties: { user: userSchema } }, ...errorResponses },
      },
    },
    async (request) => ({ user: userView(requireUser(request)) }),
  );

  app.post<{ Body: { name: string } }>(
    '/api/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create a personal API token (send as Authorization: Bearer); shown once',
        body: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: {
          201: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, token: { type: 'string' } } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const token = newToken();
      const row = await users.createApiToken(user.id, request.body.name, hashToken(token));
      return reply.status(201).send({ id: row!.id, name: row!.name, token });
    },
  );
}

// A valid hash of a random password, verified against when the email is unknown.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newToken()));
