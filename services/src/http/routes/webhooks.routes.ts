import { webhooksOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, forbidden, notFound } from '../../core/errors.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { webhooksRepo } from '../../db/repos/webhooks.repo.ts';
import { webhookDeliveryView, webhookView } from '../../json/webhooks.ts';
import type { Services } from '../../services.ts';
import { checkUrlHost } from '../../webhooks/address-guard.ts';
import { newSecret } from '../../webhooks/signature.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

/** Owners and hosts manage a space's webhooks; other members do not see them (403), outsiders get 404. */
const canManage = (role: string) => role === 'owner' || role === 'host';

export async function webhooksRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const managedSpace = async (spaceId: string, userId: string) => {
    const space = await spacesRepo(s.db).getForUser(spaceId, userId);
    if (!space) throw notFound('space');
    if (!canManage(space.role)) throw forbidden('only owners and hosts manage webhooks');
    return space;
  };
  const managedHook = async (id: string, userId: string) => {
    const hook = await webhooksRepo(s.db).forUser(id, userId);
    if (!hook) throw notFound('webhook');
    if (!canManage(hook.role)) throw forbidden('only owners and hosts manage webhooks');
    return hook;
  };
  const checkAddress = async (url: string) => {
    try {
      await checkUrlHost(new URL(url), s.config.webhooks.allowPrivate);
    } catch (err) {
      throw new AppError('E_WEBHOOK_ADDRESS', `${(err as Error).message}: webhooks may only call public addresses`);
    }
  };

  app.route({
    ...routeOf(ops.listWebhooks),
    handler: async (request) => {
      const space = await managedSpace(request.params.id, requireUser(request).id);
      return { webhooks: (await webhooksRepo(s.db).list(space.id)).map(webhookView) };
    },
  });

  app.route({
    ...routeOf(ops.createWebhook),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const space = await managedSpace(request.params.id, user.id);
      await checkAddress(request.body.url);
      const secret = newSecret();
      const hook = await webhooksRepo(s.db).create(
        space.id,
        { url: request.body.url, events: [...new Set(request.body.events)], secret },
        user.id,
      );
      return reply.status(201).send({ webhook: webhookView(hook), secret });
    },
  });

  app.route({
    ...routeOf(ops.updateWebhook),
    handler: async (request) => {
      const hook = await managedHook(request.params.id, requireUser(request).id);
      if (request.body.url !== undefined) await checkAddress(request.body.url);
      const events = request.body.events && [...new Set(request.body.events)];
      return { webhook: webhookView(await webhooksRepo(s.db).update(hook.id, { ...request.body, events })) };
    },
  });

  app.route({
    ...routeOf(ops.deleteWebhook),
    handler: async (request, reply) => {
      const hook = await managedHook(request.params.id, requireUser(request).id);
      await webhooksRepo(s.db).remove(hook.id);
      return reply.status(204).send(null);
    },
  });

  app.route({
    ...routeOf(ops.listWebhookDeliveries),
    handler: async (request) => {
      const hook = await managedHook(request.params.id, requireUser(request).id);
      return { deliveries: (await webhooksRepo(s.db).deliveries(hook.id)).map(webhookDeliveryView) };
    },
  });
}
