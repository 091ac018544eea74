// How time and peak memory grow with the size of the log: semlog end to end (cold and warm cache,
// per stage), GoAccess parsing the same file, and the seed baselines scoring it, at 10k, 100k and 1M
// lines, all in one run. Writes bench/scale/results.{md,json}.
//
//   npm run build && npx tsx bench/scale/scale.bench.ts
//
// The logs replay every real combined log in ../shared/data (several sites, crawlers, scanners and
// honeypot traffic) with fresh client IPs and times, so the number of distinct requests grows with
// the size of the log the way it does when more traffic comes in, until the real pool is exhausted.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goaccessParse, goaccessVersion } from '../measure/goaccess.js';
import { runSeedBaseline, type SeedMethod } from '../measure/seed-baseline.js';
import { scanWithCli, type SemlogRun } from '../measure/semlog-cli.js';
import { makeLog, REPLAY_SOURCES } from '../parse/make-log.js';
import { QUICK, runMeta, writeResults } from '../report/bench-results.js';
import { renderScale, type ScaleData, type SizeResult, type ScanMeasure } from './render-scale.js';

const SIZES = QUICK ? [2_000, 5_000, 20_000] : [10_000, 100_000, 1_000_000];
/** (b) embeds every raw line with PyTorch on the CPU, 15–35 lines/s on 2 cores: run it on the smallest size only. */
const RAW_DBSCAN_MAX_LINES = QUICK ? 0 : 10_000;

const work = fileURLToPath(new URL('../work/scale/', import.meta.url));
mkdirSync(work, { recursive: true });

function scanMeasure(run: SemlogRun): ScanMeasure {
  return { seconds: run.seconds, peakRssMb: run.peakRssMb, stageMs: run.analysis.summary.stageMs, cachedTexts: run.analysis.summary.cachedTexts };
}

const sizes: SizeResult[] = [];
for (const lines of SIZES) {
  const log = join(work, `scale-${lines}.log`);
  const made = await makeLog({ lines, out: log });
  const cacheDir = mkdtempSync(join(tmpdir(), 'semlog-bench-scale-cache-'));
  const cold = scanWithCli(log, { cacheDir });
  const warm = scanWithCli(log, { cacheDir });
  rmSync(cacheDir, { recursive: true, force: true });
  const goaccess = goaccessParse(log);
  const methods: SeedMethod[] = ['zscore_ip', 'iforest_windows', ...(lines <= RAW_DBSCAN_MAX_LINES ? (['raw_dbscan'] as const) : [])];
  const seeds: SizeResult['seeds'] = {};
  for (const method of methods) {
    const run = runSeedBaseline(method, log);
    seeds[method] = { seconds: run.seconds, peakRssMb: run.peakRssMb, records: run.result.records };
  }
  rmSync(log);
  const size: SizeResult = {
    lines,
    megabytes: made.bytes / 1e6,
    distinctTexts: cold.analysis.summary.uniqueTexts,
    clientIps: cold.analysis.summary.clientIps,
    semlogCold: scanMeasure(cold),
    semlogWarm: scanMeasure(warm),
    goaccess: { seconds: goaccess.seconds, peakRssMb: goaccess.peakRssMb },
    seeds,
  };
  sizes.push(size);
  console.log(JSON.stringify(size));
}

const data: ScaleData = { sources: REPLAY_SOURCES.combined.length, goaccess: goaccessVersion(), rawDbscanMaxLines: RAW_DBSCAN_MAX_LINES, sizes };
const meta = runMeta('npx tsx bench/scale/scale.bench.ts');
writeResults('scale/results', meta, renderScale(meta, data), data);
