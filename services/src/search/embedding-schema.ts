import type { Db, Queryable } from '../db/db.ts';
import { aiSettingsRepo, type EmbeddingSettings } from '../db/repos/ai-settings.repo.ts';
import { createVectorIndex, lockVectorSchema, resizeVectorColumns, type VectorIndexOptions } from '../db/vector-schema.ts';
import { AppError } from '../core/errors.ts';
import type { Embedder } from '../ai/ports.ts';

/**
 * The deployment's embedding model and dimension, committed in ai_settings. The vector columns
 * are sized to it and carry an HNSW index; a different configured model needs `colloquy reindex`.
 */
export const currentEmbedding = (q: Queryable): Promise<EmbeddingSettings | undefined> => aiSettingsRepo(q).embedding();

export const sameModel = (a: EmbeddingSettings | undefined, e: Embedder) =>
  !!a && a.provider === e.provider && a.model === e.model && a.dims === e.dims;

/**
 * At start-up: a fresh database adopts the configured embedder; an existing one keeps its model.
 * Returns whether the configured embedder matches what the stored vectors were made with.
 */
export async function ensureEmbeddingSchema(
  db: Db,
  embedder: Embedder,
  index: VectorIndexOptions,
): Promise<{ matches: boolean; stored: EmbeddingSettings }> {
  return db.tx(async (q) => {
    await lockVectorSchema(q);
    const stored = await currentEmbedding(q);
    if (stored) return { matches: sameModel(stored, embedder), stored };
    const fresh = { provider: embedder.provider, model: embedder.model, dims: embedder.dims };
    await resizeVectorColumns(q, fresh.dims);
    await createVectorIndex(q, index);
    await aiSettingsRepo(q).initEmbedding(fresh);
    return { matches: true, stored: fresh };
  });
}

export const sameIndexOptions = (a: VectorIndexOptions | null, b: VectorIndexOptions) =>
  a?.m === b.m && a.efConstruction === b.efConstruction;

/** Commits a new embedder after `reindex` resized the columns. */
export async function adoptEmbedding(q: Queryable, embedder: Embedder) {
  await aiSettingsRepo(q).setEmbedding({ provider: embedder.provider, model: embedder.model, dims: embedder.dims });
}

export const reindexNeeded = (stored: EmbeddingSettings, embedder: Embedder) =>
  new AppError(
    'E_REINDEX_NEEDED',
    `the configured embedder (${embedder.provider}:${embedder.model}, ${embedder.dims} dims) differs from the one this ` +
      `database was indexed with (${stored.provider}:${stored.model}, ${stored.dims} dims): run \`colloquy reindex\``,
    503,
    true, // retried with backoff: a reindex in progress elsewhere will finish
  );
