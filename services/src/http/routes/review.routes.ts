import type { FastifyInstance } from 'fastify';
import { answerDetail, reviewGrid } from '../../interview/review.ts';
import { MAX_COMMENT, readScores, saveDraft, shortlist, submitReview, type DraftInput } from '../../interview/scoring.ts';
import { shareAnswer, type ShareInput } from '../../interview/share.ts';
import { requireUser } from '../auth.ts';
import { contributionSchema, errorResponses, idParams } from '../schemas.ts';
import { criterionSchema, questionSchema } from './interviews.routes.ts';
import type { Services } from '../../services.ts';

/**
 * Reviewers: any member of an opening's space. The grid of candidates × questions, one answer in
 * full with AI evidence, blind scoring against the rubric, the shortlist, and sharing one answer
 * with an outside reviewer. Non-members get 404 for all of it.
 */

type Id = { id: string };
const uuid = { type: 'string', format: 'uuid' } as const;
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });

const answerSchema = {
  type: 'object',
  properties: {
    id: uuid,
    invitationId: uuid,
    questionId: uuid,
    contributionId: nullable('string'),
    take: { type: 'integer' },
    durationMs: nullable('integer'),
    status: { type: 'string', enum: ['queued', 'processing', 'ready', 'failed', 'deleted'] },
    gist: {
      ...nullable('string'),
      description: "the summary's title or the first statement's gist (AI); null when the opening has AI summaries off",
    },
    statementCount: { type: 'integer' },
  },
} as const;

const scoreSchema = {
  type: 'object',
  properties: { criterionId: uuid, value: { type: 'integer' }, comment: { type: 'string' } },
} as const;

const reviewSchema = {
  type: 'object',
  properties: {
    submittedAt: { ...nullable('string'), description: 'null while a draft' },
    comment: { type: 'string' },
    scores: { type: 'array', items: scoreSchema },
  },
} as const;

const aggregateSchema = {
  type: ['object', 'null'],
  description: 'submitted reviews only; null until you have submitted yours',
  properties: {
    mean: { type: 'number', description: "0..1: each criterion's mean placed on its scale, averaged over the criteria" },
    reviews: { type: 'integer' },
    criteria: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          criterionId: uuid,
          mean: nullable('number'),
          min: nullable('number'),
          max: nullable('number'),
          spread: nullable('number'),
          n: { type: 'integer' },
          disagreement: { type: 'boolean', description: 'max − min is at least half the scale range' },
        },
      },
    },
    disagreement: { type: 'boolean' },
  },
} as const;

const invitationStatus = { type: 'string', enum: ['invited', 'started', 'completed', 'expired', 'revoked', 'deleted'] } as const;
const decision = { ...nullable('string'), description: "'advanced', 'rejected' or null while undecided" } as const;

const evidenceStatement = {
  type: 'object',
  properties: {
    statementId: uuid,
    startMs: { type: 'integer' },
    endMs: { type: 'integer' },
    text: { type: 'string' },
    similarity: { type: 'number' },
  },
} as const;

const evidenceSchema = {
  type: ['object', 'null'],
  description: 'suggestions for the reviewer, never a score (AI); null when the opening has AI summaries off',
  properties: {
    ai: { type: 'boolean' },
    provider: { type: 'string', description: 'the embedder that matched statements to criteria' },
    model: { type: 'string' },
    summary: {
      type: ['object', 'null'],
      properties: {
        text: { type: 'string' },
        statementIds: { type: 'array', items: uuid },
        provider: { type: 'string' },
        model: { type: 'string' },
      },
    },
    criteria: {
      type: 'array',
      description: "per criterion of the answer's question or the whole interview: the answer's statements closest to it (at most 3)",
      items: { type: 'object', properties: { criterionId: uuid, statements: { type: 'array', items: evidenceStatement } } },
    },
  },
} as const;

const withConflict = { ...errorResponses, 409: errorResponses[400] };

