// Does `semlog tune --learn` carry over on mixes nobody tuned or learned on? As learn-transfer.ts,
// on pairs of held-out mixes that share a background site (other attacks, other scanners): tuned on
// the first mix's labels (objective F1), judged on the second. The held-out sets were looked at while
// designing detection (each set's README says when), but never while designing `tune`, the line
// model or its fitted ranges (those were designed on the elastic design mixes). Line metrics as in
// detection-results.md (behavioural attacks judged per client, not as lines). Writes
// bench/quality/learn-results-holdout.md.
//
//   npm run build && npx tsx bench/quality/learn-transfer-holdout.ts

import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { detectAnomalies, type DetectOptions } from '../../src/pipeline/detect-anomalies.js';
import { prepareScan, type PreparedScan } from '../../src/pipeline/prepare-scan.js';
import { flags } from '../../src/report/tune-report.js';
import { labelScan } from '../../src/tune/label-clients.js';
import type { LabelledLines } from '../../src/tune/label-lines.js';
import { learnWeights } from '../../src/tune/learn-weights.js';
import { parseObjective } from '../../src/tune/objective.js';
import { readLabels } from '../../src/tune/read-labels.js';
import { tuneSettings } from '../../src/tune/tune-settings.js';
import { detectionMetrics, type DetectionMetrics } from './detection-metrics.js';
import { HOLDOUT_MIXES, writeHoldoutMix, type WrittenHoldoutMix } from './holdout/holdout-mixes.js';
import { HOLDOUT3_MIXES, writeHoldout3Mix } from './holdout3/holdout3-mixes.js';
import { HOLDOUT4_MIXES, writeHoldout4Mix } from './holdout4/holdout4-mixes.js';
import { settingOptions } from './labelled-mix.js';

const cacheDir = fileURLToPath(new URL('../work/cache/', import.meta.url));
const objective = parseObjective('f1');

/** Every held-out mix that shares its background with another one, by name. */
const WRITERS: Record<string, () => WrittenHoldoutMix> = Object.fromEntries([
  ...HOLDOUT_MIXES.map((spec) => [spec.name, () => writeHoldoutMix(spec)] as const),
  ...HOLDOUT3_MIXES.map((spec) => [spec.name, () => writeHoldout3Mix(spec)] as const),
  ...HOLDOUT4_MIXES.map((spec) => [spec.name, () => writeHoldout4Mix(spec)] as const),
]);

/** One pair per background site, both ways. */
const PAIRS: ReadonlyArray<[string, string, string]> = [
  ['elastic-apache-logs', 'holdout-elastic', 'holdout-elastic-b'],
  ['netnea tutorial 5', 'holdout-netnea5', 'holdout4-netnea5'],
  ['tomcat-banner-2019', 'holdout3-tomcat', 'holdout4-tomcat'],
  ['secrepo 2021 (quiet)', 'holdout3-secrepo', 'holdout4-secrepo'],
];

interface Loaded {
  written: WrittenHoldoutMix;
  scan: PreparedScan;
  labelled: LabelledLines;
}

const loaded = new Map<string, Loaded>();
async function load(name: string): Promise<Loaded> {
  let entry = loaded.get(name);
  if (!entry) {
    const written = WRITERS[name]!();
    const scan = await prepareScan({ paths: [written.logFile], cacheDir });
    entry = { written, scan, labelled: labelScan(readLabels(written.labelsFile), scan, written.labelsFile).lines };
    loaded.set(name, entry);
  }
  return entry;
}

function judge(target: Loaded, options: DetectOptions = {}): DetectionMetrics {
  const { mix } = target.written;
  return detectionMetrics(detectAnomalies(target.scan, options), { ...mix, behaviouralIps: mix.hammerIps ?? [] });
}

const rows: string[] = [];
let met = 0;
let kept = 0;
for (const [site, first, second] of PAIRS) {
  for (const [tunedOn, judgedOn] of [[first, second], [second, first]] as const) {
    const source = await load(tunedOn);
    const swept = tuneSettings(source.scan, source.labelled, { objective });
    const learned = learnWeights(source.scan, source.labelled, { objective, against: [swept.heldOut, swept.defaults.scores] });
    const target = await load(judgedOn);
    const defaults = judge(target);
    const sweep = judge(target, settingOptions(swept.chosen.setting));
    const model = judge(target, { learned: learned.model });
    // What `tune --save` would save: the model when the guard keeps it, else the sweep's setting.
    const saved = learned.beats ? model : sweep;
    const target18 = saved.f1 >= 0.92 && saved.f1 >= defaults.f1 + 0.03;
    if (target18) met++;
    if (learned.beats) kept++;
    rows.push(
      `| ${site} | ${tunedOn} | ${judgedOn} | ${f3(defaults.f1)} | ${f3(sweep.f1)} (\`${flags(swept.chosen.setting)}\`) | ${f3(model.f1)} (P ${f3(model.precision)}, R ${f3(model.recall)}) | ` +
        `${learned.beats ? `the model (held out ${f3(learned.heldOut.f1)} vs the sweep's ${f3(swept.heldOut.f1)})` : `the sweep (the model held out ${f3(learned.heldOut.f1)} vs ${f3(swept.heldOut.f1)})`} | ` +
        `${f3(saved.f1)} (${signed(saved.f1 - defaults.f1)}) | ${target18 ? 'met' : 'not met'} |`,
    );
    console.log(rows.at(-1));
  }
}

function f3(value: number): string {
  return Number.isNaN(value) ? '–' : value.toFixed(3);
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
}

writeFileSync(
  new URL('./learn-results-holdout.md', import.meta.url),
  `# A learned line model on held-out mixes: tuned on one, judged on another of the same site

${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}.
Generated by \`npx tsx bench/quality/learn-transfer-holdout.ts\`.

As \`learn-results.md\`, on pairs of held-out mixes with the same background log (other attacks, other
scanners), both ways: \`semlog tune --learn\` (objective F1, the library functions the command runs)
on the first mix's labels; the defaults, the sweep's setting and the learned model (applied whether
or not the guard keeps it) scanned on the second. "saved" is what \`tune --save\` would have saved:
the model when the guard keeps it, the sweep's setting otherwise. Line F1 as in detection-results.md
(behavioural attacks judged per client). Issue #18's target: the saved scoring reaches F1 ≥ 0.92 and
≥ the defaults + 0.03 on the second mix. None of these mixes was used while designing \`tune\`, the
line model or its fitted ranges.

| site | tuned on | judged on | defaults F1 | sweep F1 (setting) | learned model F1 | the guard saves | saved F1 (vs defaults) | #18 target |
|---|---|---|---:|---:|---:|---|---:|---|
${rows.join('\n')}

The guard kept the learned model on ${kept} of ${rows.length} transfers; the target was met on ${met} of ${rows.length}.
`,
);
