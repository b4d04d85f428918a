import type { FastifyInstance } from 'fastify';
import { checkMediaTools } from '../../media/tools.ts';
import type { Services } from '../../services.ts';

export async function healthRoutes(app: FastifyInstance, s: Services) {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the database, ffmpeg and the transcriber are usable, and what is configured',
      },
    },
    async () => {
      const [media, transcriber, db] = await Promise.all([
        checkMediaTools(s.tools),
        s.transcriber.status(),
        s.db.query<{ version: string }>(`select extversion as version from pg_extension where extname = 'vector'`),
      ]);
      return {
        ok: media.ok && transcriber.ok,
        database: { kind: s.db.kind, pgvector: db[0]?.version ?? null },
        ffmpeg: media,
        transcriber: { provider: s.transcriber.provider, model: s.transcriber.model, ...transcriber },
        workers: s.config.workers.enabled,
      };
    },
  );
}
