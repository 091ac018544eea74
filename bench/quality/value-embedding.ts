// Issue #21 item 2's unbuilt part, as an experiment: does embedding parameter values, and scoring each
// value by its distance to the values the baseline sent in the same parameter (bench/quality/value-model.ts),
// add anything to field novelty on CSIC 2010? Every rule and threshold is chosen on the dev half
// (even lines of the test log, as bench/work/csic-dev.ts), then reported on the other half and the
// whole test set. Writes bench/quality/value-embedding-results.{md,json}.
//
//   npx tsx bench/quality/value-embedding.ts        (about 5 minutes; the full-model row embeds 35,000 values)

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultModelDir } from '../../src/embed/model-dir.js';
import { createPoolEmbedder } from '../../src/embed/pool-embedder.js';
import { embedStatic } from '../../src/embed/static-embedder.js';
import { loadStaticVectors } from '../../src/embed/static-vectors.js';
import { WordPiece } from '../../src/embed/wordpiece.js';
import { baselineFieldNovelty } from '../../src/params/field-novelty.js';
import { requestParts, type RequestParts } from '../../src/params/request-parts.js';
import { prepareScan } from '../../src/pipeline/prepare-scan.js';
import { SEMANTIC_DEFAULTS } from '../../src/pipeline/semantic-outliers.js';
import { trainBaseline } from '../../src/pipeline/train-baseline.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { csicTestSet } from './csic-requests.js';
import { learnValueModel, VALUE_MODEL_DEFAULTS, type ValueModel } from './value-model.js';

const work = fileURLToPath(new URL('../work/csic/', import.meta.url));
mkdirSync(work, { recursive: true });
const cacheDir = join(work, 'cache');
const MIN_BITS = SEMANTIC_DEFAULTS.minRarity;
const HALVES = ['dev', 'other', 'whole'] as const;
type Half = (typeof HALVES)[number];
const inHalf = (half: Half, line: number) => half === 'whole' || line % 2 === (half === 'dev' ? 0 : 1);

interface Scan {
  /** The baseline's texts, split: what the value model learns from. */
  baselineParts: RequestParts[];
  parts: RequestParts[];
  fieldBits: Float32Array;
  /** 1 where the baseline has the very text: never a finding. */
  inBaseline: Uint8Array;
  textOfLine: Int32Array;
  anomalous: Uint8Array;
  lines: number;
  rescore: (texts: readonly string[]) => Float32Array;
}

async function loadScan(bodies: boolean): Promise<Scan> {
  const name = bodies ? 'body' : 'url';
  const { training, test, anomalous } = csicTestSet(bodies);
  writeFileSync(join(work, `train-${name}.log`), `${training.join('\n')}\n`);
  writeFileSync(join(work, `test-${name}.log`), `${test.join('\n')}\n`);
  const baseline = await trainBaseline({ paths: [join(work, `train-${name}.log`)], cacheDir });
  const prepared = await prepareScan({ paths: [join(work, `test-${name}.log`)], cacheDir });
  const texts = prepared.state.table.texts;
  const { occurrences } = prepared.state;
  const textOfLine = new Int32Array(test.length + 1);
  for (let i = 0; i < occurrences.size; i++) textOfLine[occurrences.line(i)] = occurrences.textId(i);
  const known = new Set(baseline.texts);
  const fieldsOf = baselineFieldNovelty({ texts: baseline.texts, counts: baseline.counts });
  return {
    baselineParts: baseline.texts.map(requestParts),
    parts: texts.map(requestParts),
    fieldBits: fieldsOf(texts).bits,
    inBaseline: Uint8Array.from(texts, (t) => (known.has(t) ? 1 : 0)),
    textOfLine,
    anomalous: Uint8Array.from({ length: test.length + 1 }, (_, line) => (anomalous.has(line) ? 1 : 0)),
    lines: test.length,
    rescore: (changed) => fieldsOf(changed).bits,
  };
}

interface Point {
  recall: number;
  fpr: number;
  /** Anomalous and normal lines flagged. */
  tp: number;
  fp: number;
}

function measure(scan: Scan, half: Half, flag: (textId: number) => boolean): Point {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  let negatives = 0;
  for (let line = 1; line <= scan.lines; line++) {
    if (!inHalf(half, line)) continue;
    const id = scan.textOfLine[line]!;
    const flagged = scan.inBaseline[id] === 0 && flag(id);
    if (scan.anomalous[line] === 1) {
      positives++;
      if (flagged) tp++;
    } else {
      negatives++;
      if (flagged) fp++;
    }
  }
  return { recall: tp / positives, fpr: fp / negatives, tp, fp };
}

