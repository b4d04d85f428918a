import { contributionsOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contributionDetail } from '../../contributions/detail.ts';
import { retryContribution } from '../../contributions/stalls.ts';
import { visibleTranscript } from '../../contributions/visible-transcript.ts';
import { isHost, moderationRights } from '../../moderation/moderation.ts';
import { mayEdit, transcriptWithCorrections } from '../../contributions/statement-edit.ts';
import { notFound } from '../../core/errors.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { contributionView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';
import { toWebVtt } from '../../transcript/captions.ts';
import { requireUser } from '../auth.ts';
import { sendFileWithRanges } from '../ranges.ts';
import { routeOf } from '../route.ts';

export async function contributionsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const repo = contributionsRepo(s.db);
  /** Outsiders get 404 for another space's contribution, statement or media: nothing is revealed. */
  const contributionFor = async (id: string, userId: string) =>
    (await repo.forUser(id, userId)) ?? Promise.reject(notFound('contribution'));

  app.route({
    ...routeOf(ops.getContribution),
    handler: async (request) => {
      const user = requireUser(request);
      const c = await contributionFor(request.params.id, user.id);
      const role = (await spacesRepo(s.db).getForUser(c.space_id, user.id))?.role ?? 'member';
      return {
        contribution: {
          ...(await contributionDetail(s.db, c, { withAi: true, withHidden: isHost(role) })),
          canEdit: mayEdit({ role, author_id: c.author_id }, user.id),
          ...(await moderationRights(s.db, c.id, user.id)),
        },
      };
    },
  });

  app.route({
    ...routeOf(ops.retryContribution),
    handler: async (request, reply) => {
      const c = await contributionFor(request.params.id, requireUser(request).id);
      await retryContribution(s, c);
      return reply.status(202).send({ contribution: contributionView((await repo.byId(c.id))!) });
    },
  });

  app.route({
    ...routeOf(ops.getCaptions),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const c = await contributionFor(request.params.id, user.id);
      const role = (await spacesRepo(s.db).getForUser(c.space_id, user.id))?.role ?? 'member';
      const vtt = toWebVtt(isHost(role) ? await transcriptWithCorrections(s.db, c.id) : await visibleTranscript(s.db, c.id));
      return reply.type('text/vtt; charset=utf-8').header('cache-control', 'private, no-cache').send(vtt);
    },
  });

  app.route({
    ...routeOf(ops.getPoster),
    handler: async (request, reply) => {
      const c = await contributionFor(request.params.id, requireUser(request).id);
      if (!c.poster_path) throw notFound('poster');
      if ((await s.storage.size(c.poster_path)) === null) throw notFound('poster');
      return reply
        .type('image/jpeg')
        .header('cache-control', 'private, max-age=3600')
        .send(await s.storage.read(c.poster_path));
    },
  });

  app.route({
    ...routeOf(ops.getMedia),
    handler: async (request, reply) => {
      const c = await contributionFor(request.params.contributionId, requireUser(request).id);
      if (!c.media_path) throw notFound('media');
      return sendFileWithRanges(request, reply, s.storage, c.media_path, c.mime ?? 'application/octet-stream');
    },
  });
}