export async function reviewRoutes(app: FastifyInstance, s: Services) {
  app.get<{ Params: Id }>(
    '/api/interviews/:id/review',
    {
      schema: {
        tags: ['interview review'],
        summary:
          'The review grid: non-practice questions, the rubric, and each candidate with their answers, your review and how many reviews are in',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              questions: { type: 'array', items: questionSchema },
              criteria: { type: 'array', items: criterionSchema },
              candidates: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    invitationId: uuid,
                    name: { type: 'string' },
                    status: invitationStatus,
                    completedAt: nullable('string'),
                    decision,
                    answers: { type: 'array', items: answerSchema },
                    myReview: reviewSchema,
                    reviewsSubmitted: { type: 'integer' },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => reviewGrid(s, request.params.id, requireUser(request).id),
  );

  app.get<{ Params: Id }>(
    '/api/answers/:id',
    {
      schema: {
        tags: ['interview review'],
        summary: 'One answer: its question, its candidate, the contribution (as GET /api/contributions/:id) and AI evidence for the rubric',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              answer: answerSchema,
              question: questionSchema,
              candidate: { type: 'object', properties: { invitationId: uuid, name: { type: 'string' } } },
              contribution: { ...contributionSchema, type: ['object', 'null'], description: "null once the candidate's data is deleted" },
              evidence: evidenceSchema,
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => answerDetail(s, request.params.id, requireUser(request).id),
  );

  app.get<{ Params: Id }>(
    '/api/invitations/:id/scores',
    {
      schema: {
        tags: ['interview review'],
        summary:
          "Your review of a candidate; the others' submitted reviews and the aggregate only once yours is submitted (blind until done)",
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              mine: reviewSchema,
              others: {
                type: ['array', 'null'],
                items: {
                  type: 'object',
                  properties: {
                    reviewer: { type: 'object', properties: { id: uuid, name: { type: 'string' } } },
                    ...reviewSchema.properties,
                  },
                },
              },
              aggregate: aggregateSchema,
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => readScores(s, request.params.id, requireUser(request)),
  );

  app.put<{ Params: Id; Body: DraftInput }>(
    '/api/invitations/:id/scores',
    {
      schema: {
        tags: ['interview review'],
        summary: 'Save your draft: its scores become those given (a criterion left out is unscored); the comment changes when given',
        description:
          '409 E_REVIEW_SUBMITTED once submitted; 400 E_UNKNOWN_CRITERION for a criterion outside the rubric; 400 E_SCORE_OUT_OF_SCALE.',
        params: idParams,
        body: {
          type: 'object',
          required: ['scores'],
          additionalProperties: false,
          properties: {
            scores: {
              type: 'array',
              maxItems: 200,
              items: {
                type: 'object',
                required: ['criterionId', 'value'],
                additionalProperties: false,
                // Any string: a criterion outside the rubric gets E_UNKNOWN_CRITERION, not a validation error.
                properties: {
                  criterionId: { type: 'string', maxLength: 100 },
                  value: { type: 'integer' },
                  comment: { type: 'string', maxLength: MAX_COMMENT },
                },
              },
            },
            comment: { type: 'string', maxLength: MAX_COMMENT },
          },
        },
        response: { 200: { type: 'object', properties: { mine: reviewSchema } }, ...withConflict },
      },
    },
    async (request) => ({ mine: await saveDraft(s, request.params.id, requireUser(request), request.body) }),
  );

  app.post<{ Params: Id }>(
    '/api/invitations/:id/scores/submit',
    {
      schema: {
        tags: ['interview review'],
        summary: 'Submit your review: final, and only possible once every criterion is scored (409 E_SCORES_MISSING)',
        params: idParams,
        response: { 200: { type: 'object', properties: { mine: reviewSchema } }, ...withConflict },
      },
    },
    async (request) => ({ mine: await submitReview(s, request.params.id, requireUser(request)) }),
  );

  app.get<{ Params: Id }>(
    '/api/interviews/:id/shortlist',
    {
      schema: {
        tags: ['interview review'],
        summary: 'Candidates ranked by their aggregate; you see the aggregate and rank only of candidates you have reviewed yourself',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              candidates: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    invitationId: uuid,
                    name: { type: 'string' },
                    status: invitationStatus,
                    decision,
                    reviews: { type: 'integer', description: 'submitted reviews' },
                    aggregate: aggregateSchema,
                    rank: { ...nullable('integer'), description: '1 = best mean; equal means share a rank' },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => shortlist(s, request.params.id, requireUser(request)),
  );

  app.post<{ Params: Id; Body: ShareInput }>(
    '/api/answers/:id/share',
    {
      schema: {
        tags: ['interview review'],
        summary:
          'Share one answer with an outside reviewer: an emailed expert link (/x/<token>) that opens this whole answer and nothing else',
        description:
          'A forward of the answer (revoke it with DELETE /api/forwards/:id); the note defaults to the question. As for any forward, ' +
          'only owners and hosts may add an address new to the directory (403). 409 E_ANSWER_NOT_READY while the answer is processed.',
        params: idParams,
        body: {
          type: 'object',
          required: ['email'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', format: 'email', maxLength: 254 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            note: { type: 'string', maxLength: 2000 },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              forward: { type: 'object', properties: { id: uuid, expiresAt: nullable('string') } },
              link: {
                ...nullable('string'),
                description: 'the link (shown once; it is also emailed); null when the address is a member’s',
              },
            },
          },
          ...withConflict,
        },
      },
    },
    async (request, reply) => {
      const { forward, link } = await shareAnswer(s, request.params.id, requireUser(request), request.body);
      return reply.status(201).send({ forward: { id: forward.id, expiresAt: forward.expires_at }, link });
    },
  );
}
