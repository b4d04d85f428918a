import { healthOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { checkMediaTools } from '../../media/tools.ts';
import { builtIndexOptions, currentEmbedding, sameIndexOptions } from '../../search/embedding-schema.ts';
import type { Services } from '../../services.ts';
import { routeOf } from '../route.ts';

export async function healthRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.route({
    ...routeOf(ops.getHealth),
    handler: async () => {
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
  });

  app.route({
    ...routeOf(ops.getAiHealth),
    handler: async () => {
      const [transcribe, ai, indexed, graph, counts] = await Promise.all([
        s.transcriber.status(),
        s.ai.status(),
        currentEmbedding(s.db),
        builtIndexOptions(s.db),
        s.db.query<Record<string, number>>(
          `select
             (select count(*)::int from contributions) as contributions,
             (select count(*)::int from contributions where status = 'ready') as ready,
             (select count(*)::int from contributions where status = 'failed') as failed,
             (select count(*)::int from contributions where transcribed_by is not null) as transcribed,
             (select count(*)::int from statements) as statements,
             (select count(*)::int from statements where embedding_model = $1) as embedded,
             (select count(distinct statement_id)::int from labels where kind = 'act' and not removed) as labelled,
             (select count(*)::int from statements where gist is not null) as summarised`,
          [s.ai.embedder.model],
        ),
      ]);
      const { embedder, labeler, summariser } = s.ai;
      return {
        providers: {
          transcribe: { provider: s.transcriber.provider, model: s.transcriber.model, ...transcribe },
          embed: { provider: embedder.provider, model: embedder.model, dims: embedder.dims, ...ai.embed },
          label: { provider: labeler.provider, model: labeler.model, promptVersion: labeler.promptVersion, ...ai.chat },
          summarise: { provider: summariser.provider, model: summariser.model, promptVersion: summariser.promptVersion, ...ai.chat },
        },
        index: {
          ...indexed,
          matchesConfigured: !!indexed && indexed.model === embedder.model && indexed.dims === embedder.dims,
          graph: graph && { ...graph, matchesConfigured: sameIndexOptions(graph, s.config.search.index) },
        },
        library: counts[0],
      };
    },
  });
}
