import { candidateOperations as ops, liveRoundOperations as liveOps } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound, unsupportedMedia } from '../../core/errors.ts';
import { appendChunk, completeUpload, createUpload, uploadStatus } from '../../interview/answer-upload.ts';
import {
  candidateView,
  completeInterview,
  giveConsent,
  interviewClosed,
  invitationForToken,
  questionOf,
  requestDeletion,
} from '../../interview/candidate.ts';
import { candidateLive, pickSlot } from '../../interview/live-slots.ts';
import { startTake } from '../../interview/takes.ts';
import type { Services } from '../../services.ts';
import { sendFileWithRanges } from '../ranges.ts';
import { routeOf } from '../route.ts';

/**
 * A candidate's interview, reached with the token in their link (/i/<token>) and no account or
 * session: their questions, takes, chunked uploads, consent, finishing and deletion. A token
 * reaches only its own invitation; unknown, malformed, revoked tokens all get the same 404.
 * The rules (consent first, deadline, takes) live in services/src/interview/.
 */

/** The token is in the URL: these routes log at warn, so request logs (with their URL) never record it. */
const QUIET = 'warn';

export async function candidateRoutes(app: FastifyInstance, s: Services) {
  // Encapsulated: the octet-stream parser for chunks exists for these routes only.
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: s.config.interviews.chunkBytes },
      (_req, body, done) => done(null, body),
    );
    registerCandidateRoutes(scoped, s);
  });
}

function registerCandidateRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const invitation = (token: string) => invitationForToken(s.db, token);

  app.route({
    ...routeOf(ops.getCandidateLink),
    logLevel: QUIET,
    handler: async (request, reply) => {
      const inv = await invitation(request.params.token);
      reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
      return candidateView(s, inv);
    },
  });

  app.route({
    ...routeOf(ops.giveConsent),
    logLevel: QUIET,
    handler: async (request) => giveConsent(s, (await invitation(request.params.token)).id),
  });

  app.route({
    ...routeOf(ops.getCandidatePromptMedia),
    logLevel: QUIET,
    handler: async (request, reply) => {
      const inv = await invitation(request.params.token);
      if (inv.deleted_at) throw interviewClosed('your recordings were deleted: this link accepts nothing more');
      const question = await questionOf(s.db, inv, request.params.qid);
      if (!question.prompt_media_path) throw notFound('prompt media');
      reply.header('referrer-policy', 'no-referrer');
      return sendFileWithRanges(request, reply, s.storage, question.prompt_media_path, question.prompt_mime ?? 'application/octet-stream');
    },
  });

  app.route({
    ...routeOf(ops.startTake),
    logLevel: QUIET,
    handler: async (request, reply) =>
      reply.status(201).send(await startTake(s, (await invitation(request.params.token)).id, request.params.qid)),
  });

  app.route({
    ...routeOf(ops.createUpload),
    logLevel: QUIET,
    handler: async (request, reply) =>
      reply.status(201).send(await createUpload(s, (await invitation(request.params.token)).id, request.params.qid, request.body)),
  });

  app.route({
    ...routeOf(ops.appendChunk),
    logLevel: QUIET,
    bodyLimit: s.config.interviews.chunkBytes,
    handler: async (request) => {
      const inv = await invitation(request.params.token);
      // The body is raw bytes from the octet-stream parser; other types this app parses (JSON) arrive as objects.
      const chunk: unknown = request.body;
      if (!Buffer.isBuffer(chunk)) throw unsupportedMedia('send the chunk as application/octet-stream');
      return appendChunk(s, inv.id, request.params.uploadId, request.query.offset, chunk);
    },
  });

  app.route({
    ...routeOf(ops.getUploadStatus),
    logLevel: QUIET,
    handler: async (request) => uploadStatus(s, (await invitation(request.params.token)).id, request.params.uploadId),
  });

  app.route({
    ...routeOf(ops.completeUpload),
    logLevel: QUIET,
    handler: async (request, reply) => {
      const answer = await completeUpload(s, (await invitation(request.params.token)).id, request.params.uploadId);
      return reply.status(201).send({ answer });
    },
  });

  app.route({
    ...routeOf(ops.completeInterview),
    logLevel: QUIET,
    handler: async (request) => completeInterview(s, (await invitation(request.params.token)).id),
  });

  app.route({
    ...routeOf(ops.requestDeletion),
    logLevel: QUIET,
    handler: async (request) => requestDeletion(s, await invitation(request.params.token), request.params.token),
  });

  // The live round: an advanced candidate picks a slot with the same link.
  app.route({
    ...routeOf(liveOps.getCandidateLive),
    logLevel: QUIET,
    handler: async (request, reply) => {
      const inv = await invitation(request.params.token);
      reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
      return { liveRound: await candidateLive(s, inv) };
    },
  });

  app.route({
    ...routeOf(liveOps.pickLiveSlot),
    logLevel: QUIET,
    handler: async (request) => ({ liveRound: await pickSlot(s, await invitation(request.params.token), request.body.slotId) }),
  });
}
