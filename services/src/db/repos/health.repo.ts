/** What /api/health and /api/health/ai read from the database: the vector extension and pipeline counts. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

/** A type, not an interface: the contract describes it as a record of counts. */
export type PipelineCounts = {
  contributions: number;
  ready: number;
  failed: number;
  transcribed: number;
  statements: number;
  embedded: number;
  labelled: number;
  summarised: number;
};

export const healthRepo = (q: Queryable) => ({
  /** Contributions that failed, by the stage they failed at. */
  failedByStage: async (): Promise<Record<string, number>> => {
    const rows = await q.query<{ stage: string; failed: number }>(
      `select stage, count(*)::int as failed from contributions where status = 'failed' group by stage`,
    );
    return Object.fromEntries(rows.map((r) => [r.stage, r.failed]));
  },

  /** The installed pgvector version, or null without the extension. */
  pgvectorVersion: async (): Promise<string | null> =>
    (await one<{ version: string }>(q, `select extversion as version from pg_extension where extname = 'vector'`))?.version ?? null,

  /** How far the pipeline got over everything stored; `embedded` counts statements embedded by `embeddingModel`. */
  pipelineCounts: async (embeddingModel: string): Promise<PipelineCounts> =>
    (await one<PipelineCounts>(
      q,
      `select
         (select count(*)::int from contributions) as contributions,
         (select count(*)::int from contributions where status = 'ready') as ready,
         (select count(*)::int from contributions where status = 'failed') as failed,
         (select count(*)::int from contributions where transcribed_by is not null) as transcribed,
         (select count(*)::int from statements) as statements,
         (select count(*)::int from statements where embedding_model = $1) as embedded,
         (select count(distinct statement_id)::int from labels where kind = 'act' and not removed) as labelled,
         (select count(*)::int from statements where gist is not null) as summarised`,
      [embeddingModel],
    ))!,
});
