import { eventsOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppEvent } from '../../core/events.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

const HEARTBEAT_MS = 25_000;

/** How long an open event stream trusts the memberships it read. */
const MEMBERSHIP_RECHECK_MS = 2_000;

export async function eventsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.route({
    ...routeOf(ops.streamEvents),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const spaces = spacesRepo(s.db);
      const readSpaces = async () => new Set((await spaces.listForUser(user.id)).map((x) => x.id));
      let mySpaces = await readSpaces();
      let readAt = Date.now();
      // Membership can change while a stream is open: re-check before revealing an unknown space,
      // and at least every few seconds, so someone removed from a space stops hearing about it.
      const canSee = async (spaceId: string) => {
        if (!mySpaces.has(spaceId) || Date.now() - readAt > MEMBERSHIP_RECHECK_MS) {
          mySpaces = await readSpaces();
          readAt = Date.now();
        }
        return mySpaces.has(spaceId);
      };

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const send = async (e: AppEvent) => {
        const visible = e.type === 'notification' ? e.userId === user.id : await canSee(e.spaceId);
        if (visible) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      };
      const unsubscribe = s.events.subscribe((e) => void send(e).catch((err) => request.log.warn({ err }, 'event not sent')));
      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  });
}
