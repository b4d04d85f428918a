import { z } from 'zod';
import { Text, Title } from './text.ts';
import { Id, IdParams, Int, IsoDate } from './common.ts';
import { defineOperations } from './operation.ts';
import { SpeakerAssignment } from './speakers.ts';

/** The pipeline's stages in order; a contribution's `stage` is the one it is at (or failed in). */
export const STAGES = ['probe', 'audio', 'transcribe', 'segment', 'embed', 'label', 'summarise', 'profile'] as const;
export const ContributionStage = z.enum(STAGES);
export type ContributionStage = z.infer<typeof ContributionStage>;
export const ContributionStatus = z.enum(['queued', 'processing', 'ready', 'failed']);
export type ContributionStatus = z.infer<typeof ContributionStatus>;

export const Label = z.object({
  kind: z.enum(['act', 'topic']),
  value: z.string(),
  source: z.enum(['ai', 'user']),
  confidence: z.number().nullable(),
});
export type Label = z.infer<typeof Label>;

/** Reaction counts by kind, e.g. {"agree": 3, "important": 1}; kinds nobody used are left out. */
export const ReactionCounts = z.record(z.string(), z.int()).describe('reaction counts by kind (kinds with none are left out)');
export type ReactionCounts = z.infer<typeof ReactionCounts>;

/** A word with its time in the media (ms), and the recogniser's confidence (0–1) when it gave one. */
export const TimedWord = z.object({ text: z.string(), startMs: z.int(), endMs: z.int(), confidence: z.number().optional() });
export type TimedWord = z.infer<typeof TimedWord>;

export const Statement = z.object({
  id: Id,
  contributionId: Id,
  seq: z.int(),
  startMs: z.int(),
  endMs: z.int(),
  speaker: z.string().nullable(),
  text: z.string(),
  gist: z.string().nullable(),
  labels: z.array(Label),
  reactions: ReactionCounts.optional().describe('in a contribution’s detail'),
  revision: z.int().optional().describe('in a contribution’s detail and a statement’s answer: 0 as recognised, +1 per correction'),
  updating: z
    .boolean()
    .optional()
    .describe('in a contribution’s detail and a statement’s answer: a correction’s vector, labels and gist are being redone'),
  uncertainWords: z
    .array(z.int())
    .optional()
    .describe(
      'in a contribution’s detail and a statement’s answer: indexes of the words (text split at spaces) the recogniser was unsure of',
    ),
  words: z.array(TimedWord).optional().describe('in a statement’s answer: its words with their times'),
  hidden: z.boolean().optional().describe('for owners and hosts: hidden from members by a host (members never receive it)'),
});
export type Statement = z.infer<typeof Statement>;

/** A sentence written by a model, citing the statements it came from. */
export const CitedSentence = z.object({ text: z.string(), statementIds: z.array(Id) });
export type CitedSentence = z.infer<typeof CitedSentence>;

export const Summary = z
  .object({
    title: z.string(),
    sentences: z.array(CitedSentence),
    chapters: z.array(z.object({ title: z.string(), startMs: z.int(), statementIds: z.array(Id) })),
    provider: z.string(),
    model: z.string(),
    promptVersion: z.string(),
  })
  .describe('title, 2–4 sentences each citing the statements it came from, and chapters for long media');
export type Summary = z.infer<typeof Summary>;
/** One chapter of a contribution's summary. */
export type Chapter = Summary['chapters'][number];