/** Per text: the most bits of any one value, their sum, and field novelty with the near values forgiven. */
function valueSignals(scan: Scan, model: ValueModel, forgiveAt: readonly number[]) {
  const max = new Float32Array(scan.parts.length);
  const sum = new Float32Array(scan.parts.length);
  scan.parts.forEach((request, id) => {
    for (const { name, value } of request.params) {
      const bits = model.score(request.path, name, value)?.bits ?? 0;
      sum[id]! += bits;
      max[id] = Math.max(max[id]!, bits);
    }
  });
  // A value the embedding puts among its field's values is judged as its nearest baseline value: its
  // new characters are forgiven (the "random names stay near each other" half of the premise).
  const forgiven = forgiveAt.map((below) =>
    scan.rescore(
      scan.parts.map((request) => {
        const params = request.params.map(({ name, value }) => {
          const score = model.score(request.path, name, value);
          return score !== undefined && score.bits < below ? { name, value: score.nearest } : { name, value };
        });
        const query = params.map((p) => `${p.name}=${p.value}`).join('&');
        return `${request.method} ${request.path}${params.length > 0 ? `?${query}` : ''}`;
      }),
    ),
  );
  return { max, sum, forgiven };
}

/** What an attack value looks like, to tell which value of an anomalous request carries it (for the AUC only). */
const ATTACK_SYNTAX = /['"<>;()|*=]|--|\b(select|union|script|alert|drop|or|and|exec)\b/i;

/** Percent escapes as bytes (CSIC's values are latin1). */
function unescape(value: string): string {
  return value.replace(/%[0-9A-Fa-f]{2}/g, (hex) => String.fromCharCode(parseInt(hex.slice(1), 16)));
}

/**
 * The premise, measured on the dev half: do values with attack syntax lie farther from their
 * parameter's baseline values than the new values of normal requests? Mann-Whitney AUC of the distances.
 */
function valueSeparation(scan: Scan, model: ValueModel) {
  const normal: number[] = [];
  const attack: number[] = [];
  const seen = new Set<string>();
  for (let line = 1; line <= scan.lines; line++) {
    if (!inHalf('dev', line)) continue;
    const request = scan.parts[scan.textOfLine[line]!]!;
    for (const { name, value } of request.params) {
      const score = model.score(request.path, name, value);
      const key = `${request.path}\u0000${name}\u0000${value}`;
      if (score === undefined || seen.has(key)) continue;
      seen.add(key);
      if (scan.anomalous[line] === 0) normal.push(score.distance);
      else if (ATTACK_SYNTAX.test(unescape(value))) attack.push(score.distance);
    }
  }
  normal.sort((a, b) => a - b);
  attack.sort((a, b) => a - b);
  let wins = 0;
  for (const d of attack) {
    let lo = 0;
    for (let hi = normal.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (normal[mid]! < d) lo = mid + 1;
      else hi = mid;
    }
    wins += lo;
  }
  const median = (xs: number[]) => xs[xs.length >> 1] ?? NaN;
  return { auc: wins / (attack.length * normal.length), attack: attack.length, normal: normal.length, attackMedian: median(attack), normalMedian: median(normal) };
}

/** A few dev-half lines whose verdict forgiving changed: the values it forgave, and what it took them for. */
function forgivenExamples(scan: Scan, model: ValueModel, forgiven: Float32Array, below: number) {
  const attacks: string[] = [];
  const normal: string[] = [];
  const shown = new Set<number>();
  for (let line = 2; line <= scan.lines; line += 2) {
    const id = scan.textOfLine[line]!;
    if (scan.inBaseline[id] === 1 || shown.has(id) || scan.fieldBits[id]! < MIN_BITS || forgiven[id]! >= MIN_BITS) continue;
    const list = scan.anomalous[line] === 1 ? attacks : normal;
    if (list.length >= 6) continue;
    shown.add(id);
    const request = scan.parts[id]!;
    const changed = request.params.flatMap(({ name, value }) => {
      const score = model.score(request.path, name, value);
      return score !== undefined && score.bits < below ? [{ syntax: ATTACK_SYNTAX.test(unescape(value)), text: `\`${name}=${value.slice(0, 50)}\` → \`${score.nearest.slice(0, 50)}\`` }] : [];
    }).sort((a, b) => Number(b.syntax) - Number(a.syntax)).map((c) => c.text);
    list.push(`${request.path}: ${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''}`);
  }
  return { attacks, normal };
}

const OR_AT = [6, 8, 10];
const SUM_WEIGHTS = [0.25, 0.5, 1];
const FORGIVE_BELOW = [1, 2, 4];
const FIELD_THRESHOLDS = Array.from({ length: 33 }, (_, i) => 4 + i * 0.5);

interface Rule {
  rule: string;
  flag: (id: number) => boolean;
}

function rulesFor(scan: Scan, signals: ReturnType<typeof valueSignals>): Rule[] {
  const { fieldBits } = scan;
  return [
    ...OR_AT.map((t) => ({ rule: `field novelty ≥ 8, or one value ≥ ${t} bits`, flag: (id: number) => fieldBits[id]! >= MIN_BITS || signals.max[id]! >= t })),
    ...SUM_WEIGHTS.map((w) => ({ rule: `field novelty + ${w} × the most bits of one value ≥ 8`, flag: (id: number) => fieldBits[id]! + w * signals.max[id]! >= MIN_BITS })),
    ...SUM_WEIGHTS.slice(0, 2).map((w) => ({ rule: `field novelty + ${w} × the bits of all values ≥ 8`, flag: (id: number) => fieldBits[id]! + w * signals.sum[id]! >= MIN_BITS })),
    ...FORGIVE_BELOW.map((t, i) => ({ rule: `field novelty ≥ 8, values under ${t} bit${t === 1 ? '' : 's'} judged as their nearest baseline value`, flag: (id: number) => signals.forgiven[i]![id]! >= MIN_BITS })),
  ];
}

/** Field novelty's own best recall on `half` at a false-positive rate no higher than `fpr` (its threshold swept). */
function fieldAlone(scan: Scan, half: Half, fpr: number): Point & { threshold: number } {
  let best = { recall: 0, fpr: 0, tp: 0, fp: 0, threshold: Infinity };
  for (const threshold of FIELD_THRESHOLDS) {
    const point = measure(scan, half, (id) => scan.fieldBits[id]! >= threshold);
    if (point.fpr <= fpr + 1e-12 && point.recall > best.recall) best = { ...point, threshold };
  }
  return best;
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const signedCount = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x)}`;

const modelDir = defaultModelDir();
const full = await createPoolEmbedder();
const sections: string[] = [];
const data: Record<string, unknown> = {};
try {
  const table = loadStaticVectors(modelDir, full.cacheKey);
  const tokenizer = WordPiece.fromModelDir(modelDir);
  const configs = [
    { variant: 'query + body', bodies: true, embedding: 'static (cascade)', withName: false },
    { variant: 'query + body', bodies: true, embedding: 'static, `name=value`', withName: true },
    { variant: 'query + body', bodies: true, embedding: 'full MiniLM', withName: false },
    { variant: 'URL only', bodies: false, embedding: 'static (cascade)', withName: false },
  ];
  const scans = new Map<boolean, Scan>();
  for (const config of configs) {
    if (!scans.has(config.bodies)) scans.set(config.bodies, await loadScan(config.bodies));
    const scan = scans.get(config.bodies)!;
    const started = performance.now();
    let embedMs = 0;
    const embed = async (texts: readonly string[]) => {
      const t = performance.now();
      const vectors = config.embedding === 'full MiniLM' ? await full.embed(texts) : embedStatic(texts, tokenizer, table);
      embedMs = performance.now() - t;
      return vectors;
    };
    const model = await learnValueModel(scan.baselineParts, scan.parts, embed, table.meta.dim, { ...VALUE_MODEL_DEFAULTS, withName: config.withName });
    const modelMs = performance.now() - started;
    const signals = valueSignals(scan, model, FORGIVE_BELOW);
    const alone = measure(scan, 'dev', (id) => scan.fieldBits[id]! >= MIN_BITS);
    const rows = rulesFor(scan, signals).map(({ rule, flag }) => {
      const points = Object.fromEntries(HALVES.map((h) => [h, measure(scan, h, flag)])) as Record<Half, Point>;
      // "Same false-positive rate": field novelty alone, its threshold set on the dev half to flag no more.
      const matched = fieldAlone(scan, 'dev', points.dev.fpr);
      const reference = Object.fromEntries(HALVES.map((h) => [h, measure(scan, h, (id) => scan.fieldBits[id]! >= matched.threshold)])) as Record<Half, Point>;
      return { rule, points, matchedThreshold: matched.threshold, reference };
    });
    const key = `${config.variant}, ${config.embedding}`;
    const separation = valueSeparation(scan, model);
    const lost = forgivenExamples(scan, model, signals.forgiven[0]!, FORGIVE_BELOW[0]!);
    data[key] = { fields: model.fields, values: model.values, embedMs, modelMs, fieldNoveltyDev: alone, separation, rows, lost };
    const byRule = new Map(HALVES.map((h) => [h, measure(scan, h, (id) => scan.fieldBits[id]! >= MIN_BITS)]));
    const change = (p: Point, h: Half) => `${signedCount(p.tp - byRule.get(h)!.tp)} / ${signedCount(p.fp - byRule.get(h)!.fp)}`;
    sections.push(`### ${key}

