import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { conflict, notFound } from '../../core/errors.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { toWebVtt } from '../../transcript/captions.ts';
import type { StageName } from '../../jobs/catalog.ts';
import { requireUser } from '../auth.ts';
import { contributionSchema, errorResponses, idParams } from '../schemas.ts';
import { contributionView } from '../../json/rows.ts';
import { sendFileWithRanges } from '../ranges.ts';
import { contributionDetail } from '../../contributions/detail.ts';
import type { Services } from '../../services.ts';

type Id = { id: string };

export async function contributionsRoutes(app: FastifyInstance, s: Services) {
  const repo = contributionsRepo(s.db);
  /** Outsiders get 404 for another space's contribution, statement or media: nothing is revealed. */
  const contributionFor = async (id: string, userId: string) =>
    (await repo.forUser(id, userId)) ?? Promise.reject(notFound('contribution'));

  app.get<{ Params: Id }>(
    '/api/contributions/:id',
    {
      schema: {
        tags: ['contributions'],
        summary: 'A contribution: pipeline status, stage, progress, error, its statements in order with labels and gists, and its summary',
        params: idParams,
        response: { 200: { type: 'object', properties: { contribution: contributionSchema } }, ...errorResponses },
      },
    },
    async (request) => {
      const c = await contributionFor(request.params.id, requireUser(request).id);
      return { contribution: await contributionDetail(s.db, c, { withAi: true }) };
    },
  );

  app.post<{ Params: Id }>(
    '/api/contributions/:id/retry',
    {
      schema: {
        tags: ['contributions'],
        summary: 'Run a failed contribution again from the stage that failed',
        params: idParams,
        response: {
          202: { type: 'object', properties: { contribution: contributionSchema } },
          ...errorResponses,
          409: errorResponses[400],
        },
      },
    },
    async (request, reply) => {
      const c = await contributionFor(request.params.id, requireUser(request).id);
      if (c.status !== 'failed') throw conflict(`only a failed contribution can be retried (this one is ${c.status})`, 'E_NOT_FAILED');
      const stage = c.stage as StageName;
      await s.db.tx(async (q) => {
        await contributionsRepo(q).update(c.id, { status: 'queued', progress: 0, error: null, error_code: null });
        await s.queue.send(stage, c.id, q);
      });
      s.queue.wake(stage);
      return reply.status(202).send({ contribution: contributionView((await repo.byId(c.id))!) });
    },
  );

  app.get<{ Params: Id }>(
    '/api/contributions/:id/captions.vtt',
    { schema: { tags: ['media'], summary: 'Captions (WebVTT, with speaker voice tags) from the transcript', params: idParams } },
    async (request, reply) => {
      const c = await contributionFor(request.params.id, requireUser(request).id);
      const vtt = toWebVtt(await repo.transcript(c.id));
      return reply.type('text/vtt; charset=utf-8').header('cache-control', 'private, no-cache').send(vtt);
    },
  );

  app.get<{ Params: Id }>(
    '/api/contributions/:id/poster.jpg',
    { schema: { tags: ['media'], summary: 'A poster frame of a video contribution', params: idParams } },
    async (request, reply) => {
      const c = await contributionFor(request.params.id, requireUser(request).id);
      if (!c.poster_path) throw notFound('poster');
      const file = s.storage.resolve(c.poster_path);
      if (!fs.existsSync(file)) throw notFound('poster');
      return reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(fs.createReadStream(file));
    },
  );

  app.get<{ Params: { contributionId: string } }>(
    '/api/media/:contributionId',
    {
      schema: {
        tags: ['media'],
        summary: 'The uploaded media, with HTTP Range support for seeking',
        params: { type: 'object', required: ['contributionId'], properties: { contributionId: { type: 'string', format: 'uuid' } } },
      },
    },
    async (request, reply) => {
      const c = await contributionFor(request.params.contributionId, requireUser(request).id);
      if (!c.media_path) throw notFound('media');
      return sendFileWithRanges(request, reply, s.storage.resolve(c.media_path), c.mime ?? 'application/octet-stream');
    },
  );
}
