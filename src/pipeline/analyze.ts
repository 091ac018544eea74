// One scan, start to end: the function the CLI and library users call.
//
//   read ─┬─ scope, tags, text + dedup ─ embed (worker pool, cache) ─ HNSW ─ DBSCAN ─┐
//         └─ per-IP and per-window accumulators ──── z-scores ──────────────────────┴─ fuse → Analysis
//
// Embedding starts while the logs are still being read, and the structured accumulators fill in the
// same pass, so the structured pass runs concurrently with embedding. Library code: never writes to
// stdout, never exits; cancellation through `signal`.

import { checkDetectOptions, checkPrepareOptions } from '../options/check-library-options.js';
import { checkTypes } from '../options/check-option-type.js';
import type { Analysis } from '../types.js';
import { checkIsBaseline, readBaseline } from './baseline-store.js';
import { detectWith, judgeEarly, type DetectOptions, type EarlyJudgements } from './detect-anomalies.js';
import { prepareScanWith, type PrepareOptions } from './prepare-scan.js';

export interface AnalyzeOptions extends PrepareOptions, Omit<DetectOptions, 'baseline'> {
  /** A baseline folder written by `semlog train` (trainBaseline + writeBaseline). */
  baselineDir?: string;
}

export async function analyze(options: AnalyzeOptions): Promise<Analysis> {
  // Fail before an hour of embedding, not after it.
  checkPrepareOptions(options, 'analyze()');
  checkDetectOptions(options, 'analyze()');
  checkTypes('', options, { baselineDir: 'string' });
  const { baselineDir } = options;
  if (baselineDir !== undefined) checkIsBaseline(baselineDir);
  // The site and the clients are judged while the index worker looks up neighbours.
  let detect: DetectOptions | undefined;
  let early: EarlyJudgements | undefined;
  const prepared = await prepareScanWith(options, (scan) => {
    detect = detectOptions(options, baselineDir, scan);
    early = judgeEarly(scan, detect);
  });
  return detectWith(prepared, detect ?? detectOptions(options, baselineDir, prepared), early);
}

/** The options of a scan's detection: its own, with the baseline read from `baselineDir`. */
function detectOptions(options: AnalyzeOptions, baselineDir: string | undefined, scan: Parameters<typeof readBaseline>[1]): DetectOptions {
  const baseline = baselineDir === undefined ? undefined : readBaseline(baselineDir, scan);
  return { ...options, ...(baseline && { baseline }) };
}
