import { randomUUID } from 'node:crypto';
import { expertOperations as ops } from '@colloquy/contract';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { badRequest, notFound, tooLarge } from '../../core/errors.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { expertLinkView, wholeMime } from '../../forwards/expert-link.ts';
import { markOpened, resolveLink, type LinkRow } from '../../forwards/forwards.ts';
import { queueOutsideReply } from '../../forwards/outside-reply.ts';
import { spanMediaFile } from '../../forwards/span-media.ts';
import { saveMediaPart } from '../../media/upload.ts';
import type { Services } from '../../services.ts';
import { sendFileWithRanges } from '../ranges.ts';
import { RateLimiter } from '../rate-limit.ts';
import { routeOf } from '../route.ts';

/**
 * What an outside expert reaches with the token in their link, and nothing more: the one
 * forwarded statement, its transcript and media span, and a way to answer it. A link to a whole
 * contribution (a shared interview answer) opens that one contribution's whole transcript and
 * media instead of the span, and still nothing else. No session is involved, and the token is no
 * session: it opens nothing under /api/contributions, /api/media, /api/search or anywhere else.
 * Unknown, expired and revoked tokens all get the same 404.
 */

/** The token is in the URL: these routes log at warn, so request logs (with their URL) never record it. */
const QUIET = 'warn';

export async function expertRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const linkFor = (token: string) => resolveLink(s.db, token);

  app.route({
    ...routeOf(ops.getExpertLink),
    logLevel: QUIET,
    handler: async (request, reply) => {
      const link = await linkFor(request.params.token);
      await markOpened(s.db, link.forward_id);
      reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
      return expertLinkView(s.db, link, request.params.token);
    },
  });

  app.route({
    ...routeOf(ops.getExpertMedia),
    logLevel: QUIET,
    handler: async (request, reply) => {
      const link = await linkFor(request.params.token);
      if (!link.media_path) throw notFound('media');
      if (link.whole_contribution) {
        reply.header('referrer-policy', 'no-referrer');
        return sendFileWithRanges(request, reply, s.storage, link.media_path, wholeMime(link));
      }
      const span = await spanMediaFile(s.storage, s.tools, {
        forwardId: link.forward_id,
        mediaPath: link.media_path,
        hasVideo: link.has_video,
        startMs: link.start_ms,
        endMs: link.end_ms,
      });
      reply.header('referrer-policy', 'no-referrer');
      return sendFileWithRanges(request, reply, s.storage, span.key, span.mime);
    },
  });

  app.route({
    ...routeOf(ops.replyAsExpert),
    logLevel: QUIET,
    // A link is one person's; this keeps a leaked one from flooding the conference.
    preHandler: new RateLimiter(s.db).hook({
      name: 'expert-reply',
      max: 20,
      windowSeconds: 3600,
      key: (r: FastifyRequest) => (r.params as { token: string }).token,
    }),
    handler: async (request, reply) => {
      const link = await linkFor(request.params.token);
      const id = request.isMultipart() ? await mediaReply(s, request, link) : await textReply(s, link, request.body?.text);
      const c = await contributionsRepo(s.db).byId(id);
      return reply.status(202).send({ contribution: { id, status: c?.status ?? 'queued' } });
    },
  });
}

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
  try {
    let media: Awaited<ReturnType<typeof saveMediaPart>> | null = null;
    const parts = request.parts({ limits: { fileSize: maxUploadBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } });
    for await (const part of parts as AsyncIterable<MultipartFile | MultipartValue<string>>) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw badRequest(`unexpected file field "${part.fieldname}" (send the video or audio as "file")`);
      }
      media = await saveMediaPart(part.file, (body) => s.storage.put(s.storage.relative(id, 'original'), body), maxUploadBytes);
    }
    if (!media) throw badRequest('attach the video or audio as the "file" field', 'E_NO_FILE');
    return await queueOutsideReply(s, link, { kind: 'media', id, ...media });
  } catch (err) {
    await s.storage.remove(id); // nothing was accepted: keep no half upload
    throw err;
  }
}
