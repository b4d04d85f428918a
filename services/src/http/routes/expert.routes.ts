import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { badRequest, notFound, tooLarge } from '../../core/errors.ts';
import { hashToken } from '../../core/secrets.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { markOpened, resolveLink, type LinkRow } from '../../forwards/forwards.ts';
import { queueOutsideReply, repliesVia } from '../../forwards/outside-reply.ts';
import { spanMediaFile, spanMime } from '../../forwards/span-media.ts';
import { spanTranscript, wholeTranscript } from '../../forwards/span-transcript.ts';
import { sendFileWithRanges } from '../ranges.ts';
import { saveMediaPart } from '../../media/upload.ts';
import { errorResponses } from '../schemas.ts';
import type { Services } from '../../services.ts';

/**
 * What an outside expert reaches with the token in their link, and nothing more: the one
 * forwarded statement, its transcript and media span, and a way to answer it. A link to a whole
 * contribution (a shared interview answer) opens that one contribution's whole transcript and
 * media instead of the span, and still nothing else. No session is involved, and the token is no
 * session: it opens nothing under /api/contributions, /api/media, /api/search or anywhere else.
 * Unknown, expired and revoked tokens all get the same 404.
 */

type TokenParams = { token: string };

const tokenParams = {
  type: 'object',
  required: ['token'],
  // Any string: a malformed token gets the same 404 as an unknown one, not a validation error.
  properties: { token: { type: 'string', maxLength: 200 } },
} as const;

const nullable = (type: string) => ({ type: [type, 'null'] });
const cue = {
  type: 'object',
  properties: { startMs: { type: 'integer' }, endMs: { type: 'integer' }, speaker: nullable('string'), text: { type: 'string' } },
} as const;

const linkSchema = {
  type: 'object',
  properties: {
    statement: {
      type: 'object',
      properties: {
        text: { type: 'string' },
        speaker: nullable('string'),
        startMs: { type: 'integer' },
        endMs: { type: 'integer' },
        gist: nullable('string'),
      },
    },
    transcript: { type: 'array', items: cue, description: 'what was said inside the span (times in the original media)' },
    conferenceTitle: { type: 'string' },
    forwarderName: nullable('string'),
    expertName: { type: 'string' },
    note: { type: 'string' },
    expiresAt: { type: 'string' },
    media: {
      type: ['object', 'null'],
      description: 'the span alone: the file starts at startMs of the original and lasts endMs − startMs',
      properties: { url: { type: 'string' }, startMs: { type: 'integer' }, endMs: { type: 'integer' }, mime: { type: 'string' } },
    },
    wholeContribution: { type: 'boolean', description: 'the link covers a whole answer: statement, transcript and media span all of it' },
    replies: {
      type: 'array',
      description: 'your replies through this link and where they are in the pipeline',
      items: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' }, createdAt: { type: 'string' } } },
    },
  },
} as const;

const linkErrors = { 404: errorResponses[404], 400: errorResponses[400] };

/** The token is in the URL: these routes log at warn, so request logs (with their URL) never record it. */
const QUIET = 'warn';
const MAX_TEXT = 20_000;

