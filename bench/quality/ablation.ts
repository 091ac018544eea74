// What each detection signal adds: every mix scanned once (in-process, embedding cache kept in
// bench/work/cache), then judged with all signals on and with each one turned off in turn.
// Writes bench/quality/ablation-results.{md,json}.
//
//   npm run build && npx tsx bench/quality/ablation.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DETECTION_SIGNALS, detectAnomalies, type DetectionSignal } from '../../src/pipeline/detect-anomalies.js';
import { prepareScan } from '../../src/pipeline/prepare-scan.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { detectionMetrics, type LabelledMix } from './detection-metrics.js';
import { HOLDOUT_MIXES, writeHoldoutMix } from './holdout/holdout-mixes.js';
import { MIXES, writeMix } from './mixes.js';

const cacheDir = fileURLToPath(new URL('../work/cache/', import.meta.url));
// Without signatures, a payload is an attack family nobody wrote a signature for; turning the semantic
// detector off as well shows what it finds of such a family. The rarity gate at 16 bits (what `tune`
// picks on elastic-b) trades the same: fewer semantic false positives, fewer unknown attacks found.
const VARIANTS: Array<{ name: string; off: DetectionSignal[]; minRarity?: number }> = [
  { name: 'all signals', off: [] },
  ...DETECTION_SIGNALS.map((off) => ({ name: `without ${off}`, off: [off] })),
  { name: 'without signatures and semantic', off: ['signatures', 'semantic'] },
  { name: 'all signals, min-rarity 16', off: [], minRarity: 16 },
  { name: 'without signatures, min-rarity 16', off: ['signatures'], minRarity: 16 },
];

interface Cell {
  f1: number;
  precision: number;
  recall: number;
  clientAp: number;
}
const mixes: Array<{ name: string; set: string; logFile: string; mix: LabelledMix }> = [
  ...MIXES.map((spec) => {
    const { mix, logFile } = writeMix(spec);
    return { name: spec.name, set: 'design', logFile, mix };
  }),
  ...HOLDOUT_MIXES.map((spec) => {
    const { mix, logFile } = writeHoldoutMix(spec);
    return { name: spec.name, set: 'held-out', logFile, mix: { ...mix, behaviouralIps: mix.hammerIps ?? [] } };
  }),
];

/**
 * The same mix with every payload line sent from an address of its own: no client context can help,
 * so what is found is found by the request alone (the one-shot attacker of a real log).
 */
function oneShot(name: string, set: string, logFile: string, mix: LabelledMix) {
  const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n');
  const attackerIps = new Set(mix.attackerIps);
  let k = 0;
  for (const [line, attack] of mix.anomalies) {
    if (mix.attackClass[attack] !== 'payload') continue;
    const ip = `100.64.${k >> 8}.${k & 255}`;
    k++;
    lines[line - 1] = lines[line - 1]!.replace(/^\S+/, ip);
    attackerIps.add(ip);
  }
  const file = join(dirname(logFile), `${name}.one-shot.log`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { name: `${name} one-shot`, set, logFile: file, mix: { ...mix, attackerIps: [...attackerIps] } };
}
mixes.push(...mixes.map((m) => oneShot(m.name, m.set, m.logFile, m.mix)));

const results: Record<string, Record<string, Cell>> = {};
for (const { name, logFile, mix } of mixes) {
  const prepared = await prepareScan({ paths: [logFile], cacheDir });
  results[name] = {};
  for (const variant of VARIANTS) {
    const analysis = detectAnomalies(prepared, {
      signals: Object.fromEntries(variant.off.map((signal) => [signal, false])),
      ...(variant.minRarity !== undefined && { semantic: { minRarity: variant.minRarity } }),
    });
    const m = detectionMetrics(analysis, mix);
    results[name]![variant.name] = { f1: m.f1, precision: m.precision, recall: m.recall, clientAp: m.clientAp };
  }
  console.log(name, Object.entries(results[name]!).map(([v, c]) => `${v}: ${c.f1.toFixed(3)}`).join(' · '));
}

const meta = runMeta('npx tsx bench/quality/ablation.ts');
const header = `| variant | ${mixes.map((m) => `${m.name} (${m.set})`).join(' | ')} |\n|---|${mixes.map(() => '---:').join('|')}|`;
const rows = (metric: keyof Cell) =>
  VARIANTS.map((v) => `| ${v.name} | ${mixes.map((m) => {
    const value = results[m.name]![v.name]![metric];
    const all = results[m.name]!['all signals']![metric];
    const delta = v.name !== 'all signals' ? ` (${value - all >= 0 ? '+' : ''}${(value - all).toFixed(3)})` : '';
    return `${value.toFixed(3)}${delta}`;
  }).join(' | ')} |`).join('\n');
const md = `# Ablation: what each detection signal adds

${describeRun(meta)} Default settings; each mix is embedded once and judged with every signal on, then
with one signal off at a time (\`detectAnomalies(prepared, { signals: { NAME: false } })\`), and with
the signatures and the semantic detector off together (an attack family no signature knows, found or
not by the semantic detector); and at a rarity gate of 16 bits instead of 8, with and without signatures.
Differences are to "all signals" at the defaults.
Each mix is also measured *one-shot*: every payload line re-sent from an address of its own, so that
no client context helps beyond the request itself (such a client is hostile only when a signature
tags its one request).
Signals: ${DETECTION_SIGNALS.map((s) => `\`${s}\``).join(', ')} (docs/detection.md).

## Line F1

${header}
${rows('f1')}

## Line precision

${header}
${rows('precision')}

## Line recall

${header}
${rows('recall')}

## Attacker-client average precision

${header}
${rows('clientAp')}
`;
writeResults('quality/ablation-results', meta, md, results);
console.log(md);
