import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { startServer } from '../server.ts';
import { startRuntime } from '../main.ts';
import { startMetricsListener } from '../http/metrics.ts';
import { openDb } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { backup, restore } from './backup.ts';
import { importMedia } from './import.ts';
import { rebuildVectorIndex, reindex } from './reindex.ts';

const USAGE = `Usage: colloquy <command>

  start                         serve the API and run the pipeline workers (one process)
  worker                        run pipeline workers only (scale out with DATABASE_URL)
  migrate                       apply database migrations and exit
  reindex                       re-embed every statement with the configured embedder
                                (after changing EMBED_PROVIDER, EMBED_MODEL or EMBED_DIMS)
  reindex --graph               rebuild only the vector index, keeping the vectors
                                (after changing SEARCH_HNSW_M or SEARCH_HNSW_EF_CONSTRUCTION)
  import <media> --conference <id> [--captions file.vtt] [--title text] [--author email]
         [--reply-to id] [--link url]... [--no-wait]
                                add a video/audio file to a conference and (by default) wait
                                until its statements are ready
  backup <file.tar.gz>          copy the embedded database and DATA_DIR's files into one file
                                (stop the server first; with DATABASE_URL use pg_dump)
  restore <file.tar.gz>         recreate an empty DATA_DIR from a backup

Configuration comes from environment variables (see README.md).`;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const server = await startServer(loadConfig());
      onShutdown(() => server.close());
      return;
    }
    case 'worker': {
      const runtime = await startRuntime(loadConfig(), { workers: true });
      const metrics = await startMetricsListener(runtime);
      runtime.log.info('Colloquy worker is running');
      onShutdown(async () => {
        await metrics?.close();
        await runtime.close();
      });
      return;
    }
    case 'migrate': {
      const config = loadConfig();
      const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sharedBuffers: config.pgliteSharedBuffers });
      try {
        const applied = await migrate(db);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await db.close();
      }
      return;
    }
    case 'reindex': {
      const { values } = parseArgs({ args: rest, options: { graph: { type: 'boolean', default: false } } });
      await (values.graph ? rebuildVectorIndex : reindex)(loadConfig());
      return;
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          conference: { type: 'string' },
          captions: { type: 'string' },
          title: { type: 'string' },
          author: { type: 'string' },
          'reply-to': { type: 'string' },
          link: { type: 'string', multiple: true },
          'no-wait': { type: 'boolean', default: false },
        },
      });
      if (positionals.length !== 1 || !values.conference) throw new UsageError('import needs one media file and --conference <id>');
      const ok = await importMedia(loadConfig(), {
        file: positionals[0],
        conferenceId: values.conference,
        captions: values.captions,
        title: values.title,
        authorEmail: values.author,
        replyTo: values['reply-to'],
        links: values.link,
        wait: !values['no-wait'],
      });
      process.exitCode = ok ? 0 : 1;
      return;
    }
    case 'backup':
    case 'restore': {
      if (rest.length !== 1) throw new UsageError(`${command} needs one file`);
      const config = loadConfig();
      if (command === 'backup') {
        const { bytes, mediaBucket } = await backup(config, rest[0]);
        process.stdout.write(`backed up ${config.dataDir} to ${rest[0]} (${(bytes / 1e6).toFixed(1)} MB)\n`);
        if (mediaBucket)
          process.stdout.write(`the media are in ${mediaBucket}, not in this file: back up the bucket too (README, Operations, Storage)\n`);
      } else {
        const { applied } = await restore(config, rest[0]);
        process.stdout.write(`restored ${rest[0]} into ${config.dataDir}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}\n`);
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

class UsageError extends Error {}

function onShutdown(close: () => Promise<void>) {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1); // a second signal: stop now
      closing = true;
      close().then(
        () => process.exit(0),
        (err) => {
          process.stderr.write(`shutdown failed: ${err}\n`);
          process.exit(1);
        },
      );
    });
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`colloquy: ${err instanceof Error ? err.message : err}\n`);
  if (err instanceof UsageError) process.stderr.write(`\n${USAGE}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
