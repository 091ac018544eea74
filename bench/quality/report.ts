// Detection quality of semlog's defaults next to the seed methods, on the labelled mixes, in one run:
// line precision/recall/F1, attacker-IP recall, wall time and peak memory of every method on the
// same file. Writes bench/quality/results.{md,json}.
//
//   npm run build && npx tsx bench/quality/report.ts [--skip-raw-dbscan | --reuse-raw-dbscan]
//
// --reuse-raw-dbscan keeps (b)'s rows of the previous results instead of running it again (hours on
// this machine, and it needs torch): (b) reads only the mix file, so its rows stand for as long as
// the mix file is the same. A row is kept only when its mix's SHA-256 is recorded and equal (or, for
// results written before the hash was recorded, when lines, injected lines and attacker IPs all
// match); the page names the run each kept row is from.

import { fastestOf } from '../measure/fastest-of.js';
import { runSeedBaseline, SEED_LABELS, type SeedMethod } from '../measure/seed-baseline.js';
import { scanWithCli } from '../measure/semlog-cli.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { QUICK, readResults, runMeta, writeResults } from '../report/bench-results.js';
import { MIXES, writeMix } from './mixes.js';
import { renderQuality, type MethodRow, type QualityData } from './render-quality.js';
import { scoreAnalysis, scoreFlagged } from './score-analysis.js';

/** (b) takes minutes per mix; quick mode and --skip-raw-dbscan leave it out, --reuse-raw-dbscan keeps the previous run's. */
const reuseRaw = process.argv.includes('--reuse-raw-dbscan');
const skipRaw = QUICK || reuseRaw || process.argv.includes('--skip-raw-dbscan');
const previous = reuseRaw ? readResults<QualityData>('quality/results') : undefined;
if (reuseRaw && previous === undefined) throw new Error('--reuse-raw-dbscan: no previous bench/quality/results.json to reuse');
const SEEDS: SeedMethod[] = ['zscore_ip', 'iforest_windows', ...(skipRaw ? [] : (['raw_dbscan'] as const))];
/** Runs of the methods that take seconds; the fastest counts. (b) takes minutes and runs once. */
const SHORT_RUNS = 2;
const runsOf = (method: SeedMethod) => (method === 'raw_dbscan' ? 1 : SHORT_RUNS);

const data: QualityData = { mixes: [], rows: [] };
for (const spec of MIXES) {
  const { mix, logFile } = writeMix(spec);
  const entry = { name: spec.name, lines: mix.lines.length, anomalies: mix.anomalies.size, attackerIps: mix.attackerIps.length, sha256: createHash('sha256').update(readFileSync(logFile)).digest('hex') };
  data.mixes.push(entry);
  // Each run with a new, empty embedding cache, so that the time is what a first scan costs.
  const semlog = fastestOf(SHORT_RUNS, () => scanWithCli(logFile));
  const rows: MethodRow[] = [{ mix: spec.name, method: 'semlog', quality: scoreAnalysis(semlog.analysis, mix), seconds: semlog.seconds, peakRssMb: semlog.peakRssMb }];
  for (const method of SEEDS) {
    const run = fastestOf(runsOf(method), () => runSeedBaseline(method, logFile));
    const quality = scoreFlagged(new Set(run.result.flagged_lines), run.result.ips.map((ip) => ip.ip), mix);
    rows.push({ mix: spec.name, method, quality, seconds: run.seconds, peakRssMb: run.peakRssMb });
  }
  if (previous) rows.push(reusedRawRow(previous.data, previous.meta.date, entry));
  data.rows.push(...rows);
  for (const row of rows) console.log(`${row.mix} ${row.method === 'semlog' ? 'semlog' : SEED_LABELS[row.method]}: F1 ${row.quality.f1.toFixed(3)}, ${row.seconds.toFixed(1)} s`);
}

/** (b)'s row of the previous results for this very mix file, marked with the run it is from. */
function reusedRawRow(old: QualityData, date: string, mix: QualityData['mixes'][number]): MethodRow {
  const before = old.mixes.find((m) => m.name === mix.name);
  const same = before !== undefined && (before.sha256 !== undefined
    ? before.sha256 === mix.sha256
    : before.lines === mix.lines && before.anomalies === mix.anomalies && before.attackerIps === mix.attackerIps);
  const row = old.rows.find((r) => r.mix === mix.name && r.method === 'raw_dbscan');
  if (!same || row === undefined) throw new Error(`--reuse-raw-dbscan: ${mix.name} is not the mix the previous raw-line DBSCAN run scanned; run it again`);
  return { ...row, reusedFrom: row.reusedFrom ?? date };
}

const flags = ['--skip-raw-dbscan', '--reuse-raw-dbscan'].filter((flag) => process.argv.includes(flag));
const meta = runMeta(`npx tsx bench/quality/report.ts${flags.map((f) => ` ${f}`).join('')}`);
writeResults('quality/results', meta, renderQuality(meta, data), data);
