import { z } from 'zod';
import { defineOperations } from './operation.ts';

/** Whether a dependency is usable, in words an operator can act on. */
export const ServiceStatus = z.object({ ok: z.boolean(), message: z.string() });
export type ServiceStatus = z.infer<typeof ServiceStatus>;

const Provider = z.object({ provider: z.string(), model: z.string() });

const StageJobs = z.object({
  queued: z.int().describe('jobs waiting for a worker (queue depth)'),
  active: z.int(),
  stalled: z.int().describe('active jobs whose worker has not beaten its heartbeat for half of JOB_STALL_MINUTES'),
  failed: z.int().describe('contributions that failed at this stage'),
});

export const Health = z.object({
  ok: z.boolean().describe('false when a tool is missing or a job is stalled'),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), pgvector: z.string().nullable() }),
  ffmpeg: ServiceStatus.extend({ version: z.string().optional() }),
  transcriber: ServiceStatus.extend(Provider.shape),
  workers: z.boolean(),
  jobs: z
    .object({ stallMinutes: z.number(), stages: z.record(z.string(), StageJobs) })
    .describe('the pipeline queues per stage; a stalled job is handed to another worker after stallMinutes'),
});
export type Health = z.infer<typeof Health>;

const IndexOptions = z.object({ m: z.int(), efConstruction: z.int() });

export const AiHealth = z.object({
  providers: z.object({
    transcribe: ServiceStatus.extend(Provider.shape),
    embed: ServiceStatus.extend(Provider.shape).extend({ dims: z.int() }),
    label: ServiceStatus.extend(Provider.shape).extend({ promptVersion: z.string() }),
    summarise: ServiceStatus.extend(Provider.shape).extend({ promptVersion: z.string() }),
  }),
  index: z
    .object({
      provider: z.string().optional(),
      model: z.string().optional(),
      dims: z.int().optional(),
      matchesConfigured: z.boolean(),
      graph: IndexOptions.extend({ matchesConfigured: z.boolean() }).nullable(),
    })
    .describe('what the statement vectors were built with (nothing before the first embedding), and the HNSW graph'),
  library: z
    .record(z.string(), z.int())
    .describe(
      'contributions, ready, failed, transcribed, statements, embedded, labelled, summarised: compare statements with embedded and labelled',
    ),
});
export type AiHealth = z.infer<typeof AiHealth>;

export const healthOperations = defineOperations({
  getHealth: {
    method: 'GET',
    url: '/api/health',
    security: [],
    tags: ['health'],
    summary: 'Whether the database, ffmpeg and the transcriber are usable, and what is configured',
    response: { 200: Health },
  },
  getAiHealth: {
    method: 'GET',
    url: '/api/health/ai',
    security: [],
    tags: ['health'],
    summary: 'Which AI providers are configured, whether each answers, and how much of the library is processed',
    description: 'A silently empty index shows here: compare statements with embedded and labelled.',
    response: { 200: AiHealth },
  },
});
