import type { FastifyInstance } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { AppError, badRequest, notFound } from '../../core/errors.ts';
import {
  createOpening,
  interviewView,
  openingForUser,
  updateOpeningSettings,
  type OpeningInput,
  type SettingsPatch,
} from '../../interview/interviews.ts';
import {
  decide,
  deleteDataAsHost,
  inviteCandidates,
  listInvitations,
  remindNow,
  revokeInvitation,
  type Decision,
  type InviteInput,
} from '../../interview/invitations.ts';
import { grantExtraTake } from '../../interview/extra-takes.ts';
import { promptMediaFor, promptMediaTarget, PROMPT_MEDIA_MAX_S, savePromptMedia } from '../../interview/prompt-media.ts';
import {
  createTemplate,
  listTemplates,
  questionSetForUser,
  questionSetView,
  questionView,
  replaceQuestionSet,
  QUESTION_LIMITS,
} from '../../interview/question-sets.ts';
import { requireUser } from '../auth.ts';
import { sendFileWithRanges } from '../ranges.ts';
import { errorResponses, idParams } from '../schemas.ts';
import type { Services } from '../../services.ts';

type Id = { id: string };
const uuid = { type: 'string', format: 'uuid' } as const;
const nullable = (type: string) => ({ type: [type, 'null'] });
const error409 = { 409: errorResponses[400] } as const;

export const questionSchema = {
  type: 'object',
  properties: {
    id: uuid,
    position: { type: 'integer', description: '1-based' },
    prompt: { type: 'string' },
    thinkTimeS: { type: 'integer' },
    timeLimitS: { type: 'integer' },
    retakes: { type: 'integer', description: 'recordings allowed after the first' },
    isPractice: { type: 'boolean', description: 'a warm-up: never uploaded, scored or shown to reviewers' },
    hasPromptMedia: { type: 'boolean', description: 'a host recorded a video of the question' },
  },
} as const;

export const questionSetSchema = {
  type: 'object',
  properties: {
    id: uuid,
    spaceId: uuid,
    title: { type: 'string' },
    isTemplate: { type: 'boolean' },
    questions: { type: 'array', items: questionSchema },
  },
} as const;

export const criterionSchema = {
  type: 'object',
  properties: {
    id: uuid,
    questionId: { ...nullable('string'), description: 'null: the criterion is about the whole interview' },
    position: { type: 'integer' },
    name: { type: 'string' },
    description: { type: 'string' },
    scaleMin: { type: 'integer' },
    scaleMax: { type: 'integer' },
    anchors: { type: 'object', properties: { weak: { type: 'string' }, average: { type: 'string' }, strong: { type: 'string' } } },
  },
} as const;

export const interviewSchema = {
  type: 'object',
  properties: {
    conferenceId: uuid,
    spaceId: uuid,
    title: { type: 'string' },
    description: { type: 'string' },
    timeline: { type: 'string', description: 'shown to candidates: what happens after they answer, and when' },
    aiSummaries: { type: 'boolean' },
    retentionDays: { type: 'integer' },
    contactEmail: nullable('string'),
    questionSetId: uuid,
    questions: { type: 'array', items: questionSchema },
    criteria: { type: 'array', items: criterionSchema },
    role: { type: 'string', enum: ['owner', 'host', 'member'] },
  },
} as const;

export const invitationSchema = {
  type: 'object',
  properties: {
    id: uuid,
    candidateName: { type: 'string' },
    candidateEmail: { ...nullable('string'), description: 'null once their data is deleted' },
    deadline: { type: 'string' },
    status: { type: 'string', enum: ['invited', 'started', 'completed', 'expired', 'revoked', 'deleted'] },
    consentedAt: nullable('string'),
    startedAt: nullable('string'),
    completedAt: nullable('string'),
    remindedAt: nullable('string'),
    decision: { type: ['string', 'null'], enum: ['advanced', 'rejected', null] },
    answered: { type: 'integer', description: 'non-practice questions answered' },
    questionCount: { type: 'integer', description: 'non-practice questions' },
    stuck: {
      type: 'array',
      description: 'real questions with no answer and no takes left (empty unless invited or started): a host can allow another take',
      items: {
        type: 'object',
        properties: {
          questionId: uuid,
          position: { type: 'integer' },
          number: { type: 'integer', description: '1-based among real questions' },
          prompt: { type: 'string' },
        },
      },
    },
  },
} as const;

