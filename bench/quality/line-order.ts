// Whether the top of the line findings is attacks: the reported order (lines with attack evidence
// first, each group by score; rank/fuse-findings.ts) against the same lines by score alone, on every
// labelled mix of detection-report.ts. Per mix: the average precision of the attack lines over the
// list (1.0: every attack line above every other reported line) and the precision of the first 10,
// 20 and 50 lines. Behavioural attack lines (a form bot's POSTs) are judged per client, so they are
// left out of both orders. Writes bench/quality/line-order.{md,json}.
//
//   npm run build && npx tsx bench/quality/line-order.ts

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LineFinding } from '../../src/types.js';
import { scanWithCli } from '../measure/semlog-cli.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import type { LabelledMix } from './detection-metrics.js';
import { forEveryMix } from './every-mix.js';

type Mix = Pick<LabelledMix, 'anomalies' | 'attackClass'>;

interface OrderMeasures {
  ap: number;
  p10: number;
  p20: number;
  p50: number;
}

interface Row {
  mix: string;
  lines: number;
  attackEvidence: number;
  byScore: OrderMeasures;
  reported: OrderMeasures;
}

const AT = [10, 20, 50] as const;

/** AP of the attack lines over `all` in its order, and precision at 10, 20, 50 (of the whole list when shorter). */
function measure(all: readonly LineFinding[], mix: Mix): OrderMeasures {
  const judged = (l: LineFinding) => {
    const attack = mix.anomalies.get(l.line);
    return attack === undefined || mix.attackClass[attack] !== 'behavioural';
  };
  const lines = all.filter(judged);
  let found = 0;
  let sum = 0;
  const precisionAt: Record<number, number> = {};
  lines.forEach((line, k) => {
    if (mix.anomalies.has(line.line)) {
      found++;
      sum += found / (k + 1);
    }
    if ((AT as readonly number[]).includes(k + 1)) precisionAt[k + 1] = found / (k + 1);
  });
  for (const k of AT) precisionAt[k] ??= lines.length === 0 ? Number.NaN : found / lines.length;
  return { ap: found === 0 ? Number.NaN : sum / found, p10: precisionAt[10]!, p20: precisionAt[20]!, p50: precisionAt[50]! };
}

const cacheDir = mkdtempSync(join(tmpdir(), 'semlog-line-order-'));
const rows: Row[] = [];
function run(name: string, logFile: string, mix: Mix): void {
  const { lines } = scanWithCli(logFile, { cacheDir }).analysis;
  const byScore = [...lines].sort((a, b) => b.score - a.score || a.line - b.line);
  const row: Row = { mix: name, lines: lines.length, attackEvidence: lines.filter((l) => l.attack).length, byScore: measure(byScore, mix), reported: measure(lines, mix) };
  console.log(`${name}: AP by score ${row.byScore.ap.toFixed(3)}, as reported ${row.reported.ap.toFixed(3)}`);
  rows.push(row);
}

forEveryMix(run);
rmSync(cacheDir, { recursive: true, force: true });

const f = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(3));
const pair = (a: number, b: number) => (f(a) === f(b) ? f(b) : `${f(a)} → **${f(b)}**`);
const table = rows
  .map((r) => `| ${r.mix} | ${r.lines} | ${r.attackEvidence} | ${pair(r.byScore.ap, r.reported.ap)} | ${pair(r.byScore.p10, r.reported.p10)} | ${pair(r.byScore.p20, r.reported.p20)} | ${pair(r.byScore.p50, r.reported.p50)} |`)
  .join('\n');
const meta = runMeta('npx tsx bench/quality/line-order.ts');
const md = `# The order of the line findings: attacks first?

${describeRun(meta)} semlog's default settings, every labelled mix of \`detection-report.ts\`
(design, held-out and the three blind sets), scanned once by the real CLI.

A scan lists the lines with attack evidence first (an attack signature in the request or a header, a
hostile client's request, a form bot's POST: \`attack: true\`), then the odd requests of ordinary
clients, each group by score. Each cell reads *by score alone* → *as reported*, for the same lines:
the average precision of the attack lines over the list (1.0: every attack line above every other
reported line) and the precision of the first 10, 20 and 50. Behavioural attack lines (a form bot's
POSTs) are judged per client and left out of both. The ordering rule was written after every set had
been seen, so none of these numbers is blind.

| mix | reported lines | with attack evidence | AP | precision at 10 | at 20 | at 50 |
|---|---:|---:|---:|---:|---:|---:|
${table}
`;
writeResults('quality/line-order', meta, md, { rows });
