import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { currentEmbedding, reindexNeeded, sameModel } from '../search/embedding-schema.ts';
import type { Stage } from './context.ts';

const BATCH = 64;

/** One vector per statement, and their normalised mean for the contribution ("more like this"). */
export const embedStage: Stage = async (c, ctx) => {
  const { embedder } = ctx.ai;
  const stored = await currentEmbedding(ctx.db);
  if (!stored || !sameModel(stored, embedder)) throw reindexNeeded(stored ?? { provider: '?', model: 'none', dims: 0 }, embedder);

  const statements = await contributionsRepo(ctx.db).statements(c.id);
  const vectors: number[][] = [];
  for (let i = 0; i < statements.length; i += BATCH) {
    vectors.push(
      ...(await embedder.embed(
        statements.slice(i, i + BATCH).map((s) => s.text),
        { signal: ctx.signal },
      )),
    );
    ctx.progress((i + BATCH) / statements.length);
  }
  const repo = contributionsRepo(ctx.db);
  await repo.setStatementEmbeddings(
    statements.map((s) => s.id),
    vectors,
    embedder.model,
  );
  const mean = meanVector(vectors);
  await repo.setEmbedding(c.id, mean, mean ? embedder.model : null);
};

function meanVector(vectors: number[][]): number[] | null {
  if (vectors.length === 0) return null;
  const sum = new Array<number>(vectors[0].length).fill(0);
  for (const v of vectors) for (const [i, x] of v.entries()) sum[i] += x;
  const norm = Math.hypot(...sum) || 1;
  return sum.map((x) => x / norm);
}