export async function expertRoutes(app: FastifyInstance, s: Services) {
  const linkFor = (request: FastifyRequest<{ Params: TokenParams }>) => resolveLink(s.db, request.params.token);

  app.get<{ Params: TokenParams }>(
    '/api/x/:token',
    {
      logLevel: QUIET,
      schema: {
        tags: ['expert links'],
        summary: 'What an expert link opens: one statement, its transcript and media span, who forwarded it and why',
        security: [],
        params: tokenParams,
        response: { 200: linkSchema, ...linkErrors },
      },
    },
    async (request, reply) => {
      const link = await linkFor(request);
      await markOpened(s.db, link.forward_id);
      const segments = await contributionsRepo(s.db).transcript(link.contribution_id);
      const whole = link.whole_contribution;
      const span = whole
        ? {
            startMs: 0,
            endMs: link.duration_ms ?? Math.max(link.end_ms, ...segments.map((x) => x.endMs)),
            speaker: link.speaker,
            text: link.text,
          }
        : { startMs: link.start_ms, endMs: link.end_ms, speaker: link.speaker, text: link.text };
      reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
      return {
        statement: { ...span, gist: link.gist },
        transcript: whole ? wholeTranscript(segments) : spanTranscript(segments, span),
        conferenceTitle: link.conference_title,
        forwarderName: link.from_name,
        expertName: link.person_name,
        note: link.note,
        expiresAt: link.expires_at,
        media: link.media_path
          ? {
              url: `/api/x/${request.params.token}/media`,
              startMs: span.startMs,
              endMs: span.endMs,
              mime: whole ? wholeMime(link) : spanMime(link.has_video),
            }
          : null,
        wholeContribution: whole,
        replies: (await repliesVia(s.db, link.forward_id)).map((r) => ({ id: r.id, status: r.status, createdAt: r.created_at })),
      };
    },
  );

  app.get<{ Params: TokenParams }>(
    '/api/x/:token/media',
    {
      logLevel: QUIET,
      schema: {
        tags: ['expert links'],
        summary: "The statement's span of the media only (cut into its own file; a shared answer's whole media), with HTTP Range support",
        security: [],
        params: tokenParams,
      },
    },
    async (request, reply) => {
      const link = await linkFor(request);
      if (!link.media_path) throw notFound('media');
      if (link.whole_contribution) {
        reply.header('referrer-policy', 'no-referrer');
        return sendFileWithRanges(request, reply, s.storage.resolve(link.media_path), wholeMime(link));
      }
      const span = await spanMediaFile(s.storage, s.tools, {
        forwardId: link.forward_id,
        mediaPath: link.media_path,
        hasVideo: link.has_video,
        startMs: link.start_ms,
        endMs: link.end_ms,
      });
      reply.header('referrer-policy', 'no-referrer');
      return sendFileWithRanges(request, reply, span.file, span.mime);
    },
  );

  app.post<{ Params: TokenParams; Body: { text?: string } }>(
    '/api/x/:token/replies',
    {
      logLevel: QUIET,
      // A link is one person's; this keeps a leaked one from flooding the conference.
      config: {
        rateLimit: {
          max: 20,
          timeWindow: '1 hour',
          keyGenerator: (r: FastifyRequest) => `x:${hashToken(String((r.params as TokenParams).token))}`,
        },
      },
      schema: {
        tags: ['expert links'],
        summary: 'Answer the statement: JSON {text}, or multipart with a video or audio "file" (same limits as uploads)',
        description:
          'The answer becomes a contribution replying to the statement, marked as outside, and runs through the pipeline. Answers 202.',
        security: [],
        consumes: ['application/json', 'multipart/form-data'],
        params: tokenParams,
        body: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['text'],
                additionalProperties: false,
                properties: { text: { type: 'string', minLength: 1, maxLength: MAX_TEXT } },
              },
            },
          },
        },
        response: {
          202: {
            type: 'object',
            properties: { contribution: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } } },
          },
          ...linkErrors,
          413: errorResponses[400],
          415: errorResponses[400],
        },
      },
    },
    async (request, reply) => {
      const link = await linkFor(request);
      const id = request.isMultipart() ? await mediaReply(s, request, link) : await textReply(s, link, request.body?.text);
      const c = await contributionsRepo(s.db).byId(id);
      return reply.status(202).send({ contribution: { id, status: c?.status ?? 'queued' } });
    },
  );
}

/** A whole contribution is served as stored. */
const wholeMime = (link: LinkRow) => link.mime ?? spanMime(link.has_video);

async function textReply(s: Services, link: LinkRow, text: string | undefined): Promise<string> {
  if (!text?.trim()) throw badRequest('write a reply in "text", or send a video or audio file as multipart', 'E_VALIDATION');
  return queueOutsideReply(s, link, { kind: 'text', text });
}

/** The upload path of POST /api/conferences/:id/contributions, minus captions and fields. */
async function mediaReply(s: Services, request: FastifyRequest, link: LinkRow): Promise<string> {
  const { maxUploadBytes } = s.config;
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxUploadBytes + 1024 * 1024)
    throw tooLarge(`the upload is larger than the limit of ${Math.round(maxUploadBytes / 1048576)} MB`);
  const id = randomUUID();
  s.storage.ensureDir(id);
  try {
    let media: Awaited<ReturnType<typeof saveMediaPart>> | null = null;
    const parts = request.parts({ limits: { fileSize: maxUploadBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } });
    for await (const part of parts as AsyncIterable<MultipartFile | MultipartValue<string>>) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw badRequest(`unexpected file field "${part.fieldname}" (send the video or audio as "file")`);
      }
      media = await saveMediaPart(part.file, s.storage.pathOf(id, 'original'), maxUploadBytes);
    }
    if (!media) throw badRequest('attach the video or audio as the "file" field', 'E_NO_FILE');
    return await queueOutsideReply(s, link, { kind: 'media', id, ...media });
  } catch (err) {
    s.storage.remove(id); // nothing was accepted: keep no half upload
    throw err;
  }
}
