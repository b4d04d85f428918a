import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three tiers, run in this order by `npm test` (each also alone: npm run test:unit | test:integration | test:browser).
 * - unit: pure code beside its module; needs nothing but Node and this repository (no child processes,
 *   no database, no ../shared/eval data), so it runs on all cores.
 * - integration: services/test/ — the real app, PGlite, pg-boss, ffmpeg, PocketSphinx, the shared eval data.
 * - browser: services/test/browser/ — the built web app in Chromium, on top of the full stack.
 * Integration and browser waits poll the real signal (services/test/helpers/wait.ts) with limits well
 * inside these timeouts, so a loaded machine makes them slower, not red.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['services/src/**/*.test.ts', 'web/src/**/*.test.ts', 'eval/**/*.test.ts', 'train/**/*.test.ts'],
          // Pure modules: one module graph per worker, not one per file (a third of the CPU time).
          // Stubbed globals and env are restored after each test, so nothing leaks between files.
          isolate: false,
          unstubGlobals: true,
          unstubEnvs: true,
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['services/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'services/test/browser/**'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          expect: { poll: { timeout: 60_000, interval: 200 } },
          // Each file boots PGlite (WASM) and spawns ffmpeg or PocketSphinx: two at a time on two cores.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['services/test/browser/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          expect: { poll: { timeout: 60_000, interval: 200 } },
          // A file is the full stack plus Chromium: one at a time.
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
