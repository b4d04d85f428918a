import { z } from 'zod';
import { Text } from './text.ts';
import { Id, Int, IsoDate } from './common.ts';
import { binary } from './contributions.ts';
import { AnswerStatus, Question } from './interviews.ts';
import { defineOperations } from './operation.ts';

/**
 * A candidate's interview, reached with the token in their link (/i/<token>) and no account or
 * session: their questions, takes, chunked uploads, consent, finishing and deletion. A token
 * reaches only its own invitation; unknown, malformed and revoked tokens all get 404 E_LINK_INVALID.
 */

const TAGS = ['candidates'];

// Any string: a malformed token or id gets the same 404 as an unknown one, not a validation error.
const LinkPart = Text(200);
export const CandidateParams = z.object({ token: LinkPart });
export const CandidateQuestionParams = z.object({ token: LinkPart, qid: LinkPart });
export const CandidateUploadParams = z.object({ token: LinkPart, uploadId: LinkPart });

/** What a candidate sees: never 'revoked' (a revoked link is not found). */
export const CandidateStatus = z.enum(['invited', 'started', 'completed', 'expired', 'deleted']);
export type CandidateStatus = z.infer<typeof CandidateStatus>;

/** The answer kept for a question; its status is the contribution's in the pipeline, or 'deleted'. */
export const CandidateAnswerState = z.object({ take: z.int(), durationMs: z.int().nullable(), status: AnswerStatus });
export type CandidateAnswerState = z.infer<typeof CandidateAnswerState>;

export const CandidateQuestion = Question.extend({
  takesUsed: z.int().describe('takes the server counted (a take counts when recording starts)'),
  takesLeft: z.int(),
  answer: CandidateAnswerState.nullable(),
});
export type CandidateQuestion = z.infer<typeof CandidateQuestion>;

export const CandidateConsentText = z.object({
  reviewers: z.string().describe('who will see the recordings'),
  ai: z.string().describe('what AI does with them'),
  deletion: z.string().describe('when and how they are deleted'),
});
export type CandidateConsentText = z.infer<typeof CandidateConsentText>;

/** Once the candidate's data is deleted only title, spaceName and contactEmail are left. */
export const CandidateInterview = z.object({
  title: z.string(),
  description: z.string().optional(),
  timeline: z.string().optional(),
  spaceName: z.string(),
  aiSummaries: z.boolean().optional(),
  contactEmail: z.string().nullable(),
  retentionDays: z.int().optional(),
  consent: CandidateConsentText.optional(),
});
export type CandidateInterview = z.infer<typeof CandidateInterview>;

export const CandidateLink = z.object({
  candidate: z.object({ name: z.string() }).nullable().describe('null once their data is deleted'),
  status: CandidateStatus,
  deadline: IsoDate,
  consentedAt: IsoDate.nullable().optional(),
  graceS: z.int().optional().describe('seconds an answer may run past its time limit'),
  interview: CandidateInterview,
  questions: z.array(CandidateQuestion).describe('empty once their data is deleted'),
});
export type CandidateLink = z.infer<typeof CandidateLink>;

export const ConsentBody = z.object({ agree: z.literal(true) });
export type ConsentBody = z.infer<typeof ConsentBody>;
export const Consent = z.object({ consentedAt: IsoDate });
export type Consent = z.infer<typeof Consent>;

export const CandidateTake = z.object({ take: z.int(), takesUsed: z.int(), takesLeft: z.int() });
export type CandidateTake = z.infer<typeof CandidateTake>;

export const CreateUploadBody = z.object({ take: Int.min(1), sizeBytes: z.int().min(1).describe('bytes (a bigint column)') });
export type CreateUploadBody = z.infer<typeof CreateUploadBody>;
export const CreatedUpload = z.object({ uploadId: Id, receivedBytes: z.int(), chunkBytes: z.int() });
export type CreatedUpload = z.infer<typeof CreatedUpload>;

export const ChunkQuery = z.object({ offset: z.coerce.number().int().min(0) });
export type ChunkQuery = z.infer<typeof ChunkQuery>;
export const ChunkReceived = z.object({ receivedBytes: z.int() });
export type ChunkReceived = z.infer<typeof ChunkReceived>;

export const UploadStatus = z.object({ receivedBytes: z.int(), sizeBytes: z.int(), completed: z.boolean() });
export type UploadStatus = z.infer<typeof UploadStatus>;

