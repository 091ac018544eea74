// The headline of docs/benchmarks.md, also written into the README: semlog against each tool (speed
// and detection quality), CSIC 2010 and memory at the largest size, computed from the results files.

import { SEED_LABELS, type SeedMethod } from '../measure/seed-baseline.js';
import type { CsicData } from '../quality/csic-data.js';
import type { MethodRow, QualityData } from '../quality/render-quality.js';
import { projectRawDbscan, type ScaleData, type SizeResult } from '../scale/render-scale.js';
import type { ScanData } from '../scan/scan-data.js';
import type { BenchResults } from './bench-results.js';
import { megabytes, ratioText, sizeLabel, speedVs } from './format.js';

export interface PageInputs {
  scale?: BenchResults<ScaleData> | undefined;
  quality?: BenchResults<QualityData> | undefined;
  csic?: BenchResults<CsicData> | undefined;
  /** bench/scan on one site's replayed lines, and on every site's. */
  scan?: BenchResults<ScanData> | undefined;
  scanAllSites?: BenchResults<ScanData> | undefined;
}

const SEEDS: SeedMethod[] = ['zscore_ip', 'raw_dbscan', 'iforest_windows'];
const NOT_MEASURED = 'not measured';

/** semlog's row and the method's row on each mix where both ran. */
export function mixPairs(quality: QualityData, method: SeedMethod): Array<{ semlog: MethodRow; other: MethodRow }> {
  return quality.mixes.flatMap((mix) => {
    const semlog = quality.rows.find((r) => r.mix === mix.name && r.method === 'semlog');
    const other = quality.rows.find((r) => r.mix === mix.name && r.method === method);
    return semlog && other ? [{ semlog, other }] : [];
  });
}

/**
 * The time ratios (other ÷ semlog) of the pairs timed in one run: a row kept from an earlier run
 * (report.ts --reuse-raw-dbscan) has no ratio, since the machine is shared and days differ.
 */
export function sameRunRatios(pairs: ReadonlyArray<{ semlog: MethodRow; other: MethodRow }>): number[] {
  return pairs.filter((p) => p.other.reusedFrom === undefined).map((p) => p.other.seconds / p.semlog.seconds);
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** "27–48× faster" over the per-mix time ratios (other ÷ semlog), or one ratio when they agree. */
export function speedRange(ratios: readonly number[]): string {
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  if (low >= 1) return low === high || ratioText(low) === ratioText(high) ? `${ratioText(low)} faster` : `${ratioText(low).slice(0, -1)}–${ratioText(high)} faster`;
  if (high < 1) return ratioText(1 / high) === ratioText(1 / low) ? `${ratioText(1 / low)} slower` : `${ratioText(1 / high).slice(0, -1)}–${ratioText(1 / low)} slower`;
  return ratios.map((r) => speedVs(1, r)).join(', ');
}

function qualityCells(quality: QualityData | undefined, method: SeedMethod): [string, string, string] {
  const pairs = quality ? mixPairs(quality, method) : [];
  if (pairs.length === 0) return [NOT_MEASURED, NOT_MEASURED, NOT_MEASURED];
  const f1 = `${mean(pairs.map((p) => p.semlog.quality.f1)).toFixed(2)} vs ${mean(pairs.map((p) => p.other.quality.f1)).toFixed(2)}`;
  const ip = `${mean(pairs.map((p) => p.semlog.quality.ipRecall)).toFixed(2)} vs ${mean(pairs.map((p) => p.other.quality.ipRecall)).toFixed(2)}`;
  const ratios = sameRunRatios(pairs);
  const kept = pairs.find((p) => p.other.reusedFrom !== undefined)?.other.reusedFrom;
  return [f1, ip, ratios.length > 0 ? speedRange(ratios) : `not timed beside this semlog (quality kept from the run of ${kept!.slice(0, 10)}: the same mix files)`];
}

const largest = (scale: ScaleData): SizeResult | undefined => scale.sizes.at(-1);

function scaleCell(scale: ScaleData | undefined, method: SeedMethod): string {
  const size = scale && largest(scale);
  if (!scale || !size) return NOT_MEASURED;
  const measured = size.seeds[method];
  if (measured) return speedVs(size.semlogCold.seconds, measured.seconds);
  const projected = method === 'raw_dbscan' ? projectRawDbscan(scale, size.lines) : undefined;
  if (projected === undefined) return 'not run';
  // A projection alone would hide what was measured: quote the largest size it did run on too.
  const ran = scale.sizes.filter((s) => s.seeds[method]).at(-1);
  const ranSeconds = ran?.seeds[method]?.seconds;
  const ranNote = ran && ranSeconds !== undefined ? `; measured at ${sizeLabel(ran.lines)} lines: ${speedVs(ran.semlogCold.seconds, ranSeconds)}` : '';
  return `≈ ${speedVs(size.semlogCold.seconds, projected)} (projected, not run)${ranNote}`;
}

function memoryLine(scale: ScaleData | undefined): string {
  const size = scale && largest(scale);
  if (!size) return `- Peak memory: ${NOT_MEASURED}.`;
  const seeds = SEEDS.flatMap((m) => (size.seeds[m] ? [`${SEED_LABELS[m].split(' ')[0]} ${megabytes(size.seeds[m].peakRssMb)}`] : []));
  return `- Peak memory at ${sizeLabel(size.lines)} lines: semlog ${megabytes(size.semlogCold.peakRssMb)} (cold cache), ${megabytes(size.semlogWarm.peakRssMb)} (warm); GoAccess ${megabytes(size.goaccess.peakRssMb)}${seeds.length ? `; seed methods ${seeds.join(', ')}` : ''}.`;
}

function csicLine(csic: CsicData | undefined): string {
  if (!csic) return `- CSIC 2010: ${NOT_MEASURED}.`;
  return `- CSIC 2010, with a baseline trained on its ${csic.training.toLocaleString('en')} normal training requests: precision ${csic.precision.toFixed(2)}, recall ${csic.recall.toFixed(2)}, F1 ${csic.f1.toFixed(2)}, false-positive rate ${percent(csic.falsePositiveRate)}.`;
}

/** The comparison table and two lines under it. */
export function renderHeadline(inputs: PageInputs): string {
  const scale = inputs.scale?.data;
  const quality = inputs.quality?.data;
  const size = scale && largest(scale);
  const at = size ? `${sizeLabel(size.lines)} lines` : 'the largest size';
  const goaccess = size
    ? `${speedVs(size.semlogCold.seconds, size.goaccess.seconds)} (cold cache), ${speedVs(size.semlogWarm.seconds, size.goaccess.seconds)} (warm)`
    : NOT_MEASURED;
  const rows = SEEDS.map((m) => `| ${SEED_LABELS[m]} | ${qualityCells(quality, m).join(' | ')} | ${scaleCell(scale, m)} |`);
  return `| semlog compared with | line F1 on ${quality?.mixes.length ?? 'the'} labelled mixes, semlog vs it (mean) | attacker-IP recall, semlog vs it | time on the mixes, semlog is | time at ${at}, semlog is |
|---|---|---|---|---|
| ${scale?.goaccess ?? 'GoAccess'}, parsing only (no detection) | – | – | – | ${goaccess} |
${rows.join('\n')}

${csicLine(inputs.csic?.data)}
${memoryLine(scale)}
`;
}

/** A rate as a percentage, with the decimals a small one needs (0.26 %, not 0 %). */
function percent(rate: number): string {
  const value = rate * 100;
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(2)} %`;
}
