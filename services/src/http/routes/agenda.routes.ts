import { agendasOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { draftAgenda, linkAgenda, publishAgenda, readableAgenda, readAgenda, updateAgenda } from '../../agenda/agendas.ts';
import { agendaCalendar, agendaMarkdown } from '../../agenda/export.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

/** The agenda of a conference's next live meeting: members read it once published, hosts edit it. */
export async function agendaRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.route({
    ...routeOf(ops.getAgenda),
    handler: async (request) => ({ agenda: await readAgenda(s, request.params.id, requireUser(request).id) }),
  });

  app.route({
    ...routeOf(ops.draftAgenda),
    handler: async (request, reply) =>
      reply.status(201).send({ agenda: await draftAgenda(s, request.params.id, requireUser(request).id, request.body ?? {}) }),
  });

  app.route({
    ...routeOf(ops.updateAgenda),
    handler: async (request) => ({ agenda: await updateAgenda(s, request.params.id, requireUser(request).id, request.body) }),
  });

  app.route({
    ...routeOf(ops.publishAgenda),
    handler: async (request) => ({ agenda: await publishAgenda(s, request.params.id, requireUser(request).id, request.body ?? {}) }),
  });

  app.route({
    ...routeOf(ops.linkAgenda),
    handler: async (request) => ({
      agenda: await linkAgenda(s, request.params.id, requireUser(request).id, request.body.contributionId),
    }),
  });

  app.route({
    ...routeOf(ops.agendaMarkdown),
    handler: async (request, reply) => {
      const agenda = await readableAgenda(s, request.params.id, requireUser(request).id);
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', 'attachment; filename="agenda.md"')
        .send(agendaMarkdown(agenda, s.publicBase.url));
    },
  });

  app.route({
    ...routeOf(ops.agendaCalendar),
    handler: async (request, reply) => {
      const agenda = await readableAgenda(s, request.params.id, requireUser(request).id);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="agenda.ics"')
        .send(agendaCalendar(agenda, s.publicBase.url));
    },
  });
}
