import type { FastifyInstance } from 'fastify';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { requireUser } from '../auth.ts';
import type { AppEvent } from '../../core/events.ts';
import type { Services } from '../../services.ts';

const HEARTBEAT_MS = 25_000;

export async function eventsRoutes(app: FastifyInstance, s: Services) {
  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Server-sent events: pipeline progress of contributions in your spaces, and your notifications',
        description:
          '`event: contribution` with data {id, conferenceId, spaceId, status, stage, progress, error}, for contributions in your spaces; ' +
          '`event: notification` with data {userId, id, kind, count}, for your own notifications only (a new one, or a burst that grew).',
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const spaces = spacesRepo(s.db);
      let mySpaces = new Set((await spaces.listForUser(user.id)).map((x) => x.id));
      // Membership can change while a stream is open: re-check before revealing an unknown space.
      const canSee = async (spaceId: string) => {
        if (!mySpaces.has(spaceId)) mySpaces = new Set((await spaces.listForUser(user.id)).map((x) => x.id));
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
  );
}
