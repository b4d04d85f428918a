import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound, unsupportedMedia } from '../../core/errors.ts';
import { completeUpload, appendChunk, createUpload, uploadStatus } from '../../interview/answer-upload.ts';
import {
  candidateView,
  completeInterview,
  giveConsent,
  interviewClosed,
  invitationForToken,
  questionOf,
  requestDeletion,
} from '../../interview/candidate.ts';
import { startTake } from '../../interview/takes.ts';
import { sendFileWithRanges } from '../ranges.ts';
import { errorResponses } from '../schemas.ts';
import { questionSchema } from './interviews.routes.ts';
import type { Services } from '../../services.ts';

/**
 * A candidate's interview, reached with the token in their link (/i/<token>) and no account or
 * session: their questions, takes, chunked uploads, consent, finishing and deletion. A token
 * reaches only its own invitation; unknown, malformed, revoked tokens all get the same 404.
 * The rules (consent first, deadline, takes) live in services/src/interview/.
 */

type TokenParams = { token: string };
type QuestionParams = TokenParams & { qid: string };
type UploadParams = TokenParams & { uploadId: string };

// Any string: a malformed token or id gets the same 404 as an unknown one, not a validation error.
const str = { type: 'string', maxLength: 200 } as const;
const tokenParams = { type: 'object', required: ['token'], properties: { token: str } } as const;
const questionParams = { type: 'object', required: ['token', 'qid'], properties: { token: str, qid: str } } as const;
const uploadParams = { type: 'object', required: ['token', 'uploadId'], properties: { token: str, uploadId: str } } as const;

const nullable = (type: string) => ({ type: [type, 'null'] });
const answerSchema = {
  type: 'object',
  properties: { questionId: { type: 'string' }, take: { type: 'integer' }, durationMs: nullable('integer'), status: { type: 'string' } },
} as const;
const candidateQuestionSchema = {
  type: 'object',
  properties: {
    ...questionSchema.properties,
    takesUsed: { type: 'integer' },
    takesLeft: { type: 'integer' },
    answer: {
      type: ['object', 'null'],
      properties: { take: { type: 'integer' }, durationMs: nullable('integer'), status: { type: 'string' } },
    },
  },
} as const;
const viewSchema = {
  type: 'object',
  properties: {
    candidate: { type: ['object', 'null'], properties: { name: { type: 'string' } } },
    status: { type: 'string', enum: ['invited', 'started', 'completed', 'expired', 'deleted'] },
    deadline: { type: 'string' },
    consentedAt: nullable('string'),
    graceS: { type: 'integer', description: 'seconds an answer may run past its time limit' },
    interview: {
      type: 'object',
      properties: {
        title: { type: 'string' },
        description: { type: 'string' },
        timeline: { type: 'string' },
        spaceName: { type: 'string' },
        aiSummaries: { type: 'boolean' },
        contactEmail: nullable('string'),
        retentionDays: { type: 'integer' },
        consent: {
          type: 'object',
          properties: { reviewers: { type: 'string' }, ai: { type: 'string' }, deletion: { type: 'string' } },
        },
      },
    },
    questions: { type: 'array', items: candidateQuestionSchema },
  },
} as const;

const linkErrors = { 404: errorResponses[404], 400: errorResponses[400] };
const writeErrors = { ...linkErrors, 409: errorResponses[400], 410: errorResponses[400] };

/** The token is in the URL: these routes log at warn, so request logs (with their URL) never record it. */
const QUIET = 'warn';
const TAGS = ['candidates'];

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

