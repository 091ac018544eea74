// Runs makeLog from the command line (Node 20 cannot run TypeScript itself):
//   FORMAT=combined LINES=1000000 OUT=/tmp/big.log npx vitest run --config bench/vitest.bench.config.ts bench/parse/make-log
import { test } from 'vitest';
import { makeLog, type ReplayFormat } from './make-log.js';

test.runIf(process.env.OUT !== undefined)('make a replayed log file', async () => {
  const made = await makeLog({
    format: (process.env.FORMAT ?? 'combined') as ReplayFormat,
    lines: Number(process.env.LINES ?? 1_000_000),
    out: process.env.OUT as string,
    seed: Number(process.env.SEED ?? 1),
  });
  console.log(`wrote ${made.lines} lines, ${made.bytes} bytes to ${process.env.OUT}`);
});