/** Loose on purpose: the limits are checked in the interview modules, which answer with stable codes (E_BAD_QUESTIONS, …). */
const questionInput = {
  type: 'object',
  required: ['prompt'],
  properties: {
    prompt: { type: 'string', description: `1–${QUESTION_LIMITS.promptChars} characters` },
    thinkTimeS: { type: 'integer', default: 30, description: `${QUESTION_LIMITS.thinkTimeS.min}–${QUESTION_LIMITS.thinkTimeS.max}` },
    timeLimitS: { type: 'integer', default: 120, description: `${QUESTION_LIMITS.timeLimitS.min}–${QUESTION_LIMITS.timeLimitS.max}` },
    retakes: { type: 'integer', default: 1, description: `${QUESTION_LIMITS.retakes.min}–${QUESTION_LIMITS.retakes.max}` },
    isPractice: { type: 'boolean', default: false, description: 'at most one, and it comes first' },
  },
} as const;

const questionSetBody = {
  type: 'object',
  required: ['title', 'questions'],
  properties: {
    title: { type: 'string' },
    questions: {
      type: 'array',
      items: questionInput,
      description: `${QUESTION_LIMITS.questions.min}–${QUESTION_LIMITS.questions.max} questions`,
    },
  },
} as const;

const criterionInput = {
  type: 'object',
  required: ['name', 'anchors'],
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    question: { type: ['integer', 'null'], description: '1-based position in the question list; null or absent: the whole interview' },
    scaleMin: { type: 'integer', default: 1 },
    scaleMax: { type: 'integer', default: 5 },
    anchors: {
      type: 'object',
      required: ['weak', 'average', 'strong'],
      properties: { weak: { type: 'string' }, average: { type: 'string' }, strong: { type: 'string' } },
    },
  },
} as const;

const settingsProperties = {
  timeline: { type: 'string' },
  aiSummaries: { type: 'boolean' },
  retentionDays: {
    type: 'integer',
    description: 'days after a rejection (or after the deadline, when undecided) until the data is deleted; 1–3650',
  },
  contactEmail: { type: ['string', 'null'], description: 'who candidates write to about their data' },
} as const;