function registerCandidateRoutes(app: FastifyInstance, s: Services) {
  const invitation = (request: FastifyRequest<{ Params: TokenParams }>) => invitationForToken(s.db, request.params.token);

  app.get<{ Params: TokenParams }>(
    '/api/i/:token',
    {
      logLevel: QUIET,
      schema: {
        tags: TAGS,
        summary: "The candidate's interview: questions, takes used and left, their answers, and what happens to the recordings",
        description:
          "After the candidate deleted their data: {candidate: null, status: 'deleted', deadline, interview: {title, spaceName, contactEmail}, questions: []}.",
        security: [],
        params: tokenParams,
        response: { 200: viewSchema, ...linkErrors },
      },
    },
    async (request, reply) => {
      const inv = await invitation(request);
      reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
      return candidateView(s, inv);
    },
  );

  app.post<{ Params: TokenParams; Body: { agree: true } }>(
    '/api/i/:token/consent',
    {
      logLevel: QUIET,
      schema: {
        tags: TAGS,
        summary: 'Agree to be recorded on the terms shown (who sees the recordings, AI, retention)',
        security: [],
        params: tokenParams,
        body: { type: 'object', required: ['agree'], additionalProperties: false, properties: { agree: { type: 'boolean', const: true } } },
        response: { 200: { type: 'object', properties: { consentedAt: { type: 'string' } } }, ...writeErrors },
      },
    },
    async (request) => giveConsent(s, (await invitation(request)).id),
  );

  app.get<{ Params: QuestionParams }>(
    '/api/i/:token/questions/:qid/prompt-media',
    {
      logLevel: QUIET,
      schema: {
        tags: TAGS,
        summary: "The host's recording of the question, with HTTP Range support",
        security: [],
        params: questionParams,
      },
    },
    async (request, reply) => {
      const inv = await invitation(request);
      if (inv.deleted_at) throw interviewClosed('your recordings were deleted: this link accepts nothing more');
      const question = await questionOf(s.db, inv, request.params.qid);
      if (!question.prompt_media_path) throw notFound('prompt media');
      reply.header('referrer-policy', 'no-referrer');
      return sendFileWithRanges(
        request,
        reply,
        s.storage.resolve(question.prompt_media_path),
        question.prompt_mime ?? 'application/octet-stream',
      );
    },
  );

  app.post<{ Params: QuestionParams }>(
    '/api/i/:token/questions/:qid/takes',
    {
      logLevel: QUIET,
      schema: {
        tags: TAGS,
        summary: 'Count a take: call it when recording starts (1 + retakes per question)',
        security: [],
        params: questionParams,
        response: {
          201: {
            type: 'object',
            properties: { take: { type: 'integer' }, takesUsed: { type: 'integer' }, takesLeft: { type: 'integer' } },
          },
          ...writeErrors,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await startTake(s, (await invitation(request)).id, request.params.qid)),
  );

  app.post<{ Params: QuestionParams; Body: { take: number; sizeBytes: number } }>(
    '/api/i/:token/questions/:qid/uploads',
    {
      logLevel: QUIET,
      schema: {
        tags: TAGS,
        summary: 'Start a resumable upload of the latest take; then PUT its chunks in order',
        security: [],
        params: questionParams,
        body: {
          type: 'object',
          required: ['take', 'sizeBytes'],
          additionalProperties: false,
          properties: { take: { type: 'integer', minimum: 1 }, sizeBytes: { type: 'integer', minimum: 1 } },
        },
        response: {
          201: {
            type: 'object',
            properties: { uploadId: { type: 'string' }, receivedBytes: { type: 'integer' }, chunkBytes: { type: 'integer' } },
          },
          ...writeErrors,
          413: errorResponses[400],
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createUpload(s, (await invitation(request)).id, request.params.qid, request.body)),
  );

  app.put<{ Params: UploadParams; Querystring: { offset: number }; Body: Buffer }>(
    '/api/i/:token/uploads/:uploadId',
    {
      logLevel: QUIET,
      bodyLimit: s.config.interviews.chunkBytes,
      schema: {
        tags: TAGS,
        summary: 'Append a chunk (application/octet-stream) at ?offset=N',
        description:
          'A chunk already received is accepted again. A chunk past the received bytes is 409 E_UPLOAD_OFFSET: GET the upload for receivedBytes and resume from there.',
        security: [],
        consumes: ['application/octet-stream'],
        params: uploadParams,
        querystring: { type: 'object', required: ['offset'], properties: { offset: { type: 'integer', minimum: 0 } } },
        response: {
          200: { type: 'object', properties: { receivedBytes: { type: 'integer' } } },
          ...writeErrors,
          413: errorResponses[400],
          415: errorResponses[400],
        },
      },
    },
    async (request) => {
      const inv = await invitation(request);
      // Other types this app parses (JSON) reach here as objects: a chunk is raw bytes only.
      if (!Buffer.isBuffer(request.body)) throw unsupportedMedia('send the chunk as application/octet-stream');
      return appendChunk(s, inv.id, request.params.uploadId, request.query.offset, request.body);
    },
  );

  app.get<{ Params: UploadParams }>(
    '/api/i/:token/uploads/:uploadId',
    {
      logLevel: QUIET,
      schema: {
        tags: TAGS,
        summary: 'How much of an upload arrived: resume from receivedBytes',
        security: [],
        params: uploadParams,
        response: {
          200: {
            type: 'object',
            properties: { receivedBytes: { type: 'integer' }, sizeBytes: { type: 'integer' }, completed: { type: 'boolean' } },
          },
          ...linkErrors,
        },
      },
    },
    async (request) => uploadStatus(s, (await invitation(request)).id, request.params.uploadId),
  );

  app.post<{ Params: UploadParams }>(
    '/api/i/:token/uploads/:uploadId/complete',
    {
      logLevel: QUIET,
      schema: {
        tags: TAGS,
        summary: "Keep the uploaded take as the question's answer (checked: audio or video, not longer than the limit + grace)",
        description:
          'Completing again returns the same answer. 415 when the bytes are not audio or video, 422 E_ANSWER_TOO_LONG when too long (the take stays counted).',
        security: [],
        params: uploadParams,
        response: {
          201: { type: 'object', properties: { answer: answerSchema } },
          ...writeErrors,
          415: errorResponses[400],
          422: errorResponses[400],
        },
      },
    },
    async (request, reply) => {
      const answer = await completeUpload(s, (await invitation(request)).id, request.params.uploadId);
      return reply.status(201).send({ answer });
    },
  );

  app.post<{ Params: TokenParams }>(
    '/api/i/:token/complete',
    {
      logLevel: QUIET,
      schema: {
        tags: TAGS,
        summary: 'Finish the interview once every question is answered (409 E_ANSWERS_MISSING otherwise)',
        security: [],
        params: tokenParams,
        response: { 200: { type: 'object', properties: { completedAt: { type: 'string' } } }, ...writeErrors },
      },
    },
    async (request) => completeInterview(s, (await invitation(request)).id),
  );

  app.post<{ Params: TokenParams }>(
    '/api/i/:token/deletion',
    {
      logLevel: QUIET,
      schema: {
        tags: TAGS,
        summary: 'Delete my recordings: every answer, transcript, statement, label and vector; the link then shows "deleted" only',
        security: [],
        params: tokenParams,
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } }, ...linkErrors },
      },
    },
    async (request) => requestDeletion(s, await invitation(request), request.params.token),
  );
}
