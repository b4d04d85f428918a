import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IsoDate } from './common.ts';
import { binary } from './contributions.ts';
import { defineOperations } from './operation.ts';

/**
 * What an outside expert reaches with the token in their link (/x/<token>), and nothing more: the
 * one forwarded statement (or a shared interview answer, whole), its transcript and media, and a
 * way to answer it. Unknown, expired and revoked tokens all get 404 E_LINK_INVALID.
 */

const TAGS = ['expert links'];

/** An expert's written answer; a video or audio answer is a multipart "file" instead. */
export const EXPERT_REPLY_MAX_CHARS = 20_000;

// Any string: a malformed token gets the same 404 as an unknown one, not a validation error.
export const ExpertParams = z.object({ token: Text(200) });

export const TranscriptCue = z.object({ startMs: z.int(), endMs: z.int(), speaker: z.string().nullable(), text: z.string() });
export type TranscriptCue = z.infer<typeof TranscriptCue>;

export const ExpertLink = z.object({
  statement: z.object({
    text: z.string(),
    speaker: z.string().nullable(),
    startMs: z.int(),
    endMs: z.int(),
    gist: z.string().nullable(),
  }),
  transcript: z.array(TranscriptCue).describe('what was said inside the span (times in the original media)'),
  conferenceTitle: z.string(),
  forwarderName: z.string().nullable(),
  expertName: z.string(),
  note: z.string(),
  expiresAt: IsoDate,
  media: z
    .object({ url: z.string(), startMs: z.int(), endMs: z.int(), mime: z.string() })
    .nullable()
    .describe('the span alone: the file starts at startMs of the original and lasts endMs − startMs'),
  wholeContribution: z.boolean().describe('the link covers a whole answer: statement, transcript and media span all of it'),
  replies: z
    .array(z.object({ id: Id, status: z.string(), createdAt: IsoDate }))
    .describe('your replies through this link and where they are in the pipeline'),
});
export type ExpertLink = z.infer<typeof ExpertLink>;

export const ExpertReplyBody = z.object({ text: Text(EXPERT_REPLY_MAX_CHARS, { min: 1 }) });
export type ExpertReplyBody = z.infer<typeof ExpertReplyBody>;

export const ExpertReply = z.object({ contribution: z.object({ id: Id, status: z.string() }) });
export type ExpertReply = z.infer<typeof ExpertReply>;

export const expertOperations = defineOperations({
  getExpertLink: {
    method: 'GET',
    url: '/api/x/:token',
    tags: TAGS,
    security: [],
    summary: 'What an expert link opens: one statement, its transcript and media span, who forwarded it and why',
    params: ExpertParams,
    response: { 200: ExpertLink },
  },
  getExpertMedia: {
    method: 'GET',
    url: '/api/x/:token/media',
    tags: TAGS,
    security: [],
    summary: "The statement's span of the media only (cut into its own file; a shared answer's whole media), with HTTP Range support",
    params: ExpertParams,
    response: {
      200: binary('application/octet-stream', 'the span cut into its own file (a shared answer: the whole media, its own type)'),
      206: binary('application/octet-stream', 'the requested range'),
    },
  },
  replyAsExpert: {
    method: 'POST',
    url: '/api/x/:token/replies',
    tags: TAGS,
    security: [],
    summary: 'Answer the statement: JSON {text}, or multipart with a video or audio "file" (same limits as uploads)',
    description:
      'The answer becomes a contribution replying to the statement, marked as outside, and runs through the pipeline. Answers 202. ' +
      'A multipart request carries no JSON body: the file is read by the handler.',
    consumes: ['application/json', 'multipart/form-data'],
    params: ExpertParams,
    // Nullable: a multipart request has no parsed body (the handler reads the file).
    body: ExpertReplyBody.nullable(),
    response: { 202: ExpertReply },
  },
});
