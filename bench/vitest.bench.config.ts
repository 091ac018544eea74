import { defineConfig } from 'vitest/config';

// Benchmarks run on demand, one file at a time on one worker, so that measurements do not compete.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench-run.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
  },
});
