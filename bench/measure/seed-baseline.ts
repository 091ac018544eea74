// The seed methods, re-implemented in Python under bench/baselines/, run as child processes and
// measured exactly like semlog (wall time and peak RSS from outside the process).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMeasured } from './run-measured.js';

const BASELINES = fileURLToPath(new URL('../baselines/', import.meta.url));

export type SeedMethod = 'zscore_ip' | 'raw_dbscan' | 'iforest_windows';

/** Display names, lettered as in the issue and bench/baselines/README.md. */
export const SEED_LABELS: Readonly<Record<SeedMethod, string>> = Object.freeze({
  zscore_ip: '(a) per-IP z-scores',
  raw_dbscan: '(b) raw-line MiniLM + DBSCAN',
  iforest_windows: '(c) Isolation Forest, 5-min windows',
});

/** The part of a baseline's result file the benchmarks read (bench/baselines/README.md has it all). */
export interface SeedResult {
  records: number;
  flagged_lines: number[];
  ips: Array<{ ip: string }>;
  stage_seconds: Record<string, number>;
}

export interface SeedRun {
  seconds: number;
  peakRssMb: number;
  result: SeedResult;
}

export function runSeedBaseline(method: SeedMethod, log: string): SeedRun {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-bench-seed-'));
  const out = join(dir, 'result.json');
  try {
    const run = runMeasured('python3', [`${BASELINES}${method}.py`, log, '--out', out]);
    return { seconds: run.seconds, peakRssMb: run.peakRssMb, result: JSON.parse(readFileSync(out, 'utf8')) as SeedResult };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
