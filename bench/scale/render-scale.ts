// The results page of bench/scale: inputs, wall times, how semlog compares with each tool, peak
// memory and semlog's stages, one row per log size.

import type { SeedMethod } from '../measure/seed-baseline.js';
import { SEED_LABELS } from '../measure/seed-baseline.js';
import { describeRun, type RunMeta } from '../report/bench-results.js';
import { int, megabytes, ratioText, roughly, seconds, sizeLabel, speedVs } from '../report/format.js';

export interface ScanMeasure {
  seconds: number;
  peakRssMb: number;
  stageMs: Record<string, number>;
  cachedTexts: number;
}

export interface ToolMeasure {
  seconds: number;
  peakRssMb: number;
}

export interface SizeResult {
  lines: number;
  megabytes: number;
  distinctTexts: number;
  clientIps: number;
  semlogCold: ScanMeasure;
  semlogWarm: ScanMeasure;
  goaccess: ToolMeasure;
  seeds: Partial<Record<SeedMethod, ToolMeasure & { records: number }>>;
}

export interface ScaleData {
  /** Number of real files replayed. */
  sources: number;
  goaccess: string;
  /** Largest size (b) was run on; 0 when it was skipped. */
  rawDbscanMaxLines: number;
  sizes: SizeResult[];
}

const SEEDS: SeedMethod[] = ['zscore_ip', 'raw_dbscan', 'iforest_windows'];

/**
 * (b)'s time where it was not run, from the throughput it reached on the largest size it ran on.
 * Linear in lines: its embedding stage is; its DBSCAN grows faster, so this is a lower bound.
 */
export function projectRawDbscan(data: ScaleData, lines: number): number | undefined {
  const measured = data.sizes.filter((s) => s.seeds.raw_dbscan).at(-1);
  const run = measured?.seeds.raw_dbscan;
  return run && (lines * run.seconds) / run.records;
}

function seedTime(data: ScaleData, size: SizeResult, method: SeedMethod): number | undefined {
  return size.seeds[method]?.seconds ?? (method === 'raw_dbscan' ? projectRawDbscan(data, size.lines) : undefined);
}

function timeCell(data: ScaleData, size: SizeResult, method: SeedMethod): string {
  const measured = size.seeds[method];
  if (measured) return seconds(measured.seconds);
  const projected = seedTime(data, size, method);
  return projected === undefined ? 'not run' : `not run; ≈ ${roughly(projected)} projected †`;
}

function versusCell(data: ScaleData, size: SizeResult, method: SeedMethod): string {
  const other = seedTime(data, size, method);
  if (other === undefined) return '–';
  return size.seeds[method] ? speedVs(size.semlogCold.seconds, other) : `≈ ${speedVs(size.semlogCold.seconds, other)} †`;
}

function stageKeys(sizes: readonly SizeResult[]): string[] {
  return [...new Set(sizes.flatMap((s) => [...Object.keys(s.semlogCold.stageMs), ...Object.keys(s.semlogWarm.stageMs)]))];
}

function growth(sizes: readonly SizeResult[]): string {
  const first = sizes[0];
  const last = sizes.at(-1);
  if (!first || !last || first === last) return '';
  const factor = (a: number, b: number) => ratioText(b / a);
  return `From ${sizeLabel(first.lines)} to ${sizeLabel(last.lines)} lines (${factor(first.lines, last.lines)} the input), semlog's cold time grew ${factor(first.semlogCold.seconds, last.semlogCold.seconds)}, its warm time ${factor(first.semlogWarm.seconds, last.semlogWarm.seconds)} and its peak memory ${factor(first.semlogCold.peakRssMb, last.semlogCold.peakRssMb)}; the distinct texts it embeds grew ${factor(first.distinctTexts, last.distinctTexts)}. GoAccess's time grew ${factor(first.goaccess.seconds, last.goaccess.seconds)}.`;
}

