import { expect, it } from 'vitest';
import { loadConfig } from './config.ts';

it('takes the HNSW graph options from the environment, with measured defaults', () => {
  expect(loadConfig({}).search).toMatchObject({ efSearch: 150, index: { m: 16, efConstruction: 400 } });
  expect(loadConfig({ SEARCH_HNSW_M: '24', SEARCH_HNSW_EF_CONSTRUCTION: '128' }).search.index).toEqual({ m: 24, efConstruction: 128 });
});

it('refuses a graph pgvector cannot build, naming the variable', () => {
  expect(() => loadConfig({ SEARCH_HNSW_M: '32', SEARCH_HNSW_EF_CONSTRUCTION: '40' })).toThrow(
    /SEARCH_HNSW_EF_CONSTRUCTION: .*at least twice SEARCH_HNSW_M/,
  );
});