export const Contribution = z.object({
  id: Id,
  conferenceId: Id,
  spaceId: Id,
  authorId: Id.nullable(),
  authorName: z.string().nullable(),
  title: z.string(),
  source: z.enum(['upload', 'transcript']),
  status: ContributionStatus,
  stage: ContributionStage.describe('the stage it is at (or failed in)'),
  progress: z.number().describe('0..1 within the stage (transcription: the share of the audio recognised)'),
  etaSeconds: z
    .int()
    .nullable()
    .optional()
    .describe('seconds the current stage still needs at the speed measured so far (transcription), null when unknown'),
  error: z.string().nullable(),
  errorCode: z.string().nullable().describe('a code of the error catalogue'),
  attempts: z.int(),
  mime: z.string().nullable(),
  hasVideo: z.boolean(),
  durationMs: z.int().nullable(),
  sizeBytes: z.int().nullable(),
  links: z.array(z.string()),
  replyTo: z.object({ contributionId: Id.nullable(), statementId: Id.nullable() }),
  transcribedBy: z.string().nullable(),
  outside: z
    .object({ personId: Id.nullable(), name: z.string().nullable() })
    .nullable()
    .describe("an outside expert's reply through a forward link (authorId is null): their directory entry and name"),
  mediaUrl: z.string().nullable(),
  posterUrl: z.string().nullable(),
  captionsUrl: z.string(),
  statementCount: z.int().optional(),
  reactionCount: z.int().optional().describe('reactions on all its statements (in lists and details)'),
  reactions: ReactionCounts.optional(),
  statements: z.array(Statement).optional().describe('in a contribution’s detail'),
  summary: Summary.nullable().optional().describe('in a contribution’s detail'),
  canEdit: z
    .boolean()
    .optional()
    .describe('in a contribution’s detail: whether the caller may correct its transcript (its author, owners, hosts)'),
  canDelete: z.boolean().optional().describe('in a contribution’s detail: whether the caller may delete it (its author, owners, hosts)'),
  canModerate: z
    .boolean()
    .optional()
    .describe('in a contribution’s detail: whether the caller may hide or delete its statements (owners, hosts)'),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type Contribution = z.infer<typeof Contribution>;

export const TranscriptTurn = z.object({
  speaker: Text(200).nullable().optional(),
  text: Text(100000),
  startMs: Int.min(0),
  endMs: Int.min(0),
});
export type TranscriptTurn = z.infer<typeof TranscriptTurn>;

export const PostTranscriptBody = z
  .object({
    title: Title.optional(),
    speaker: Text(200).optional().describe('default speaker for turns that name none'),
    replyTo: Id.optional(),
    links: z.array(Text(2000)).max(20).optional(),
    turns: z.array(TranscriptTurn).min(1).max(100000).optional().describe('the turns; or send `transcript` instead'),
    transcript: Text(10_000_000, { min: 1 })
      .optional()
      .describe(
        'instead of turns: a meeting tool\'s WebVTT or SRT captions (speakers from voice tags or "Name:" prefixes) or a plain transcript ("Name: text" lines, optionally timed), as text',
      ),
    speakers: z
      .array(SpeakerAssignment)
      .max(500)
      .optional()
      .describe('speaker label → member (owners and hosts only); other labels are linked by matching display names'),
  })
  .refine((b) => (b.turns === undefined) !== (b.transcript === undefined), 'send either turns or transcript, not both');
export type PostTranscriptBody = z.infer<typeof PostTranscriptBody>;

/** The text fields of a multipart upload, checked like a JSON body's (same title limit, same characters). */
export const UploadFields = z.object({
  title: Title.optional(),
  replyTo: Text(100).optional(),
  links: z.array(Text(2000)).max(20).optional(),
});
export type UploadFields = z.infer<typeof UploadFields>;

const ContributionAnswer = z.object({ contribution: Contribution });

/** Bytes (a file or a stream), documented as OpenAPI's binary string. */
const Binary = z.any().meta({ type: 'string', format: 'binary' });
export const binary = (mime: string, description: string) => ({ description, content: { [mime]: { schema: Binary } } });

export const contributionsOperations = defineOperations({
  uploadContribution: {
    method: 'POST',
    url: '/api/conferences/:id/contributions',
    tags: ['contributions'],
    summary: 'Upload a video or audio contribution (multipart: file, captions?, title?, replyTo?, links?)',
    description:
      'Answers 202 at once; the contribution then moves through probe → audio → transcribe → segment. ' +
      'The type is sniffed from the bytes (415 if not audio/video); the size limit is MAX_UPLOAD_MB (413). ' +
      'A WebVTT/SRT caption file replaces speech recognition.',
    consumes: ['multipart/form-data'],
    params: IdParams,
    response: { 202: ContributionAnswer },
  },
  postTranscript: {
    method: 'POST',
    url: '/api/conferences/:id/transcripts',
    tags: ['contributions'],
    summary: "Post a transcript with no media (e.g. a live meeting's transcript); it is segmented into statements",
    params: IdParams,
    body: PostTranscriptBody,
    response: { 202: ContributionAnswer },
  },
  getContribution: {
    method: 'GET',
    url: '/api/contributions/:id',
    tags: ['contributions'],
    summary: 'A contribution: pipeline status, stage, progress, error, its statements in order with labels and gists, and its summary',
    params: IdParams,
    response: { 200: ContributionAnswer },
  },
  retryContribution: {
    method: 'POST',
    url: '/api/contributions/:id/retry',
    tags: ['contributions'],
    summary: 'Run a failed or stalled contribution again from its stage (finished recognition pieces are kept)',
    description:
      'Stalled: its stage has had no heartbeat from a worker for half of JOB_STALL_MINUTES (the worker died or hangs). ' +
      '409 E_NOT_FAILED for a contribution that is ready, queued or being processed by a live worker.',
    params: IdParams,
    response: { 202: ContributionAnswer },
  },
  getCaptions: {
    method: 'GET',
    url: '/api/contributions/:id/captions.vtt',
    tags: ['media'],
    summary: 'Captions (WebVTT, with speaker voice tags) from the transcript',
    params: IdParams,
    response: { 200: { description: 'WebVTT', content: { 'text/vtt': { schema: z.string() } } } },
  },
  getPoster: {
    method: 'GET',
    url: '/api/contributions/:id/poster.jpg',
    tags: ['media'],
    summary: 'A poster frame of a video contribution',
    params: IdParams,
    response: { 200: binary('image/jpeg', 'the poster frame') },
  },
  getMedia: {
    method: 'GET',
    url: '/api/media/:contributionId',
    tags: ['media'],
    summary: 'The uploaded media, with HTTP Range support for seeking',
    params: z.object({ contributionId: Id }),
    response: {
      200: binary('application/octet-stream', 'the whole file (its own type)'),
      206: binary('application/octet-stream', 'the requested range'),
    },
  },
});