export async function interviewsRoutes(app: FastifyInstance, s: Services) {
  app.post<{ Params: Id; Body: { title: string; questions: unknown[] } }>(
    '/api/spaces/:id/question-sets',
    {
      schema: {
        tags: ['interviews'],
        summary: 'Create a question set template for this space (owners and hosts)',
        params: idParams,
        body: questionSetBody,
        response: { 201: { type: 'object', properties: { questionSet: questionSetSchema } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const questionSet = await createTemplate(s, request.params.id, requireUser(request).id, request.body);
      return reply.status(201).send({ questionSet });
    },
  );

  app.get<{ Params: Id }>(
    '/api/spaces/:id/question-sets',
    {
      schema: {
        tags: ['interviews'],
        summary: "This space's question set templates (any member)",
        params: idParams,
        response: { 200: { type: 'object', properties: { questionSets: { type: 'array', items: questionSetSchema } } }, ...errorResponses },
      },
    },
    async (request) => ({ questionSets: await listTemplates(s, request.params.id, requireUser(request).id) }),
  );

  app.get<{ Params: Id }>(
    '/api/question-sets/:id',
    {
      schema: {
        tags: ['interviews'],
        summary: "A question set: a template or an opening's own copy (any member)",
        params: idParams,
        response: { 200: { type: 'object', properties: { questionSet: questionSetSchema } }, ...errorResponses },
      },
    },
    async (request) => ({
      questionSet: await questionSetView(s.db, await questionSetForUser(s.db, request.params.id, requireUser(request).id)),
    }),
  );

  app.put<{ Params: Id; Body: { title: string; questions: unknown[] } }>(
    '/api/question-sets/:id',
    {
      schema: {
        tags: ['interviews'],
        summary: "Replace a question set's title and questions (owners and hosts)",
        description:
          'Questions are written position by position: a question keeps its id, prompt video and rubric criteria where one stood. ' +
          "An opening's own copy can change only until a candidate starts (409 E_INTERVIEW_STARTED); templates always (openings keep their copies).",
        params: idParams,
        body: questionSetBody,
        response: { 200: { type: 'object', properties: { questionSet: questionSetSchema } }, ...errorResponses, ...error409 },
      },
    },
    async (request) => ({ questionSet: await replaceQuestionSet(s, request.params.id, requireUser(request).id, request.body) }),
  );

  app.put<{ Params: Id }>(
    '/api/questions/:id/prompt-media',
    {
      schema: {
        tags: ['interviews'],
        summary: `Set a question's prompt video (multipart "file"; owners and hosts; at most ${PROMPT_MEDIA_MAX_S / 60} minutes)`,
        description:
          'The type is sniffed from the bytes (415 if not audio/video) and the duration probed (422 E_PROMPT_TOO_LONG). Replaces any earlier one.',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: {
          200: { type: 'object', properties: { question: questionSchema } },
          ...errorResponses,
          ...error409,
          413: errorResponses[400],
          415: errorResponses[400],
          422: errorResponses[400],
        },
      },
    },
    async (request) => {
      const question = await promptMediaTarget(s, request.params.id, requireUser(request).id);
      if (!request.isMultipart()) throw new AppError('E_NOT_MULTIPART', 'send multipart/form-data with the video in a "file" field', 415);
      const part = (await request.file({ limits: { fileSize: s.config.maxUploadBytes, files: 1 } })) as MultipartFile | undefined;
      if (part?.fieldname !== 'file') {
        part?.file.resume();
        throw badRequest('attach the video as the "file" field', 'E_NO_FILE');
      }
      return { question: questionView(await savePromptMedia(s, question, part.file)) };
    },
  );

  app.get<{ Params: Id }>(
    '/api/questions/:id/prompt-media',
    {
      schema: {
        tags: ['interviews'],
        summary: "A question's prompt video (any member; HTTP Range)",
        params: idParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const media = await promptMediaFor(s, request.params.id, requireUser(request).id);
      if (!media) throw notFound('prompt video');
      return sendFileWithRanges(request, reply, media.file, media.mime);
    },
  );

  app.post<{ Params: Id; Body: OpeningInput }>(
    '/api/spaces/:id/interviews',
    {
      schema: {
        tags: ['interviews'],
        summary: 'Create an opening: a conference of kind "interview" with its questions, rubric and settings (owners and hosts)',
        description:
          "Give templateId (a template's questions are copied: editing the template later does not change this opening) or questions. " +
          'Each criterion names its question by 1-based position (never the practice question), or none for the whole interview.',
        params: idParams,
        body: {
          type: 'object',
          required: ['title', 'criteria'],
          properties: {
            title: { type: 'string' },
            description: { type: 'string' },
            templateId: uuid,
            questions: { type: 'array', items: questionInput },
            criteria: { type: 'array', items: criterionInput, description: '1–20 criteria' },
            ...settingsProperties,
            aiSummaries: { type: 'boolean', default: true },
            retentionDays: { ...settingsProperties.retentionDays, default: 90 },
          },
        },
        response: { 201: { type: 'object', properties: { interview: interviewSchema } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const interview = await createOpening(s, request.params.id, requireUser(request).id, request.body);
      return reply.status(201).send({ interview });
    },
  );

  app.get<{ Params: Id }>(
    '/api/interviews/:id',
    {
      schema: {
        tags: ['interviews'],
        summary: 'An opening: settings, questions (practice included) and rubric (any member)',
        params: idParams,
        response: { 200: { type: 'object', properties: { interview: interviewSchema } }, ...errorResponses },
      },
    },
    async (request) => ({ interview: await interviewView(s.db, await openingForUser(s.db, request.params.id, requireUser(request).id)) }),
  );

  app.patch<{ Params: Id; Body: SettingsPatch }>(
    '/api/interviews/:id',
    {
      schema: {
        tags: ['interviews'],
        summary: "Change an opening's settings (owners and hosts); what is not given stays",
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: settingsProperties },
        response: { 200: { type: 'object', properties: { interview: interviewSchema } }, ...errorResponses },
      },
    },
    async (request) => ({ interview: await updateOpeningSettings(s, request.params.id, requireUser(request).id, request.body) }),
  );

  app.post<{ Params: Id; Body: InviteInput }>(
    '/api/interviews/:id/invitations',
    {
      schema: {
        tags: ['interviews'],
        summary: 'Invite candidates (owners and hosts): each gets an email with a personal link <PUBLIC_URL>/i/<token>',
        description:
          'The deadline is `deadline` (ISO) or `deadlineDays` from now (default 7); it must be in the future (E_BAD_DEADLINE). ' +
          'An address with a live invitation to this opening is refused (409 E_ALREADY_INVITED; revoke it first). Only the hash of a link is stored.',
        params: idParams,
        body: {
          type: 'object',
          required: ['candidates'],
          additionalProperties: false,
          properties: {
            candidates: {
              type: 'array',
              items: { type: 'object', required: ['name', 'email'], properties: { name: { type: 'string' }, email: { type: 'string' } } },
            },
            deadline: { type: 'string', description: 'ISO date and time' },
            deadlineDays: { type: 'number', description: 'days from now (default 7)' },
          },
        },
        response: {
          201: { type: 'object', properties: { invitations: { type: 'array', items: invitationSchema } } },
          ...errorResponses,
          ...error409,
        },
      },
    },
    async (request, reply) => {
      const invitations = await inviteCandidates(s, request.params.id, requireUser(request).id, request.body);
      return reply.status(201).send({ invitations });
    },
  );

  app.get<{ Params: Id }>(
    '/api/interviews/:id/invitations',
    {
      schema: {
        tags: ['interviews'],
        summary: "An opening's candidates with their status and progress (any member)",
        params: idParams,
        response: { 200: { type: 'object', properties: { invitations: { type: 'array', items: invitationSchema } } }, ...errorResponses },
      },
    },
    async (request) => ({ invitations: await listInvitations(s, request.params.id, requireUser(request).id) }),
  );

  app.post<{ Params: Id }>(
    '/api/invitations/:id/remind',
    {
      schema: {
        tags: ['interviews'],
        summary:
          'Email the candidate a reminder with a fresh link now (owners and hosts; invited or started candidates only, else 409 E_INVITATION_CLOSED)',
        params: idParams,
        response: { 200: { type: 'object', properties: { invitation: invitationSchema } }, ...errorResponses, ...error409 },
      },
    },
    async (request) => ({ invitation: await remindNow(s, request.params.id, requireUser(request).id) }),
  );

  app.post<{ Params: Id & { questionId: string } }>(
    '/api/invitations/:id/questions/:questionId/extra-take',
    {
      schema: {
        tags: ['interviews'],
        summary: 'Allow the candidate one more take of a question, e.g. after a recording was lost (owners and hosts)',
        description:
          'Adds to 1 + retakes for this candidate and question. 409 E_ALREADY_ANSWERED when the question has its answer; ' +
          '409 E_INVITATION_CLOSED when the candidate completed, expired, was revoked or deleted; 400 E_PRACTICE_NOT_UPLOADED for the practice question.',
        params: { type: 'object', required: ['id', 'questionId'], properties: { id: uuid, questionId: uuid } },
        response: { 200: { type: 'object', properties: { invitation: invitationSchema } }, ...errorResponses, ...error409 },
      },
    },
    async (request) => ({ invitation: await grantExtraTake(s, request.params.id, request.params.questionId, requireUser(request).id) }),
  );

  app.delete<{ Params: Id }>(
    '/api/invitations/:id',
    {
      schema: {
        tags: ['interviews'],
        summary: "Revoke an invitation (owners and hosts): the candidate's links stop working at once",
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeInvitation(s, request.params.id, requireUser(request).id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Id; Body: { decision: Decision } }>(
    '/api/invitations/:id/decision',
    {
      schema: {
        tags: ['interviews'],
        summary: 'Record the decision on a candidate: advanced, rejected, or null to undo (owners and hosts)',
        description: 'Rejected candidates have their data deleted retentionDays after the decision.',
        params: idParams,
        body: {
          type: 'object',
          required: ['decision'],
          additionalProperties: false,
          properties: { decision: { type: ['string', 'null'], enum: ['advanced', 'rejected', null] } },
        },
        response: { 200: { type: 'object', properties: { invitation: invitationSchema } }, ...errorResponses },
      },
    },
    async (request) => ({ invitation: await decide(s, request.params.id, requireUser(request).id, request.body.decision) }),
  );

  app.delete<{ Params: Id }>(
    '/api/invitations/:id/data',
    {
      schema: {
        tags: ['interviews'],
        summary:
          "Delete a candidate's recordings, transcripts, statements, vectors and reviews (owners and hosts), e.g. when they ask by email",
        description: 'The invitation stays, anonymised, with status "deleted"; its links stop working.',
        params: idParams,
        response: { 200: { type: 'object', properties: { invitation: invitationSchema } }, ...errorResponses },
      },
    },
    async (request) => ({ invitation: await deleteDataAsHost(s, request.params.id, requireUser(request).id) }),
  );
}
