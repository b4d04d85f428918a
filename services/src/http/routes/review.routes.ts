import { interviewOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { answerDetail, reviewGrid } from '../../interview/review.ts';
import { readScores, saveDraft, shortlist, submitReview } from '../../interview/scoring.ts';
import { shareAnswer } from '../../interview/share.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

/**
 * Reviewers: any member of an opening's space. The grid of candidates × questions, one answer in
 * full with AI evidence, blind scoring against the rubric, the shortlist, and sharing one answer
 * with an outside reviewer. Non-members get 404 for all of it.
 */
export async function reviewRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.route({
    ...routeOf(ops.getReviewGrid),
    handler: async (request) => reviewGrid(s, request.params.id, requireUser(request).id),
  });

  app.route({
    ...routeOf(ops.getAnswer),
    handler: async (request) => answerDetail(s, request.params.id, requireUser(request).id),
  });

  app.route({
    ...routeOf(ops.getInvitationScores),
    handler: async (request) => readScores(s, request.params.id, requireUser(request)),
  });

  app.route({
    ...routeOf(ops.saveScores),
    handler: async (request) => ({ mine: await saveDraft(s, request.params.id, requireUser(request), request.body) }),
  });

  app.route({
    ...routeOf(ops.submitReview),
    handler: async (request) => ({ mine: await submitReview(s, request.params.id, requireUser(request)) }),
  });

  app.route({
    ...routeOf(ops.getShortlist),
    handler: async (request) => shortlist(s, request.params.id, requireUser(request)),
  });

  app.route({
    ...routeOf(ops.shareAnswer),
    handler: async (request, reply) => reply.status(201).send(await shareAnswer(s, request.params.id, requireUser(request), request.body)),
  });
}
