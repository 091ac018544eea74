// One scan, start to end: the function the CLI and library users call.
//
//   read ─┬─ scope, tags, text + dedup ─ embed (worker pool, cache) ─ HNSW ─ DBSCAN ─┐
//         └─ per-IP and per-window accumulators ──── z-scores ──────────────────────┴─ fuse → Analysis
//
// Embedding starts while the logs are still being read, and the structured accumulators fill in the
// same pass, so the structured pass runs concurrently with embedding. Library code: never writes to
// stdout, never exits; cancellation through `signal`.

import type { Analysis } from '../types.js';
import { detectAnomalies, type DetectOptions } from './detect-anomalies.js';
import { prepareScan, type PrepareOptions } from './prepare-scan.js';

export interface AnalyzeOptions extends PrepareOptions, DetectOptions {}

export async function analyze(options: AnalyzeOptions): Promise<Analysis> {
  return detectAnomalies(await prepareScan(options), options);
}
