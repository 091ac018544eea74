// semlog's numbers in every benchmark come from the real CLI run as a child process, as a user
// runs it: start-up, model loading and report writing included, peak memory measured from outside.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Analysis } from '../../src/types.js';
import { runMeasured } from './run-measured.js';

const BIN = fileURLToPath(new URL('../../bin/semlog.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface SemlogRun {
  seconds: number;
  peakRssMb: number;
  analysis: Analysis;
}

export interface ScanOptions {
  /** Embedding cache folder to use and fill; default a new empty one, removed afterwards (a first scan). */
  cacheDir?: string;
  /** Another build's bin/semlog.js (an A/B against an older commit); default this checkout's. */
  bin?: string;
  /** More scan arguments, e.g. ['--embedding', 'cascade']. */
  args?: readonly string[];
}

/** `semlog scan LOG --output json`, timed and measured; returns the report it wrote. */
export function scanWithCli(log: string, options: ScanOptions = {}): SemlogRun {
  if (options.bin === undefined && !existsSync(DIST)) throw new Error('dist/ is missing: run `npm run build` first (the CLI and its workers run compiled code)');
  const dir = mkdtempSync(join(tmpdir(), 'semlog-bench-scan-'));
  const out = join(dir, 'report.json');
  try {
    const cacheDir = options.cacheDir ?? join(dir, 'cache');
    const run = runMeasured(process.execPath, [options.bin ?? BIN, 'scan', log, '--output', 'json', '--out', out, '--quiet', '--cache', cacheDir, ...(options.args ?? [])]);
    const analysis = JSON.parse(readFileSync(out, 'utf8')) as Analysis;
    return { seconds: run.seconds, peakRssMb: run.peakRssMb, analysis };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
