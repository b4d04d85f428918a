/** Deployment-wide AI settings (ai_settings): the embedding model and dimension the vectors were made with. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface EmbeddingSettings {
  provider: string;
  model: string;
  dims: number;
}

const EMBEDDING = 'embedding';

export const aiSettingsRepo = (q: Queryable) => ({
  embedding: async (): Promise<EmbeddingSettings | undefined> =>
    (await one<{ value: EmbeddingSettings }>(q, `select value from ai_settings where key = $1`, [EMBEDDING]))?.value,

  /** Records the first embedding settings of a fresh database. */
  initEmbedding: (value: EmbeddingSettings) =>
    q.query(`insert into ai_settings (key, value) values ($1, $2)`, [EMBEDDING, JSON.stringify(value)]),

  /** Replaces the embedding settings (after a reindex). */
  setEmbedding: (value: EmbeddingSettings) =>
    q.query(
      `insert into ai_settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [EMBEDDING, JSON.stringify(value)],
    ),
});
