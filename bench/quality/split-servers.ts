// A stress test of another assumption: that a client's requests come in the order it sent them.
// A site served by several machines has one log per machine: three Tomcat nodes behind a balancer,
// each with its day's access log, or an ALB writing one file per load-balancer node every five
// minutes. A scan of the folder reads them one after the other, so a client's requests arrive in
// pieces, each piece in order. Every labelled mix of detection-report.ts is scanned as built, then
// with its lines dealt at random over three "servers", (a) one file per server for the whole log and
// (b) one file per server and 5-minute interval, named so that a folder scan reads them interval by
// interval. Not a blind measurement: the mixes have all been seen. Writes
// bench/quality/split-servers.{md,json}.
//
//   npm run build && npx tsx bench/quality/split-servers.ts

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../src/mulberry32.js';
import { parseApacheTime } from '../../src/parse/apache-time.js';
import type { Analysis } from '../../src/types.js';
import { scanWithCli } from '../measure/semlog-cli.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { detectionMetrics, type DetectionMetrics, type LabelledMix } from './detection-metrics.js';
import { forEveryMixIn, metric, type Scratch } from './every-mix.js';

const SERVERS = 3;
const INTERVAL_MS = 5 * 60_000;

type Split = 'per-server' | 'per-server-and-5-min';

interface Row {
  mix: string;
  asBuilt: DetectionMetrics;
  perServer: DetectionMetrics;
  perInterval: DetectionMetrics;
}

/** Epoch ms of a Common/Combined Log Format line's `[10/Oct/2023:13:55:36 +0000]` (parse/apache-time.ts); 0 when absent. */
function lineTime(line: string): number {
  const timeMs = parseApacheTime(line, line.indexOf('[') + 1);
  return Number.isNaN(timeMs) ? 0 : timeMs;
}

/**
 * Deals the lines of `logFile` at random (seeded) over SERVERS files in `dir`; returns, per written
 * file, the original line number of each of its lines.
 */
function splitLog(logFile: string, dir: string, split: Split): Map<string, number[]> {
  const random = mulberry32(7);
  const lines = readFileSync(logFile, 'latin1').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const files = new Map<string, { text: string[]; origin: number[] }>();
  lines.forEach((line, i) => {
    const server = Math.floor(random() * SERVERS);
    const interval = split === 'per-server' ? '' : `${String(Math.floor(lineTime(line) / INTERVAL_MS)).padStart(10, '0')}-`;
    const name = join(dir, `${interval}server-${server}.log`);
    let file = files.get(name);
    if (file === undefined) files.set(name, (file = { text: [], origin: [] }));
    file.text.push(line);
    file.origin.push(i + 1);
  });
  mkdirSync(dir, { recursive: true });
  const origins = new Map<string, number[]>();
  for (const [name, { text, origin }] of files) {
    writeFileSync(name, `${text.join('\n')}\n`, 'latin1');
    origins.set(name, origin);
  }
  return origins;
}

/** The analysis with each line finding's line number mapped back to the mix's own. */
function inMixLines(analysis: Analysis, origins: Map<string, number[]>): Analysis {
  return { ...analysis, lines: analysis.lines.map((l) => ({ ...l, line: origins.get(l.file)![l.line - 1]! })) };
}

const rows: Row[] = [];

function run(name: string, logFile: string, mix: LabelledMix, { dir: work, cacheDir }: Scratch): void {
  const asBuilt = detectionMetrics(scanWithCli(logFile, { cacheDir }).analysis, mix);
  const measureSplit = (split: Split) => {
    const dir = join(work, name, split);
    const origins = splitLog(logFile, dir, split);
    return detectionMetrics(inMixLines(scanWithCli(dir, { cacheDir }).analysis, origins), mix);
  };
  const row = { mix: name, asBuilt, perServer: measureSplit('per-server'), perInterval: measureSplit('per-server-and-5-min') };
  const show = (m: DetectionMetrics) => `F1 ${m.f1.toFixed(3)} AP ${m.clientAp.toFixed(3)} ranks ${m.behaviouralRanks.join('/')}`;
  console.log(`${name}: ${show(row.asBuilt)} | per server ${show(row.perServer)} | per 5 min ${show(row.perInterval)}`);
  rows.push(row);
}

forEveryMixIn('split-servers', run);

const f = metric;
const ranks = (r: number[]) => (r.length === 0 ? '–' : r.map((x) => (Number.isFinite(x) ? String(x) : 'not reported')).join(', '));
const cells = (pick: (m: DetectionMetrics) => string, r: Row) => `${pick(r.asBuilt)} / ${pick(r.perServer)} / ${pick(r.perInterval)}`;
const meta = runMeta('npx tsx bench/quality/split-servers.ts');
const md = `# One log per server: detection when a client's requests are read in pieces

${describeRun(meta)} semlog's default settings, no labels, no baseline.

Every labelled mix of \`detection-report.ts\`, scanned as built, then with its lines dealt at random
over ${SERVERS} servers: one file per server for the whole log (three Tomcat nodes' access logs), and
one file per server and 5-minute interval (an ALB's files), the folder read in name order. Each cell:
as built / per server / per server and 5 minutes. Every mix has been seen while designing: this is a
stress test of reading order, not a blind result.

| mix | line F1 | scanner recall | attacker-client AP | behavioural client rank |
|---|---|---|---|---|
${rows
  .map((r) => `| ${r.mix} | ${cells((m) => f(m.f1), r)} | ${cells((m) => f(m.scannerRecall), r)} | ${cells((m) => f(m.clientAp), r)} | ${cells((m) => ranks(m.behaviouralRanks), r)} |`)
  .join('\n')}
`;
writeResults('quality/split-servers', meta, md, rows);
