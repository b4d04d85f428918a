import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Services } from '../services.ts';
import { installErrorHandlers } from './errors.ts';
import { installAuth, signedInOnly } from './auth.ts';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { accountRoutes, sessionRoutes } from './routes/auth.routes.ts';
import { spacesRoutes } from './routes/spaces.routes.ts';
import { conferencesRoutes } from './routes/conferences.routes.ts';
import { contributionsRoutes } from './routes/contributions.routes.ts';
import { eventsRoutes } from './routes/events.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { searchRoutes } from './routes/search.routes.ts';
import { statementsRoutes } from './routes/statements.routes.ts';
import { reactionsRoutes } from './routes/reactions.routes.ts';
import { feedRoutes } from './routes/feed.routes.ts';
import { digestRoutes } from './routes/digest.routes.ts';
import { notificationsRoutes } from './routes/notifications.routes.ts';
import { directoryRoutes } from './routes/directory.routes.ts';
import { forwardsRoutes } from './routes/forwards.routes.ts';
import { speakersRoutes } from './routes/speakers.routes.ts';
import { expertRoutes } from './routes/expert.routes.ts';
import { reviewRoutes } from './routes/review.routes.ts';
import { interviewsRoutes } from './routes/interviews.routes.ts';
import { candidateRoutes } from './routes/candidate.routes.ts';
import { webhooksRoutes } from './routes/webhooks.routes.ts';
import { exportsRoutes } from './routes/exports.routes.ts';
import { participationRoutes } from './routes/participation.routes.ts';
import { moderationRoutes } from './routes/moderation.routes.ts';
import { liveRoundRoutes } from './routes/live-round.routes.ts';
import { agendaRoutes } from './routes/agenda.routes.ts';
import { registerWeb } from './web.ts';
import { installHttpMetrics } from './metrics.ts';
import { installUploadIdleTimeout } from './upload-idle.ts';

type Routes = FastifyPluginAsync<Services>;

/**
 * The only routes anyone may call without signing in: sign-up/in/out, health, and the token links
 * (the outside expert's /api/x/<token>, the candidate's /api/i/<token>), which check their token.
 * The OpenAPI docs are public too. services/test/public-routes.test.ts lists the same operations.
 */
const publicRoutes: Routes[] = [sessionRoutes, healthRoutes, expertRoutes, candidateRoutes];

/** Everything else under /api: a caller who is not signed in gets 401 before any handler runs. */
const membersRoutes: Routes[] = [
  accountRoutes,
  spacesRoutes,
  conferencesRoutes,
  contributionsRoutes,
  statementsRoutes,
  searchRoutes,
  eventsRoutes,
  reactionsRoutes,
  feedRoutes,
  digestRoutes,
  notificationsRoutes,
  directoryRoutes,
  forwardsRoutes,
  speakersRoutes,
  reviewRoutes,
  interviewsRoutes,
  webhooksRoutes,
  exportsRoutes,
  participationRoutes,
  moderationRoutes,
  liveRoundRoutes,
  agendaRoutes,
];

/** The HTTP API as a Fastify instance that does not listen (server.ts listens; tests inject). */
export async function buildApp(s: Services, options: { webRoot?: string } = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: s.log as FastifyBaseLogger,
    trustProxy: Boolean(s.config.publicUrl),
  });
  // Every route's schemas are the contract's zod schemas: zod validates requests and encodes answers.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  installHttpMetrics(app, s);
  // Every answer is served as the type it says (a polyglot mp3+HTML upload stays audio).
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });

  installUploadIdleTimeout(app, s.config.uploadIdleMs);

  // Links in emails use the address actually listened on when PUBLIC_URL is not set.
  app.addHook('onListen', function () {
    s.publicBase.listeningOn(this.server.address());
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: s.config.maxUploadBytes, files: 2 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Colloquy API', version: '0.1.0', description: 'Asynchronous video conferences: contributions, statements, search.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'colloquy_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });

  installAuth(app, s);
  await app.register(async (publicScope) => {
    await publicScope.register(swaggerUi, { routePrefix: '/api/docs' });
    for (const routes of publicRoutes) await publicScope.register(routes, s);
  });
  await app.register(async (membersScope) => {
    membersScope.addHook('onRequest', signedInOnly);
    for (const routes of membersRoutes) await membersScope.register(routes, s);
  });
  // Everything outside /api: the web app's files, and its index.html for every page it routes.
  await registerWeb(app, { root: options.webRoot });
  return app;
}