export const KeptAnswer = z.object({ questionId: Id, take: z.int(), durationMs: z.int().nullable(), status: AnswerStatus });
export type KeptAnswer = z.infer<typeof KeptAnswer>;
export const KeptAnswerResponse = z.object({ answer: KeptAnswer });

export const Completed = z.object({ completedAt: IsoDate });
export type Completed = z.infer<typeof Completed>;

export const Deleted = z.object({ status: z.literal('deleted') });
export type Deleted = z.infer<typeof Deleted>;

export const candidateOperations = defineOperations({
  getCandidateLink: {
    method: 'GET',
    url: '/api/i/:token',
    tags: TAGS,
    security: [],
    summary: "The candidate's interview: questions, takes used and left, their answers, and what happens to the recordings",
    description:
      "After the candidate deleted their data: {candidate: null, status: 'deleted', deadline, interview: {title, spaceName, contactEmail}, questions: []}.",
    params: CandidateParams,
    response: { 200: CandidateLink },
  },
  giveConsent: {
    method: 'POST',
    url: '/api/i/:token/consent',
    tags: TAGS,
    security: [],
    summary: 'Agree to be recorded on the terms shown (who sees the recordings, AI, retention)',
    params: CandidateParams,
    body: ConsentBody,
    response: { 200: Consent },
  },
  getCandidatePromptMedia: {
    method: 'GET',
    url: '/api/i/:token/questions/:qid/prompt-media',
    tags: TAGS,
    security: [],
    summary: "The host's recording of the question, with HTTP Range support",
    params: CandidateQuestionParams,
    response: {
      200: binary('application/octet-stream', 'the prompt video (its own type)'),
      206: binary('application/octet-stream', 'the requested range'),
    },
  },
  startTake: {
    method: 'POST',
    url: '/api/i/:token/questions/:qid/takes',
    tags: TAGS,
    security: [],
    summary: 'Count a take: call it when recording starts (1 + retakes per question)',
    params: CandidateQuestionParams,
    response: { 201: CandidateTake },
  },
  createUpload: {
    method: 'POST',
    url: '/api/i/:token/questions/:qid/uploads',
    tags: TAGS,
    security: [],
    summary: 'Start a resumable upload of the latest take; then PUT its chunks in order',
    params: CandidateQuestionParams,
    body: CreateUploadBody,
    response: { 201: CreatedUpload },
  },
  appendChunk: {
    method: 'PUT',
    url: '/api/i/:token/uploads/:uploadId',
    tags: TAGS,
    security: [],
    summary: 'Append a chunk (application/octet-stream) at ?offset=N',
    description:
      'The body is the raw chunk (application/octet-stream, at most chunkBytes). A chunk already received is accepted again. ' +
      'A chunk past the received bytes is 409 E_UPLOAD_OFFSET: GET the upload for receivedBytes and resume from there.',
    consumes: ['application/octet-stream'],
    params: CandidateUploadParams,
    querystring: ChunkQuery,
    response: { 200: ChunkReceived },
  },
  getUploadStatus: {
    method: 'GET',
    url: '/api/i/:token/uploads/:uploadId',
    tags: TAGS,
    security: [],
    summary: 'How much of an upload arrived: resume from receivedBytes',
    params: CandidateUploadParams,
    response: { 200: UploadStatus },
  },
  completeUpload: {
    method: 'POST',
    url: '/api/i/:token/uploads/:uploadId/complete',
    tags: TAGS,
    security: [],
    summary: "Keep the uploaded take as the question's answer (checked: audio or video, not longer than the limit + grace)",
    description:
      'Completing again returns the same answer. 415 when the bytes are not audio or video, 422 E_ANSWER_TOO_LONG when too long (the take stays counted).',
    params: CandidateUploadParams,
    response: { 201: KeptAnswerResponse },
  },
  completeInterview: {
    method: 'POST',
    url: '/api/i/:token/complete',
    tags: TAGS,
    security: [],
    summary: 'Finish the interview once every question is answered (409 E_ANSWERS_MISSING otherwise)',
    params: CandidateParams,
    response: { 200: Completed },
  },
  requestDeletion: {
    method: 'POST',
    url: '/api/i/:token/deletion',
    tags: TAGS,
    security: [],
    summary: 'Delete my recordings: every answer, transcript, statement, label and vector; the link then shows "deleted" only',
    params: CandidateParams,
    response: { 200: Deleted },
  },
});
