import { interviewOperations as ops } from '@colloquy/contract';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, badRequest, notFound } from '../../core/errors.ts';
import { grantExtraTake } from '../../interview/extra-takes.ts';
import { createOpening, interviewView, openingForUser, updateOpeningSettings } from '../../interview/interviews.ts';
import { decide, deleteDataAsHost, inviteCandidates, listInvitations, remindNow, revokeInvitation } from '../../interview/invitations.ts';
import { promptMediaFor, promptMediaTarget, savePromptMedia } from '../../interview/prompt-media.ts';
import {
  createTemplate,
  listTemplates,
  questionSetForUser,
  questionSetView,
  questionView,
  replaceQuestionSet,
} from '../../interview/question-sets.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { sendFileWithRanges } from '../ranges.ts';
import { routeOf } from '../route.ts';

/** Hosts build openings (question sets, questions, rubric, settings) and manage their candidates; members read them. */
export async function interviewsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.route({
    ...routeOf(ops.createQuestionSet),
    handler: async (request, reply) => {
      const questionSet = await createTemplate(s, request.params.id, requireUser(request).id, request.body);
      return reply.status(201).send({ questionSet });
    },
  });

  app.route({
    ...routeOf(ops.listQuestionSets),
    handler: async (request) => ({ questionSets: await listTemplates(s, request.params.id, requireUser(request).id) }),
  });

  app.route({
    ...routeOf(ops.getQuestionSet),
    handler: async (request) => ({
      questionSet: await questionSetView(s.db, await questionSetForUser(s.db, request.params.id, requireUser(request).id)),
    }),
  });

  app.route({
    ...routeOf(ops.replaceQuestionSet),
    handler: async (request) => ({ questionSet: await replaceQuestionSet(s, request.params.id, requireUser(request).id, request.body) }),
  });

  app.route({
    ...routeOf(ops.setPromptMedia),
    handler: async (request) => {
      const question = await promptMediaTarget(s, request.params.id, requireUser(request).id);
      if (!request.isMultipart()) throw new AppError('E_NOT_MULTIPART', 'send multipart/form-data with the video in a "file" field', 415);
      const part = (await request.file({ limits: { fileSize: s.config.maxUploadBytes, files: 1 } })) as MultipartFile | undefined;
      if (part?.fieldname !== 'file') {
        part?.file.resume();
        throw badRequest('attach the video as the "file" field', 'E_NO_FILE');
      }
      return { question: questionView(await savePromptMedia(s, question, part.file)) };
    },
  });

  app.route({
    ...routeOf(ops.getPromptMedia),
    handler: async (request, reply) => {
      const media = await promptMediaFor(s, request.params.id, requireUser(request).id);
      if (!media) throw notFound('prompt video');
      return sendFileWithRanges(request, reply, s.storage, media.key, media.mime);
    },
  });

  app.route({
    ...routeOf(ops.createInterview),
    handler: async (request, reply) => {
      const interview = await createOpening(s, request.params.id, requireUser(request).id, request.body);
      return reply.status(201).send({ interview });
    },
  });

  app.route({
    ...routeOf(ops.getInterview),
    handler: async (request) => ({
      interview: await interviewView(s.db, await openingForUser(s.db, request.params.id, requireUser(request).id)),
    }),
  });

  app.route({
    ...routeOf(ops.updateInterview),
    handler: async (request) => ({ interview: await updateOpeningSettings(s, request.params.id, requireUser(request).id, request.body) }),
  });

  app.route({
    ...routeOf(ops.inviteCandidates),
    handler: async (request, reply) => {
      const invitations = await inviteCandidates(s, request.params.id, requireUser(request).id, request.body);
      return reply.status(201).send({ invitations });
    },
  });

  app.route({
    ...routeOf(ops.listInvitations),
    handler: async (request) => ({ invitations: await listInvitations(s, request.params.id, requireUser(request).id) }),
  });

  app.route({
    ...routeOf(ops.remindCandidate),
    handler: async (request) => ({ invitation: await remindNow(s, request.params.id, requireUser(request).id) }),
  });

  app.route({
    ...routeOf(ops.grantExtraTake),
    handler: async (request) => ({
      invitation: await grantExtraTake(s, request.params.id, request.params.questionId, requireUser(request).id),
    }),
  });

  app.route({
    ...routeOf(ops.revokeInvitation),
    handler: async (request, reply) => {
      await revokeInvitation(s, request.params.id, requireUser(request).id);
      return reply.status(204).send(null);
    },
  });

  app.route({
    ...routeOf(ops.decideOnCandidate),
    handler: async (request) => ({ invitation: await decide(s, request.params.id, requireUser(request).id, request.body.decision) }),
  });

  app.route({
    ...routeOf(ops.deleteCandidateData),
    handler: async (request) => ({ invitation: await deleteDataAsHost(s, request.params.id, requireUser(request).id) }),
  });
}
