// The results page of bench/quality/report.ts: every method on every labelled mix, with time and
// peak memory next to its detection quality, and semlog's recall by attack.

import { SEED_LABELS, type SeedMethod } from '../measure/seed-baseline.js';
import { describeRun, type RunMeta } from '../report/bench-results.js';
import { int, megabytes, seconds, speedVs } from '../report/format.js';
import type { Quality } from './score-analysis.js';

export type Method = 'semlog' | SeedMethod;

export interface MethodRow {
  mix: string;
  method: Method;
  quality: Quality;
  seconds: number;
  peakRssMb: number;
  /** Set when the row was kept from an earlier run (report.ts --reuse-raw-dbscan): that run's date. */
  reusedFrom?: string;
}

export interface QualityData {
  /** `sha256` of the mix file (recorded since 2026-12-06). */
  mixes: Array<{ name: string; lines: number; anomalies: number; attackerIps: number; sha256?: string }>;
  rows: MethodRow[];
}

export const methodLabel = (method: Method): string => (method === 'semlog' ? 'semlog (defaults)' : SEED_LABELS[method]);

function row(r: MethodRow, semlog: MethodRow | undefined): string {
  const q = r.quality;
  // A ratio compares two runs of one session only (the machine is shared): none for a kept row.
  const versus = r.method === 'semlog' || !semlog || r.reusedFrom !== undefined ? '' : speedVs(semlog.seconds, r.seconds);
  const kept = r.reusedFrom === undefined ? '' : ` (run of ${r.reusedFrom.slice(0, 10)})`;
  return `| ${r.mix} | ${methodLabel(r.method)}${kept} | ${int(q.flagged)} | ${q.precision.toFixed(3)} | ${q.recall.toFixed(3)} | **${q.f1.toFixed(3)}** | ${q.ipRecall.toFixed(2)} | ${seconds(r.seconds)} | ${versus} | ${megabytes(r.peakRssMb)} |`;
}

export function renderQuality(meta: RunMeta, data: QualityData): string {
  const semlogOf = (mix: string) => data.rows.find((r) => r.mix === mix && r.method === 'semlog');
  const byAttack = data.rows
    .filter((r) => r.method === 'semlog')
    .map((r) => `| ${r.mix} | ${Object.entries(r.quality.recallByAttack).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} |`)
    .join('\n');
  return `# Detection quality on labelled mixes

${describeRun(meta)}
Mixes: \`bench/quality/mixes.ts\`, built by \`build-mix.ts\`.

Each mix is a real benign log from ../shared/data with real attack content injected: HttpParams
payloads (sqli, xss, cmdi, path-traversal) placed into the site's own paths, FWAF attack queries,
real scanner sessions (ocatak: acunetix, netsparker, w3af) and, in elastic-a, one client hammering
one page 300 times. Line metrics count payload and scanner lines as positives; the hammering lines
are ordinary requests repeated, which no line-level method can tell apart, so they are judged by
attacker-IP recall only (\`ip recall\`: attacker IPs among the top 2 × their number).

| mix | lines | injected lines | attacker IPs |
|---|---:|---:|---:|
${data.mixes.map((m) => `| ${m.name} | ${int(m.lines)} | ${int(m.anomalies)} | ${m.attackerIps} |`).join('\n')}

The seed methods are our re-implementations under \`bench/baselines/\`: (a) flags every line of the IPs
its per-IP z-scores flag; (b) embeds every whole raw line with MiniLM and runs DBSCAN (eps 0.5,
min_samples 20); (c) flags every line of the 5-minute windows Isolation Forest calls anomalous. Every
method runs as a child process on the same file in the same run, timed from spawn to exit (semlog's
real CLI with an empty embedding cache, as a first scan); peak memory is the child's maximum resident
set size (GNU time \`%M\`). semlog, (a) and (c) take seconds and run twice, the faster run counting,
so that a moment of load on the shared machine does not decide a ratio; (b) takes minutes and runs
once. The faster run's findings are the ones scored.${data.rows.some((r) => r.reusedFrom !== undefined) ? `

Rows marked "run of DATE" were kept from that earlier run (\`--reuse-raw-dbscan\`): (b) reads only the
mix file, which is byte-identical to the one that run scanned, so its quality is the same; its time
and memory were measured on that day, and no speed ratio is drawn against this run's semlog.` : ''}

| mix | method | flagged lines | precision | recall | F1 | ip recall | seconds | semlog is | peak RSS |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
${data.rows.map((r) => row(r, semlogOf(r.mix))).join('\n')}

semlog's line recall by attack:

| mix | recall |
|---|---|
${byAttack}
`;
}
