import { healthOperations as ops } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { memoFor } from '../../core/memo.ts';
import { healthRepo } from '../../db/repos/health.repo.ts';
import { checkMediaTools } from '../../media/tools.ts';
import { builtIndexOptions } from '../../db/vector-schema.ts';
import { currentEmbedding, sameIndexOptions } from '../../search/embedding-schema.ts';
import type { Services } from '../../services.ts';
import { routeOf } from '../route.ts';
import { pipelineJobs } from '../../contributions/stalls.ts';

/** How long a dependency check is reused: anyone may call health, so it must not spawn ffmpeg per call. */
const CHECK_TTL_MS = 30_000;

/**
 * Health is public (load balancers, the sign-in page). Anonymous callers learn whether things work;
 * the details (paths, versions, the library's counts) are for signed-in callers.
 */
export async function healthRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const mediaTools = memoFor(CHECK_TTL_MS, () => checkMediaTools(s.tools));
  const transcriber = memoFor(CHECK_TTL_MS, () => s.transcriber.status());
  const aiProviders = memoFor(CHECK_TTL_MS, () => s.ai.status());
  const brief = <T extends { ok: boolean; message: string }>(status: T, signedIn: boolean) =>
    signedIn ? status : { ok: status.ok, message: status.ok ? 'available' : 'unavailable' };

  app.route({
    ...routeOf(ops.getHealth),
    handler: async (request) => {
      const signedIn = request.user !== null;
      const [media, transcribe, pgvector, jobs] = await Promise.all([
        mediaTools(),
        transcriber(),
        healthRepo(s.db).pgvectorVersion(),
        pipelineJobs(s),
      ]);
      const stalled = Object.values(jobs.stages).some((stage) => stage.stalled > 0);
      return {
        ok: media.ok && transcribe.ok && !stalled,
        database: { kind: s.db.kind, pgvector: signedIn ? pgvector : null },
        ffmpeg: brief(media, signedIn),
        transcriber: { provider: s.transcriber.provider, model: s.transcriber.model, ...brief(transcribe, signedIn) },
        workers: s.config.workers.enabled,
        jobs,
      };
    },
  });

  app.route({
    ...routeOf(ops.getAiHealth),
    handler: async (request) => {
      const signedIn = request.user !== null;
      const [transcribe, ai, indexed, graph] = await Promise.all([
        transcriber(),
        aiProviders(),
        currentEmbedding(s.db),
        builtIndexOptions(s.db),
      ]);
      const { embedder, labeler, summariser } = s.ai;
      return {
        providers: {
          transcribe: { provider: s.transcriber.provider, model: s.transcriber.model, ...brief(transcribe, signedIn) },
          embed: { provider: embedder.provider, model: embedder.model, dims: embedder.dims, ...brief(ai.embed, signedIn) },
          label: { provider: labeler.provider, model: labeler.model, promptVersion: labeler.promptVersion, ...brief(ai.chat, signedIn) },
          summarise: {
            provider: summariser.provider,
            model: summariser.model,
            promptVersion: summariser.promptVersion,
            ...brief(ai.chat, signedIn),
          },
        },
        index: {
          ...indexed,
          matchesConfigured: !!indexed && indexed.model === embedder.model && indexed.dims === embedder.dims,
          graph: graph && { ...graph, matchesConfigured: sameIndexOptions(graph, s.config.search.index) },
        },
        // How much is stored says something about the spaces on this server: signed-in callers only.
        library: signedIn ? await healthRepo(s.db).pipelineCounts(s.ai.embedder.model) : {},
      };
    },
  });
}
