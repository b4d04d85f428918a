import { healthOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthRepo } from '../../db/repos/health.repo.ts';
import { checkMediaTools } from '../../media/tools.ts';
import { builtIndexOptions } from '../../db/vector-schema.ts';
import { currentEmbedding, sameIndexOptions } from '../../search/embedding-schema.ts';
import type { Services } from '../../services.ts';
import { routeOf } from '../route.ts';
import { stalledAfterSeconds } from '../../contributions/stalls.ts';

/** Queue depth, running, stalled and failed per stage. */
async function pipelineJobs(s: Services) {
  const [counts, failed] = await Promise.all([s.queue.stageCounts(s.db, stalledAfterSeconds(s.config)), healthRepo(s.db).failedByStage()]);
  const stages = Object.fromEntries(Object.entries(counts).map(([stage, c]) => [stage, { ...c, failed: failed[stage] ?? 0 }]));
  return { stallMinutes: s.config.workers.stallMs / 60_000, stages };
}

export async function healthRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.route({
    ...routeOf(ops.getHealth),
    handler: async () => {
      const [media, transcriber, pgvector, jobs] = await Promise.all([
        checkMediaTools(s.tools),
        s.transcriber.status(),
        healthRepo(s.db).pgvectorVersion(),
        pipelineJobs(s),
      ]);
      const stalled = Object.values(jobs.stages).some((stage) => stage.stalled > 0);
      return {
        ok: media.ok && transcriber.ok && !stalled,
        database: { kind: s.db.kind, pgvector },
        ffmpeg: media,
        transcriber: { provider: s.transcriber.provider, model: s.transcriber.model, ...transcriber },
        workers: s.config.workers.enabled,
        jobs,
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
        healthRepo(s.db).pipelineCounts(s.ai.embedder.model),
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
        library: counts,
      };
    },
  });
}
