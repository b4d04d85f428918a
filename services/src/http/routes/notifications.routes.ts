import type { FastifyInstance } from 'fastify';
import { notFound } from '../../core/errors.ts';
import { notificationsRepo, type NotificationRow } from '../../notify/notifications.ts';
import { DIGEST_FREQUENCIES, EMAIL_KINDS, preferencesRepo, type DigestFrequency, type Preferences } from '../../notify/preferences.ts';
import { requireUser } from '../auth.ts';
import { errorResponses, idParams } from '../schemas.ts';
import type { Services } from '../../services.ts';

const notificationSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['contribution', 'reply', 'forward', 'mention', 'digest'] },
    spaceId: { type: ['string', 'null'] },
    payload: {
      type: 'object',
      additionalProperties: true,
      description:
        'what it is about (contributionId, conferenceId, statementId, startMs, title, authorName, …); `items` holds every event of a burst',
    },
    count: { type: 'integer', description: 'how many events this notification gathers (a burst is one notification)' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    readAt: { type: ['string', 'null'] },
  },
} as const;

const preferencesSchema = {
  type: 'object',
  properties: {
    digestFrequency: { type: 'string', enum: DIGEST_FREQUENCIES },
    emailKinds: { type: 'array', items: { type: 'string', enum: EMAIL_KINDS } },
    lastDigestAt: { type: ['string', 'null'] },
  },
} as const;

const notificationView = (n: NotificationRow) => ({
  id: n.id,
  kind: n.kind,
  spaceId: n.space_id,
  payload: n.payload,
  count: n.count,
  createdAt: n.created_at,
  updatedAt: n.updated_at,
  readAt: n.read_at,
});

const preferencesView = (p: Preferences) => ({
  digestFrequency: p.digestFrequency,
  emailKinds: p.emailKinds,
  lastDigestAt: p.lastDigestAt,
});

export async function notificationsRoutes(app: FastifyInstance, s: Services) {
  const repo = notificationsRepo(s.db);

  app.get<{ Querystring: { unread?: boolean; limit: number } }>(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, newest activity first, with the number unread',
        description:
          'New contributions in conferences you follow, replies to yours, forwards to you, mentions and digests. Live: `event: notification` on /api/events.',
        querystring: {
          type: 'object',
          properties: {
            unread: { type: 'boolean', description: 'only unread ones' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: {
          200: { type: 'object', properties: { notifications: { type: 'array', items: notificationSchema }, unread: { type: 'integer' } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const [rows, unread] = await Promise.all([
        repo.list(user.id, { unreadOnly: request.query.unread === true, limit: request.query.limit }),
        repo.unreadCount(user.id),
      ]);
      return { notifications: rows.map(notificationView), unread };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of your notifications read',
        params: idParams,
        response: {
          200: { type: 'object', properties: { notification: notificationSchema, unread: { type: 'integer' } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const row = await repo.markRead(user.id, request.params.id);
      if (!row) throw notFound('notification');
      return { notification: notificationView(row), unread: await repo.unreadCount(user.id) };
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all your notifications read',
        response: { 200: { type: 'object', properties: { marked: { type: 'integer' }, unread: { type: 'integer' } } }, ...errorResponses },
      },
    },
    async (request) => ({ marked: await repo.markAllRead(requireUser(request).id), unread: 0 }),
  );

  app.get(
    '/api/me/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your email digest frequency and which notifications also come by email',
        response: { 200: { type: 'object', properties: { preferences: preferencesSchema } }, ...errorResponses },
      },
    },
    async (request) => ({ preferences: preferencesView(await preferencesRepo(s.db).get(requireUser(request).id)) }),
  );

  app.put<{ Body: { digestFrequency?: DigestFrequency; emailKinds?: string[] } }>(
    '/api/me/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change your email digest frequency and which notifications also come by email',
        description: 'Fields left out keep their value. The digest goes out at DIGEST_HOUR_UTC (UTC): daily, weekly, or not at all.',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            digestFrequency: { type: 'string', enum: DIGEST_FREQUENCIES },
            emailKinds: { type: 'array', items: { type: 'string', enum: EMAIL_KINDS }, maxItems: EMAIL_KINDS.length, uniqueItems: true },
          },
        },
        response: { 200: { type: 'object', properties: { preferences: preferencesSchema } }, ...errorResponses },
      },
    },
    async (request) => ({ preferences: preferencesView(await preferencesRepo(s.db).update(requireUser(request).id, request.body)) }),
  );
}
