// Detection quality of semlog's defaults next to the seed methods, on the labelled mixes, in one run:
// line precision/recall/F1, attacker-IP recall, wall time and peak memory of every method on the
// same file. Writes bench/quality/results.{md,json}.
//
//   npm run build && npx tsx bench/quality/report.ts [--skip-raw-dbscan]

import { fastestOf } from '../measure/fastest-of.js';
import { runSeedBaseline, SEED_LABELS, type SeedMethod } from '../measure/seed-baseline.js';
import { scanWithCli } from '../measure/semlog-cli.js';
import { QUICK, runMeta, writeResults } from '../report/bench-results.js';
import { MIXES, writeMix } from './mixes.js';
import { renderQuality, type MethodRow, type QualityData } from './render-quality.js';
import { scoreAnalysis, scoreFlagged } from './score-analysis.js';

/** (b) takes minutes per mix; quick mode and --skip-raw-dbscan leave it out. */
const skipRaw = QUICK || process.argv.includes('--skip-raw-dbscan');
const SEEDS: SeedMethod[] = ['zscore_ip', 'iforest_windows', ...(skipRaw ? [] : (['raw_dbscan'] as const))];
/** Runs of the methods that take seconds; the fastest counts. (b) takes minutes and runs once. */
const SHORT_RUNS = 2;
const runsOf = (method: SeedMethod) => (method === 'raw_dbscan' ? 1 : SHORT_RUNS);

const data: QualityData = { mixes: [], rows: [] };
for (const spec of MIXES) {
  const { mix, logFile } = writeMix(spec);
  data.mixes.push({ name: spec.name, lines: mix.lines.length, anomalies: mix.anomalies.size, attackerIps: mix.attackerIps.length });
  // Each run with a new, empty embedding cache, so that the time is what a first scan costs.
  const semlog = fastestOf(SHORT_RUNS, () => scanWithCli(logFile));
  const rows: MethodRow[] = [{ mix: spec.name, method: 'semlog', quality: scoreAnalysis(semlog.analysis, mix), seconds: semlog.seconds, peakRssMb: semlog.peakRssMb }];
  for (const method of SEEDS) {
    const run = fastestOf(runsOf(method), () => runSeedBaseline(method, logFile));
    const quality = scoreFlagged(new Set(run.result.flagged_lines), run.result.ips.map((ip) => ip.ip), mix);
    rows.push({ mix: spec.name, method, quality, seconds: run.seconds, peakRssMb: run.peakRssMb });
  }
  data.rows.push(...rows);
  for (const row of rows) console.log(`${row.mix} ${row.method === 'semlog' ? 'semlog' : SEED_LABELS[row.method]}: F1 ${row.quality.f1.toFixed(3)}, ${row.seconds.toFixed(1)} s`);
}

const meta = runMeta(`npx tsx bench/quality/report.ts${process.argv.includes('--skip-raw-dbscan') ? ' --skip-raw-dbscan' : ''}`);
writeResults('quality/results', meta, renderQuality(meta, data), data);