export function renderScale(meta: RunMeta, data: ScaleData): string {
  const { sizes } = data;
  const seedHeads = SEEDS.map((m) => SEED_LABELS[m]).join(' | ');
  const stages = stageKeys(sizes);
  const rawNote =
    data.rawDbscanMaxLines === 0
      ? '(b) was not run (quick mode).'
      : `† (b) embeds every raw line with PyTorch on the CPU; it was run up to ${int(data.rawDbscanMaxLines)} lines only. Larger sizes show a projection from the lines/s it reached there, linear in lines: its embedding is, but its DBSCAN grows faster, so the real time would be longer. A projection, not a measurement.`;
  return `# Scaling: time and peak memory by log size

${describeRun(meta)}

Each log replays the lines of every real combined log in ../shared/data (${data.sources} files: several sites,
crawlers, scanners, honeypot traffic) with fresh client IPs and times (\`bench/parse/make-log.ts\`, seed 1).
Every tool runs as a child process on the same file, one after the other, timed from spawn to exit; peak
memory is the child's maximum resident set size (GNU time \`%M\`; MB = 2^20 bytes). semlog runs its real
CLI (\`semlog scan FILE --output json --out …\`): *cold* with an empty embedding cache (a first scan),
*warm* right after with that cache. ${data.goaccess} parses with \`--log-format=COMBINED\` into a JSON report.
The seed baselines are the Python scripts in \`bench/baselines/\`. One run each: the machine is shared, so
read the ratios, which come from the same run, rather than the seconds.

| lines | MB | distinct request texts | client IPs |
|---:|---:|---:|---:|
${sizes.map((s) => `| ${int(s.lines)} | ${s.megabytes.toFixed(s.megabytes < 10 ? 1 : 0)} | ${int(s.distinctTexts)} | ${int(s.clientIps)} |`).join('\n')}

Wall time, seconds:

| lines | semlog cold | semlog warm | ${data.goaccess} parse | ${seedHeads} |
|---:|---:|---:|---:|---:|---:|---:|
${sizes.map((s) => `| ${int(s.lines)} | ${seconds(s.semlogCold.seconds)} | ${seconds(s.semlogWarm.seconds)} | ${seconds(s.goaccess.seconds)} | ${SEEDS.map((m) => timeCell(data, s, m)).join(' | ')} |`).join('\n')}

semlog's cold scan compared with each, same file, same run:

| lines | vs ${data.goaccess} parse | warm scan vs GoAccess | ${seedHeads} |
|---:|---:|---:|---:|---:|---:|
${sizes.map((s) => `| ${int(s.lines)} | ${speedVs(s.semlogCold.seconds, s.goaccess.seconds)} | ${speedVs(s.semlogWarm.seconds, s.goaccess.seconds)} | ${SEEDS.map((m) => versusCell(data, s, m)).join(' | ')} |`).join('\n')}

${rawNote}

Peak memory (RSS):

| lines | semlog cold | semlog warm | GoAccess | ${seedHeads} |
|---:|---:|---:|---:|---:|---:|---:|
${sizes.map((s) => `| ${int(s.lines)} | ${megabytes(s.semlogCold.peakRssMb)} | ${megabytes(s.semlogWarm.peakRssMb)} | ${megabytes(s.goaccess.peakRssMb)} | ${SEEDS.map((m) => (s.seeds[m] ? megabytes(s.seeds[m].peakRssMb) : 'not run')).join(' | ')} |`).join('\n')}

${growth(sizes)}

semlog's stages, seconds (from the report's \`summary.stageMs\`; loading the model is part of
read/embed, as the workers start at the first text the cache cannot serve; the wall time adds process
start-up and writing the report):

| lines | scan | ${stages.join(' | ')} | wall |
|---:|---|${stages.map(() => '---:').join('|')}|---:|
${sizes.flatMap((s) => (['cold', 'warm'] as const).map((kind) => {
  const run = kind === 'cold' ? s.semlogCold : s.semlogWarm;
  return `| ${int(s.lines)} | ${kind}${kind === 'warm' ? ` (${int(run.cachedTexts)} cached)` : ''} | ${stages.map((k) => seconds((run.stageMs[k] ?? 0) / 1000)).join(' | ')} | ${seconds(run.seconds)} |`;
})).join('\n')}
`;
}
