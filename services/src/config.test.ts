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

it('keeps media on local disk unless MEDIA_STORE=s3 names a bucket', () => {
  expect(loadConfig({}).media.store).toBe('local');
  const s3 = loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: 'colloquy-media', S3_PREFIX: 'site-a', S3_FORCE_PATH_STYLE: 'true' }).media;
  expect(s3).toMatchObject({ store: 's3', s3: { bucket: 'colloquy-media', region: 'us-east-1', prefix: 'site-a/', forcePathStyle: true } });
  expect(() => loadConfig({ MEDIA_STORE: 's3' })).toThrow(/S3_BUCKET: MEDIA_STORE=s3 needs S3_BUCKET/);
  expect(() => loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: 'Not_A_Bucket' })).toThrow(/S3_BUCKET: a bucket name/);
  expect(() => loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'AKIA' })).toThrow(/S3_SECRET_ACCESS_KEY: give both/);
  expect(() => loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: 'b-1', S3_PREFIX: '../up' })).toThrow(/S3_PREFIX/);
});
