/**
 * Plain JSON schemas still used by the routes not yet described by the contract (interviews, review,
 * candidate, expert). Delete this file when they are converted to @colloquy/contract.
 */

const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const uuid = { type: 'string', format: 'uuid' } as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
} as const;

/** Reaction counts by kind, e.g. {"agree": 3, "important": 1}; kinds nobody used are left out. */
export const reactionCountsSchema = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  description: 'reaction counts by kind (kinds with none are left out)',
} as const;

export const labelSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['act', 'topic'] },
    value: { type: 'string' },
    source: { type: 'string', enum: ['ai', 'user'] },
    confidence: nullable('number'),
  },
} as const;

export const statementSchema = {
  type: 'object',
  properties: {
    id: uuid,
    contributionId: uuid,
    seq: { type: 'integer' },
    startMs: { type: 'integer' },
    endMs: { type: 'integer' },
    speaker: nullable('string'),
    text: { type: 'string' },
    gist: nullable('string'),
    labels: { type: 'array', items: labelSchema },
    reactions: reactionCountsSchema,
  },
} as const;

const citedSentence = {
  type: 'object',
  properties: { text: { type: 'string' }, statementIds: { type: 'array', items: uuid } },
} as const;

export const summarySchema = {
  type: ['object', 'null'],
  description: 'title, 2–4 sentences each citing the statements it came from, and chapters for long media',
  properties: {
    title: { type: 'string' },
    sentences: { type: 'array', items: citedSentence },
    chapters: {
      type: 'array',
      items: {
        type: 'object',
        properties: { title: { type: 'string' }, startMs: { type: 'integer' }, statementIds: { type: 'array', items: uuid } },
      },
    },
    provider: { type: 'string' },
    model: { type: 'string' },
    promptVersion: { type: 'string' },
  },
} as const;

export const contributionSchema = {
  type: 'object',
  properties: {
    id: uuid,
    conferenceId: uuid,
    spaceId: uuid,
    authorId: nullable('string'),
    authorName: nullable('string'),
    title: { type: 'string' },
    source: { type: 'string', enum: ['upload', 'transcript'] },
    status: { type: 'string', enum: ['queued', 'processing', 'ready', 'failed'] },
    stage: { type: 'string', description: 'the stage it is at (or failed in): probe, audio, transcribe, segment' },
    progress: { type: 'number', description: '0..1 within the stage' },
    error: nullable('string'),
    errorCode: nullable('string'),
    attempts: { type: 'integer' },
    mime: nullable('string'),
    hasVideo: { type: 'boolean' },
    durationMs: nullable('integer'),
    sizeBytes: nullable('integer'),
    links: { type: 'array', items: { type: 'string' } },
    replyTo: { type: 'object', properties: { contributionId: nullable('string'), statementId: nullable('string') } },
    transcribedBy: nullable('string'),
    outside: {
      type: ['object', 'null'],
      description: "an outside expert's reply through a forward link (authorId is null): their directory entry and name",
      properties: { personId: nullable('string'), name: nullable('string') },
    },
    mediaUrl: nullable('string'),
    posterUrl: nullable('string'),
    captionsUrl: { type: 'string' },
    statementCount: { type: 'integer' },
    reactionCount: { type: 'integer', description: 'reactions on all its statements' },
    reactions: reactionCountsSchema,
    statements: { type: 'array', items: statementSchema },
    summary: summarySchema,
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const errorResponses = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;
