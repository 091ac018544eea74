// Issue #19's speed figures, same run: cold scans with --embedding full and --embedding cascade of
// the every-site 200k-line bench log (as scan.bench.ts --all-sites makes it) and of a
// high-cardinality log (one site's requests with unique query values, bench/scan/high-cardinality-log.ts),
// next to GoAccess parsing the same files. Writes bench/scan/cascade-results.{md,json}.
//
//   npm run build && npx tsx bench/scan/cascade-speed.ts [--lines 200000] [--hc-lines 20000]

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CascadeStats } from '../../src/types.js';
import { fastestOf } from '../measure/fastest-of.js';
import { goaccessParse, goaccessVersion } from '../measure/goaccess.js';
import { scanWithCli } from '../measure/semlog-cli.js';
import { makeLog } from '../parse/make-log.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { makeHighCardinalityLog } from './high-cardinality-log.js';

const arg = (name: string, fallback: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const lines = arg('--lines', 200_000);
const hcLines = arg('--hc-lines', 20_000);
const work = fileURLToPath(new URL('../work/', import.meta.url));
mkdirSync(work, { recursive: true });

interface Row {
  log: string;
  lines: number;
  distinctTexts: number;
  goaccessSeconds: number;
  full: { seconds: number; peakRssMb: number; outlierTexts: number; lineFindings: number };
  cascade: { seconds: number; peakRssMb: number; outlierTexts: number; lineFindings: number; stats: CascadeStats };
}

function measure(name: string, log: string, count: number): Row {
  const goaccessSeconds = fastestOf(3, () => goaccessParse(log)).seconds;
  const full = scanWithCli(log, { args: ['--embedding', 'full'] });
  const cascade = scanWithCli(log, { args: ['--embedding', 'cascade'] });
  const row: Row = {
    log: name,
    lines: count,
    distinctTexts: full.analysis.summary.uniqueTexts,
    goaccessSeconds,
    full: { seconds: full.seconds, peakRssMb: full.peakRssMb, outlierTexts: full.analysis.summary.outlierTexts, lineFindings: full.analysis.lines.length },
    cascade: {
      seconds: cascade.seconds,
      peakRssMb: cascade.peakRssMb,
      outlierTexts: cascade.analysis.summary.outlierTexts,
      lineFindings: cascade.analysis.lines.length,
      stats: cascade.analysis.summary.cascade!,
    },
  };
  console.log(JSON.stringify(row));
  return row;
}

const everySite = join(work, `scan-${lines}-all.log`);
await makeLog({ lines, out: everySite });
const highCardinality = join(work, `high-cardinality-${hcLines}.log`);
await makeHighCardinalityLog(hcLines, highCardinality);
const rows = [measure('every site', everySite, lines), measure('high cardinality', highCardinality, hcLines)];

const meta = runMeta(`npx tsx bench/scan/cascade-speed.ts --lines ${lines} --hc-lines ${hcLines}`);
const table = rows
  .map((r) => {
    const s = r.cascade.stats;
    return `| ${r.log} | ${r.lines.toLocaleString('en')} | ${r.distinctTexts.toLocaleString('en')} | ${r.goaccessSeconds.toFixed(2)} | ${r.full.seconds.toFixed(1)} (${(r.full.seconds / r.goaccessSeconds).toFixed(1)}×) | ${r.cascade.seconds.toFixed(1)} (${(r.cascade.seconds / r.goaccessSeconds).toFixed(1)}×) | **${(r.full.seconds / r.cascade.seconds).toFixed(2)}×** | ${s.embeddedTexts.toLocaleString('en')} | ${r.full.peakRssMb.toFixed(0)} / ${r.cascade.peakRssMb.toFixed(0)} MB | ${r.full.outlierTexts} / ${r.cascade.outlierTexts} |`;
  })
  .join('\n');
const stages = rows
  .map((r) => {
    const s = r.cascade.stats;
    return `| ${r.log} | ${s.cheapEps} | ${s.calibrationTexts} | ${s.cheapOutliers} | ${s.smallClusterTexts} | ${s.flaggedTexts} | ${s.anchorTexts} | ${s.auditTexts} | ${s.auditDisagreed} | ${s.clustersEmbeddedInFull} (${s.fullClusterTexts}) | ${s.proxiedTexts} | ${(s.cheapMs / 1000).toFixed(1)} |`;
  })
  .join('\n');
writeResults(
  'scan/cascade-results',
  meta,
  `# Cold scans: --embedding full vs cascade (issue #19)

${describeRun(meta)} All rows measured in the same run, one cold scan each (a new embedding cache), child processes
timed from spawn to exit; GoAccess ${goaccessVersion()} best of 3. The every-site log is scan.bench.ts --all-sites's;
the high-cardinality log replays elastic-apache-logs with unique vocabulary words as query values.

| log | lines | distinct texts | GoAccess s | full s (vs GoAccess) | cascade s (vs GoAccess) | full / cascade | MiniLM texts (cascade) | peak RSS full / cascade | outlier texts full / cascade |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${table}

What the cascade's stages handled (distinct texts):

| log | cheap eps | calibration | cheap outliers | small clusters | flagged | anchors | audit | audit disagreed | clusters embedded whole (texts) | proxied | cheap stages s |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${stages}
`,
  rows,
);
