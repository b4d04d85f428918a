import fs from 'node:fs';
import { exportsOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, conflict, notFound } from '../../core/errors.ts';
import { exportsRepo } from '../../db/repos/exports.repo.ts';
import { isLegacyExportFile, requestExport } from '../../export/exports.ts';
import { exportView } from '../../json/exports.ts';
import type { Services } from '../../services.ts';
import { requireUser } from '../auth.ts';
import { routeOf } from '../route.ts';

/** Exports are the requester's alone: anyone else, even a host of the space, gets 404. */
export async function exportsRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const mine = async (id: string, userId: string) =>
    (await exportsRepo(s.db).forRequester(id, userId)) ?? Promise.reject(notFound('export'));

  app.route({
    ...routeOf(ops.createExport),
    handler: async (request, reply) => {
      const e = await requestExport(s, requireUser(request).id, { ...request.body, mine: request.body.mine ?? false });
      return reply.status(202).send({ export: exportView(e) });
    },
  });

  app.route({
    ...routeOf(ops.listExports),
    handler: async (request) => ({ exports: (await exportsRepo(s.db).listForRequester(requireUser(request).id)).map(exportView) }),
  });

  app.route({
    ...routeOf(ops.getExport),
    handler: async (request) => ({ export: exportView(await mine(request.params.id, requireUser(request).id)) }),
  });

  app.route({
    ...routeOf(ops.downloadExport),
    handler: async (request, reply) => {
      const e = await mine(request.params.id, requireUser(request).id);
      const expired = e.status === 'expired' || (e.expires_at !== null && e.expires_at <= new Date());
      if (expired) throw new AppError('E_EXPORT_EXPIRED');
      if (e.status !== 'ready' || !e.file_path) throw conflict(`the export is ${e.status}`, 'E_EXPORT_NOT_READY');
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="colloquy-export-${e.created_at.toISOString().slice(0, 10)}.zip"`)
        .header('content-length', String(e.bytes))
        .header('cache-control', 'private, no-store')
        .send(isLegacyExportFile(e.file_path) ? fs.createReadStream(e.file_path) : await s.storage.read(e.file_path));
    },
  });
}
