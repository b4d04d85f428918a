import type { Config } from '../config.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { profilesRepo } from '../db/repos/profiles.repo.ts';
import { analyze } from '../db/statistics.ts';
import { dropVectorIndex } from '../db/vector-schema.ts';
import { startRuntime } from '../main.ts';
import { createVectorIndex, resizeVectorColumns } from '../db/vector-schema.ts';
import { adoptEmbedding } from '../search/embedding-schema.ts';

const BATCH = 256;
const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `colloquy reindex`: re-embeds every statement with the configured embedder. The vector columns
 * are resized first and the new model is committed only at the end, so until then vector search
 * finds nothing rather than a mix of two models (full-text search keeps working).
 */
export async function reindex(config: Config): Promise<void> {
  const rt = await startRuntime(config, { workers: false });
  try {
    const { embedder } = rt.ai;
    say(`re-embedding with ${embedder.provider}:${embedder.model} (${embedder.dims} dims)`);
    await rt.db.tx((q) => resizeVectorColumns(q, embedder.dims));

    const started = Date.now();
    let done = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const batch = await contributionsRepo(rt.db).statementTextsAfter(after, BATCH);
      if (batch.length === 0) break;
      const vectors = await embedder.embed(batch.map((b) => b.text));
      await contributionsRepo(rt.db).setStatementEmbeddings(
        batch.map((b) => b.id),
        vectors,
        embedder.model,
      );
      done += batch.length;
      after = batch[batch.length - 1].id;
      if (done % (BATCH * 20) === 0) say(`  ${done} statements`);
    }
    say(`${done} statements embedded in ${((Date.now() - started) / 1000).toFixed(1)} s; building the index`);
    await rt.db.tx(async (q) => {
      await contributionsRepo(q).averageStatementEmbeddings(embedder.model);
      await profilesRepo(q).averageStatementEmbeddings(embedder.model);
      await createVectorIndex(q, config.search.index);
      await adoptEmbedding(q, embedder);
    });
    await analyze(rt.db, ['statements', 'contributions']);
    say('done: vector search uses the new model');
  } finally {
    await rt.close();
  }
}

/**
 * `colloquy reindex --graph`: rebuilds only the HNSW index, with the configured SEARCH_HNSW_M and
 * SEARCH_HNSW_EF_CONSTRUCTION, keeping the vectors. Vector search waits for the build (one
 * transaction), then uses the new graph.
 */
export async function rebuildVectorIndex(config: Config): Promise<void> {
  const rt = await startRuntime(config, { workers: false });
  try {
    const { m, efConstruction } = config.search.index;
    say(`rebuilding the vector index (m ${m}, ef_construction ${efConstruction})`);
    const started = Date.now();
    await rt.db.tx(async (q) => {
      await dropVectorIndex(q);
      await createVectorIndex(q, config.search.index);
    });
    say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await rt.close();
  }
}
