import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { buildApp } from './http/app.ts';
import { startMetricsListener } from './http/metrics.ts';
import { startRuntime, type Runtime } from './main.ts';

/** Starts everything in one process: API, workers, embedded database. The only file that listens. */
export async function startServer(
  config: Config,
): Promise<{ app: FastifyInstance; runtime: Runtime; url: string; metricsUrl: string | null; close(): Promise<void> }> {
  const runtime = await startRuntime(config);
  const app = await buildApp(runtime);
  let url: string;
  try {
    url = await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  const metrics = await startMetricsListener(runtime).catch(async (err) => {
    await app.close();
    await runtime.close();
    throw err;
  });
  runtime.log.info({ url, data: config.databaseUrl ? 'postgres' : config.dataDir }, 'Colloquy is running');
  return {
    app,
    runtime,
    url,
    metricsUrl: metrics?.url ?? null,
    async close() {
      await metrics?.close();
      await app.close();
      await runtime.close();
    },
  };
}
