import { liveRoundOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { queueTranscriptContribution } from '../../contributions/intake.ts';
import { readGuide, saveGuide } from '../../interview/live-guide.ts';
import {
  advanceToLive,
  combinedView,
  importLiveRecording,
  readLiveScores,
  saveLiveDraft,
  submitLiveScores,
} from '../../interview/live-round.ts';
import { deleteSlot, listSlots, proposeSlots } from '../../interview/live-slots.ts';
import type { Services } from '../../services.ts';
import { parseTranscriptText } from '../../transcript/plain.ts';
import { requireUser } from '../auth.ts';
import { receiveMediaUpload } from '../media-intake.ts';
import { routeOf } from '../route.ts';

/**
 * The live round of an interview, for members of the opening's space (non-members get 404): the
 * guide, slots, advancing a candidate, live scores (blind until submitted), the round's recording
 * or transcript and the combined picture. The candidate's side is in candidate.routes.ts.
 */
export async function liveRoundRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.route({
    ...routeOf(ops.getLiveGuide),
    handler: async (request) => ({ guide: await readGuide(s, request.params.id, requireUser(request).id) }),
  });

  app.route({
    ...routeOf(ops.saveLiveGuide),
    handler: async (request) => ({ guide: await saveGuide(s, request.params.id, requireUser(request).id, request.body) }),
  });

  app.route({
    ...routeOf(ops.listLiveSlots),
    handler: async (request) => ({ slots: await listSlots(s, request.params.id, requireUser(request).id) }),
  });

  app.route({
    ...routeOf(ops.proposeLiveSlots),
    handler: async (request, reply) =>
      reply.status(201).send({ slots: await proposeSlots(s, request.params.id, requireUser(request).id, request.body) }),
  });

  app.route({
    ...routeOf(ops.deleteLiveSlot),
    handler: async (request, reply) => {
      await deleteSlot(s, request.params.id, requireUser(request).id);
      return reply.status(204).send(null);
    },
  });

  app.route({
    ...routeOf(ops.advanceToLive),
    handler: async (request) => ({ liveRound: await advanceToLive(s, request.params.id, requireUser(request).id) }),
  });

  app.route({ ...routeOf(ops.getCombinedView), handler: async (request) => combinedView(s, request.params.id, requireUser(request).id) });

  app.route({ ...routeOf(ops.getLiveScores), handler: async (request) => readLiveScores(s, request.params.id, requireUser(request)) });

  app.route({
    ...routeOf(ops.saveLiveScores),
    handler: async (request) => ({ mine: await saveLiveDraft(s, request.params.id, requireUser(request), request.body) }),
  });

  app.route({
    ...routeOf(ops.submitLiveScores),
    handler: async (request) => ({ mine: await submitLiveScores(s, request.params.id, requireUser(request)) }),
  });

  app.route({
    ...routeOf(ops.importLiveTranscript),
    bodyLimit: 50 * 1024 * 1024,
    handler: async (request, reply) => {
      const user = requireUser(request);
      // As POST /api/conferences/:id/transcripts; speakers are linked by name (the importer is a host).
      const { transcript, turns, replyTo: _replyTo, ...rest } = request.body;
      const liveRound = await importLiveRecording(s, request.params.id, user.id, (conferenceId) =>
        queueTranscriptContribution(s, {
          ...rest,
          turns: transcript === undefined ? turns! : parseTranscriptText(transcript),
          conferenceId,
          authorId: user.id,
        }),
      );
      return reply.status(202).send({ liveRound });
    },
  });

  app.route({
    ...routeOf(ops.uploadLiveRecording),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const liveRound = await importLiveRecording(s, request.params.id, user.id, (conferenceId) =>
        receiveMediaUpload(request, s, { conferenceId, authorId: user.id }),
      );
      return reply.status(202).send({ liveRound });
    },
  });
}