${model.fields} parameters modelled, ${model.values.toLocaleString('en')} distinct values embedded in ${(embedMs / 1000).toFixed(1)} s; the whole model (embedding, nearest values, calibration) ${(modelMs / 1000).toFixed(1)} s.
Field novelty alone (≥ 8 bits), dev half: recall ${alone.recall.toFixed(4)}, FPR ${pct(alone.fpr)}.
How far values that carry attack syntax lie from their parameter, against new values of normal requests (dev half): AUC ${separation.auc.toFixed(3)} (${separation.attack} against ${separation.normal.toLocaleString('en')} values; median distance ${separation.attackMedian.toFixed(3)} against ${separation.normalMedian.toFixed(3)}).

| rule | dev: recall / FPR | dev: attacks / normal requests flagged, vs field novelty ≥ 8 | field novelty alone at the same dev FPR: recall (threshold) | other half: recall / FPR | other half: attacks / normal flagged, vs field novelty ≥ 8 | whole test: recall / FPR |
|---|---|---|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ${r.rule} | ${r.points.dev.recall.toFixed(4)} / ${pct(r.points.dev.fpr)} | ${change(r.points.dev, 'dev')} | ${r.reference.dev.recall.toFixed(4)} (≥ ${r.matchedThreshold} bits) | ${r.points.other.recall.toFixed(4)} / ${pct(r.points.other.fpr)} | ${change(r.points.other, 'other')} | ${r.points.whole.recall.toFixed(4)} / ${pct(r.points.whole.fpr)} |`,
  )
  .join('\n')}

Values under ${FORGIVE_BELOW[0]} bit judged as their nearest baseline value, dev half: attacks that are no longer found (value → nearest baseline value):
${lost.attacks.map((e) => `- ${e}`).join('\n')}

and normal requests no longer flagged:
${lost.normal.map((e) => `- ${e}`).join('\n')}
`);
    console.log(sections.at(-1));
  }
} finally {
  await full.close();
}

