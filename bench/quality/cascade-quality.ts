// Issue #19's quality bar: every design and held-out mix of detection-report.ts scanned cold with
// `--embedding full` and `--embedding cascade`, in the same run, side by side; the cascade holds the
// bar when every figure is within 0.02 of full. Writes bench/quality/cascade-results.{md,json}.
//
//   npm run build && npx tsx bench/quality/cascade-quality.ts

import { scanWithCli } from '../measure/semlog-cli.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { detectionMetrics, type DetectionMetrics, type LabelledMix } from './detection-metrics.js';
import { HOLDOUT_MIXES, writeHoldoutMix } from './holdout/holdout-mixes.js';
import { MIXES, writeMix } from './mixes.js';
import type { CascadeStats } from '../../src/types.js';

const FIGURES = ['f1', 'precision', 'recall', 'payloadRecall', 'scannerRecall', 'clientAp'] as const;
const BAR = 0.02;

interface ModeRun {
  metrics: DetectionMetrics;
  seconds: number;
  cascade?: CascadeStats;
}

interface Row {
  mix: string;
  set: 'design' | 'held-out';
  lines: number;
  full: ModeRun;
  cascade: ModeRun;
}

function run(logFile: string, mix: LabelledMix, mode: 'full' | 'cascade'): ModeRun {
  const scan = scanWithCli(logFile, { args: ['--embedding', mode] });
  return { metrics: detectionMetrics(scan.analysis, mix), seconds: scan.seconds, ...(scan.analysis.summary.cascade && { cascade: scan.analysis.summary.cascade }) };
}

const rows: Row[] = [];
const measure = (mixName: string, set: Row['set'], logFile: string, mix: LabelledMix, lines: number) => {
  const full = run(logFile, mix, 'full');
  const cascade = run(logFile, mix, 'cascade');
  const row = { mix: mixName, set, lines, full, cascade };
  rows.push(row);
  console.log(`${set} ${mixName}: ${FIGURES.map((f) => `${f} ${fmt(full.metrics[f])}→${fmt(cascade.metrics[f])}`).join(' ')}; ${full.seconds.toFixed(1)} s → ${cascade.seconds.toFixed(1)} s`);
};
for (const spec of MIXES) {
  const { mix, logFile } = writeMix(spec);
  measure(spec.name, 'design', logFile, mix, mix.lines.length);
}
for (const spec of HOLDOUT_MIXES) {
  const { mix, logFile } = writeHoldoutMix(spec);
  measure(spec.name, 'held-out', logFile, { ...mix, behaviouralIps: mix.hammerIps ?? [] }, mix.lines.length);
}

function fmt(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '–' : value.toFixed(3);
}

const worst = Math.max(...rows.flatMap((r) => FIGURES.map((f) => Math.abs((r.cascade.metrics[f] ?? 0) - (r.full.metrics[f] ?? 0)) || 0)));
const table = rows
  .map((r) => {
    const c = r.cascade.cascade;
    const cells = FIGURES.map((f) => `${fmt(r.full.metrics[f])} / ${fmt(r.cascade.metrics[f])}`);
    const share = c ? `${c.embeddedTexts} / ${c.embeddedTexts + c.proxiedTexts}` : '–';
    return `| ${r.set} | ${r.mix} | ${cells.join(' | ')} | ${share} | ${c ? `${c.auditDisagreed}/${c.auditTexts}` : '–'} | ${r.full.seconds.toFixed(1)} / ${r.cascade.seconds.toFixed(1)} (${(r.full.seconds / r.cascade.seconds).toFixed(2)}×) |`;
  })
  .join('\n');
const meta = runMeta('npx tsx bench/quality/cascade-quality.ts');
writeResults(
  'quality/cascade-results',
  meta,
  `# --embedding full vs cascade on the detection mixes (issue #19)

${describeRun(meta)}

Every mix scanned cold (a new embedding cache per scan), full then cascade, in the same run. Each cell is
full / cascade. The bar: every figure within ${BAR} of full. Largest difference: **${worst.toFixed(3)}** —
${worst <= BAR ? 'the bar holds' : 'the bar does not hold'}.

| set | mix | ${FIGURES.join(' | ')} | MiniLM texts / all | audit disagreed | seconds full / cascade |
|---|---|${FIGURES.map(() => '---|').join('')}---|---|---|
${table}
`,
  { rows, worstDelta: worst, bar: BAR },
);
