// The targets of issues #8 and #4, checked against the results of the run. #8: speed and F1 against
// raw-line DBSCAN (b), end-to-end time against GoAccess's parse time, peak memory at 1M lines. #4, on
// the 200k-line scan logs: the cold scan against GoAccess, peak memory, the warm rescan against the cold.

import type { ScanData } from '../scan/scan-data.js';
import type { BenchResults } from './bench-results.js';
import { ratioText, sizeLabel, speedVs } from './format.js';
import { mixPairs, sameRunRatios, speedRange, type PageInputs } from './headline.js';

interface Target {
  goal: string;
  measured: string;
  met: boolean | undefined;
}

const MIN_SPEEDUP_VS_RAW_DBSCAN = 20;
const MAX_RATIO_TO_GOACCESS = 5;
const MAX_PEAK_MB = 1.5 * 1024;
const MILLION = 1_000_000;
const MIN_WARM_SPEEDUP = 5;
const SCAN_TARGET_LINES = 200_000;

function rawDbscanTarget(inputs: PageInputs): Target {
  const goal = `semlog ≥ ${MIN_SPEEDUP_VS_RAW_DBSCAN}× faster end to end than (b), at a higher F1`;
  const pairs = inputs.quality ? mixPairs(inputs.quality.data, 'raw_dbscan') : [];
  if (pairs.length === 0) return { goal, measured: '(b) not run on the mixes', met: undefined };
  const ratios = sameRunRatios(pairs);
  const higher = pairs.filter((p) => p.semlog.quality.f1 > p.other.quality.f1).length;
  // Judged where F1 is known (the mixes); the scaling log's ratio is shown beside it, not hidden.
  const scaled = inputs.scale?.data.sizes.find((s) => s.seeds.raw_dbscan);
  const scaledRun = scaled?.seeds.raw_dbscan;
  const alsoScaled = scaled && scaledRun ? `; on the ${sizeLabel(scaled.lines)}-line scaling log (no labels): ${speedVs(scaled.semlogCold.seconds, scaledRun.seconds)}` : '';
  if (ratios.length === 0) {
    const kept = pairs[0]!.other.reusedFrom!.slice(0, 10);
    return {
      goal,
      measured: `on the labelled mixes: F1 higher on ${higher} of ${pairs.length}; (b)'s rows are kept from the run of ${kept}, so no time is compared${alsoScaled}`,
      met: undefined,
    };
  }
  return {
    goal,
    measured: `on the labelled mixes: ${speedRange(ratios)}; F1 higher on ${higher} of ${pairs.length}${alsoScaled}`,
    met: Math.min(...ratios) >= MIN_SPEEDUP_VS_RAW_DBSCAN && higher === pairs.length,
  };
}

function goaccessTarget(inputs: PageInputs): Target {
  const goal = `semlog end to end within ${MAX_RATIO_TO_GOACCESS}× of GoAccess's parse time`;
  const sizes = inputs.scale?.data.sizes ?? [];
  const last = sizes.at(-1);
  if (!last) return { goal, measured: 'scaling not run', met: undefined };
  const ratio = (s: (typeof sizes)[number]) => s.semlogCold.seconds / s.goaccess.seconds;
  const all = sizes.map((s) => `${ratioText(ratio(s))} at ${sizeLabel(s.lines)}`).join(', ');
  return {
    goal,
    measured: `cold cache: ${all} lines (judged at the largest size; on small logs loading the model and embedding the distinct requests dominate)`,
    met: last.lines >= MILLION ? ratio(last) <= MAX_RATIO_TO_GOACCESS : undefined,
  };
}

function memoryTarget(inputs: PageInputs): Target {
  const goal = `peak memory ≤ 1.5 GB at 1M lines`;
  const size = inputs.scale?.data.sizes.find((s) => s.lines >= MILLION);
  if (!size) return { goal, measured: 'no 1M-line run', met: undefined };
  const peak = Math.max(size.semlogCold.peakRssMb, size.semlogWarm.peakRssMb);
  return { goal, measured: `${peak.toFixed(0)} MB (the larger of the cold and warm scans)`, met: peak <= MAX_PEAK_MB };
}

/** Issue #4's three targets on one 200k-line scan log. */
function scanTargets(results: BenchResults<ScanData> | undefined, log: string): Target[] {
  const on = `(${log}, ${sizeLabel(SCAN_TARGET_LINES)} lines)`;
  const goals = [
    `cold scan within ${MAX_RATIO_TO_GOACCESS}× of GoAccess's parse time ${on}`,
    `peak memory ≤ 1.5 GB ${on}`,
    `warm rescan ≥ ${MIN_WARM_SPEEDUP}× faster than the cold scan ${on}`,
  ];
  if (!results) return goals.map((goal) => ({ goal, measured: 'not run', met: undefined }));
  const { goaccess, semlogCold: cold, semlogWarm: warm, distinctTexts, lines } = results.data;
  const goaccessRatio = cold.seconds / goaccess.seconds;
  const peak = Math.max(cold.peakRssMb, warm.peakRssMb);
  const warmRatio = cold.seconds / warm.seconds;
  // The targets are set at 200k lines; a smaller (quick) run is shown but not judged.
  const judged = lines >= SCAN_TARGET_LINES;
  const at = judged ? '' : ` at ${sizeLabel(lines)} lines`;
  return [
    { goal: goals[0]!, measured: `${cold.seconds.toFixed(1)} s vs ${goaccess.seconds.toFixed(1)} s${at}: ${ratioText(goaccessRatio)}`, met: judged ? goaccessRatio <= MAX_RATIO_TO_GOACCESS : undefined },
    { goal: goals[1]!, measured: `${peak.toFixed(0)} MB${at}`, met: judged ? peak <= MAX_PEAK_MB : undefined },
    {
      goal: goals[2]!,
      measured: `${cold.seconds.toFixed(1)} s → ${warm.seconds.toFixed(1)} s${at}: ${warmRatio.toFixed(1)}× (${distinctTexts.toLocaleString('en')} distinct texts, ${((distinctTexts / lines) * 100).toFixed(1)} % of lines)`,
      met: judged ? warmRatio >= MIN_WARM_SPEEDUP : undefined,
    },
  ];
}

export function renderTargets(inputs: PageInputs): string {
  const rows = [
    rawDbscanTarget(inputs),
    goaccessTarget(inputs),
    memoryTarget(inputs),
    ...scanTargets(inputs.scan, 'one site'),
    ...scanTargets(inputs.scanAllSites, 'every site'),
  ];
  const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured in this run' : met ? '**met**' : '**missed**');
  return `| target | measured | verdict |
|---|---|---|
${rows.map((t) => `| ${t.goal} | ${t.measured} | ${verdict(t.met)} |`).join('\n')}
`;
}
