import { contributionsOperations, conferencesOperations } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { forbidden, notFound } from '../../core/errors.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { reactionsRepo } from '../../db/repos/reactions.repo.ts';
import { totalReactions } from '../../engagement/reactions.ts';
import { parseTranscriptText } from '../../transcript/plain.ts';
import { queueTranscriptContribution } from '../../contributions/intake.ts';
import { requireUser } from '../auth.ts';
import { conferenceView, contributionView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';
import { receiveMediaUpload } from '../media-intake.ts';
import { routeOf } from '../route.ts';

export async function conferencesRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const conferenceFor = async (id: string, userId: string) =>
    (await spacesRepo(s.db).conferenceForUser(id, userId)) ?? Promise.reject(notFound('conference'));

  app.route({
    ...routeOf(conferencesOperations.getConference),
    handler: async (request) => {
      const conference = await conferenceFor(request.params.id, requireUser(request).id);
      const contributions = await contributionsRepo(s.db).listForConference(conference.id);
      const reactions = await reactionsRepo(s.db).forContributions(contributions.map((c) => c.id));
      return {
        conference: conferenceView(conference),
        contributions: contributions.map((c) => ({
          ...contributionView(c),
          reactionCount: totalReactions(reactions.get(c.id)),
          reactions: reactions.get(c.id) ?? {},
        })),
      };
    },
  });

  app.route({
    ...routeOf(contributionsOperations.uploadContribution),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      const id = await receiveMediaUpload(request, s, { conferenceId: conference.id, authorId: user.id });
      const contribution = await contributionsRepo(s.db).byId(id);
      return reply.status(202).send({ contribution: contributionView(contribution!) });
    },
  });

  app.route({
    ...routeOf(contributionsOperations.postTranscript),
    bodyLimit: 50 * 1024 * 1024,
    handler: async (request, reply) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      if (request.body.speakers?.length && conference.role === 'member')
        throw forbidden('only owners and hosts can say who the speakers are; leave out "speakers" to link them by name');
      const { transcript, turns, ...rest } = request.body;
      // The refinement lets exactly one through: the turns, or a caption file or plain transcript to read them from.
      const fromText = transcript === undefined ? turns! : parseTranscriptText(transcript);
      const id = await queueTranscriptContribution(s, { ...rest, turns: fromText, conferenceId: conference.id, authorId: user.id });
      const contribution = await contributionsRepo(s.db).byId(id);
      return reply.status(202).send({ contribution: contributionView(contribution!) });
    },
  });
}
