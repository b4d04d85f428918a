import { speakersOperations as ops, type SpeakerLink } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { forbidden, notFound } from '../../core/errors.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { profilesRepo } from '../../db/repos/profiles.repo.ts';
import { speakersRepo, type SpeakerLinkRow } from '../../db/repos/speakers.repo.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { confirmSpeakers } from '../../people/speakers.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

const speakerView = (r: SpeakerLinkRow): SpeakerLink => ({
  speaker: r.speaker,
  userId: r.user_id,
  name: r.user_name,
  source: r.source,
  statementCount: r.statement_count,
});

/** Transcript speakers ↔ members: any member of the space reads them, owners and hosts set them. */
export async function speakersRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const contributionFor = async (id: string, userId: string) =>
    (await contributionsRepo(s.db).forUser(id, userId)) ?? Promise.reject(notFound('contribution'));

  app.route({
    ...routeOf(ops.listSpeakers),
    handler: async (request) => {
      const c = await contributionFor(request.params.id, requireUser(request).id);
      return { speakers: (await speakersRepo(s.db).linksOf(c.id)).map(speakerView) };
    },
  });

  app.route({
    ...routeOf(ops.setSpeakers),
    handler: async (request) => {
      const user = requireUser(request);
      const c = await contributionFor(request.params.id, user.id);
      const space = await spacesRepo(s.db).getForUser(c.space_id, user.id);
      if (space?.role !== 'owner' && space?.role !== 'host') throw forbidden('only owners and hosts can link speakers to members');
      const members = (await spacesRepo(s.db).members(c.space_id))
        .filter((m) => m.user_id !== null)
        .map((m) => ({ id: m.user_id!, name: m.name }));
      const before = await speakersRepo(s.db).linksOf(c.id);
      await s.db.tx((q) => confirmSpeakers(q, c.id, request.body.speakers, members, user.id));
      const after = await speakersRepo(s.db).linksOf(c.id);
      // Whoever gained or lost statements gets a profile that counts them right.
      for (const userId of new Set([c.author_id, ...before.map((l) => l.user_id), ...after.map((l) => l.user_id)]))
        if (userId) await profilesRepo(s.db).refresh(c.space_id, userId, s.ai.embedder.model);
      return { speakers: after.map(speakerView) };
    },
  });
}
