import { notificationsOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../core/errors.ts';
import { notificationView, preferencesView } from '../../json/rows.ts';
import { notificationsRepo } from '../../db/repos/notifications.repo.ts';
import { preferencesRepo } from '../../db/repos/preferences.repo.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

export async function notificationsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const repo = notificationsRepo(s.db);

  app.route({
    ...routeOf(ops.listNotifications),
    handler: async (request) => {
      const user = requireUser(request);
      const [rows, unread] = await Promise.all([
        repo.list(user.id, { unreadOnly: request.query.unread === true, limit: request.query.limit }),
        repo.unreadCount(user.id),
      ]);
      return { notifications: rows.map(notificationView), unread };
    },
  });

  app.route({
    ...routeOf(ops.markNotificationRead),
    handler: async (request) => {
      const user = requireUser(request);
      const row = await repo.markRead(user.id, request.params.id);
      if (!row) throw notFound('notification');
      return { notification: notificationView(row), unread: await repo.unreadCount(user.id) };
    },
  });

  app.route({
    ...routeOf(ops.markAllNotificationsRead),
    handler: async (request) => ({ marked: await repo.markAllRead(requireUser(request).id), unread: 0 }),
  });

  app.route({
    ...routeOf(ops.getPreferences),
    handler: async (request) => ({ preferences: preferencesView(await preferencesRepo(s.db).get(requireUser(request).id)) }),
  });

  app.route({
    ...routeOf(ops.updatePreferences),
    handler: async (request) => ({
      preferences: preferencesView(await preferencesRepo(s.db).update(requireUser(request).id, request.body)),
    }),
  });
}
