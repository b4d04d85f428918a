import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['services/src/**/*.test.ts', 'services/test/**/*.test.ts', 'eval/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests each boot PGlite (WASM) and spawn ffmpeg: two cores, so keep parallelism low.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
