import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // services/test/browser/ drives the built web app in Chromium; web/src/**/*.test.ts are the web app's pure modules.
    include: ['services/src/**/*.test.ts', 'services/test/**/*.test.ts', 'eval/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests each boot PGlite (WASM) and spawn ffmpeg: two cores, so keep parallelism low.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