const meta = runMeta('npx tsx bench/quality/value-embedding.ts');
const markdown = `# Embedding parameter values: an experiment on CSIC 2010 (issue #21, item 2)

${describeRun(meta)}

Each parameter of each route with at least ${VALUE_MODEL_DEFAULTS.minValues} distinct values in the baseline (CSIC's normal
training requests, as \`semlog train\` reads them: numbers masked) gets its values embedded; a test
value is scored by its mean cosine distance to the ${VALUE_MODEL_DEFAULTS.k} nearest baseline values of that parameter,
calibrated against the baseline values' own leave-one-out distances: a value farther than all but S of
the parameter's N baseline values costs log2((N + 1) / (S + 1)) bits (the unit of field novelty). A
value the baseline sent verbatim costs nothing. The rules combine these bits with field novelty
(\`src/params/field-novelty.ts\`, learned from the same baseline: what decides against a baseline, at
≥ ${MIN_BITS} bits, for a text the baseline does not have verbatim).

Each rule is measured on the dev half (even test lines), where its thresholds were chosen, on the
other half (odd lines, not looked at while designing) and on the whole test set. "Attacks / normal
requests flagged, vs field novelty ≥ 8" counts the lines the rule gains (+) or loses (−) against
today's rule. "Field novelty alone at the same dev FPR" sweeps field novelty's own threshold (in
half bits) to flag no more normal requests than the rule does on the dev half: a rule that helps
finds more attacks than that. Field novelty's bits come in steps (a path the baseline never served
costs exactly 8 bits), so above 8 bits its recall falls in one step from 0.98 to 0.80; a rule that
flags a few normal requests fewer than field novelty at 8 bits is compared with that step.

${sections.join('\n')}`;
writeResults('quality/value-embedding-results', meta, markdown, data);
