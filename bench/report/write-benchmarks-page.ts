// Renders docs/benchmarks.md from the results every benchmark left next to it, and rewrites the
// headline block of README.md with the same numbers. The last step of `npm run bench`.
//
//   npx tsx bench/report/write-benchmarks-page.ts
//
// The headline and the targets are computed from the results.json files; the detail sections are the
// benchmarks' own results.md, so that a table is rendered in one place only. In quick mode the page
// and the headline go to bench/work/quick/ and the README is left alone.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CsicData } from '../quality/csic-data.js';
import type { QualityData } from '../quality/render-quality.js';
import type { ScaleData } from '../scale/render-scale.js';
import type { ScanData } from '../scan/scan-data.js';
import { QUICK, readMarkdown, readResults, resultsPath, type BenchResults } from './bench-results.js';
import { renderHeadline, type PageInputs } from './headline.js';
import { collectVersions, describeMachine, machineBrief } from './machine.js';
import { replaceMarkedBlock } from './readme-block.js';
import { renderTargets } from './targets.js';

const ROOT = new URL('../../', import.meta.url);
const PAGE = QUICK ? resultsPath('benchmarks.md') : fileURLToPath(new URL('docs/benchmarks.md', ROOT));
const README = fileURLToPath(new URL('README.md', ROOT));

/** The detail sections, in page order: results stem under bench/ and what the section is about. */
const SECTIONS: Array<{ stem: string; about: string }> = [
  { stem: 'scale/results', about: 'Scaling: 10k, 100k, 1M lines' },
  { stem: 'quality/results', about: 'Detection quality on labelled mixes' },
  { stem: 'quality/csic-results', about: 'CSIC 2010 with a trained baseline' },
  // Detection v2 (issue #21): not run by run-all.sh (the held-out sets are measured on purpose, not nightly).
  { stem: 'quality/detection-results', about: 'Detection v2 on design, held-out and blind mixes' },
  { stem: 'quality/ablation-results', about: 'What each detection signal adds' },
  { stem: 'quality/line-order', about: 'The order of the line findings: attacks first?' },
  { stem: 'quality/soft-errors', about: 'Soft errors: a site that answers 200 for what it does not have' },
  { stem: 'quality/split-servers', about: 'One log per server: a client\'s requests read in pieces' },
  { stem: 'quality/behind-proxy', about: 'Behind a proxy: the load balancer\'s address in the log, and --trusted-proxy' },
  { stem: 'quality/rotating-ipv6', about: 'Rotating IPv6 addresses, and --ipv6-prefix' },
  { stem: 'quality/watch-probes', about: 'semlog watch: the attacking clients it labels hostile, live' },
  { stem: 'quality/watch-probes-catch-all', about: 'semlog watch on a site that answers 200: the catch-all page, live' },
  { stem: 'watch/watch-vs-scan', about: 'semlog watch against semlog scan, on real logs' },
  { stem: 'watch/judge-cost', about: 'What semlog watch spends judging' },
  { stem: 'scan/detection-cost', about: 'What detection v2 costs' },
  { stem: 'scan/results', about: 'One site, 200k lines: cold and warm scans next to GoAccess' },
  { stem: 'scan/results-all-sites', about: 'Every site, 200k lines: cold and warm scans next to GoAccess' },
  { stem: 'parse/results', about: 'Parse throughput per format' },
  { stem: 'embed/results', about: 'Embedding throughput' },
];

/**
 * The run the page reports: the one bench/run-all.sh is in, or, when this script is run alone, the
 * run every results file comes from if they agree (re-rendering the page after a full run).
 */
function pageRun(): string | null {
  if (process.env.SEMLOG_BENCH_RUN) return process.env.SEMLOG_BENCH_RUN;
  const runs = new Set(SECTIONS.map(({ stem }) => readResults<unknown>(stem)?.meta.run ?? null));
  const [only] = runs;
  return runs.size === 1 && only !== undefined ? only : null;
}
const RUN = pageRun();

/** Where a section's numbers come from, when that is not this run. */
function provenance(stem: string): string {
  const results = readResults<unknown>(stem);
  if (!results) return `> Not from this run: \`bench/${stem}.json\` is missing (an older result, or the benchmark did not run).\n\n`;
  if (RUN !== null && results.meta.run !== RUN) return `> Not from this run: measured ${results.meta.date.slice(0, 16)} by \`${results.meta.command}\`.\n\n`;
  return '';
}

function section(stem: string, about: string): string {
  const markdown = readMarkdown(stem);
  if (markdown === undefined) return `## ${about}\n\nNot measured: \`bench/${stem}.md\` is missing.\n`;
  // Each results.md starts with its own H1; one level down, it nests under the page's title.
  return provenance(stem) + markdown.replace(/^(#+) /gm, '#$1 ');
}

const anchor = (title: string): string => title.toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');

const inputs: PageInputs = {
  scale: readResults<ScaleData>('scale/results'),
  quality: readResults<QualityData>('quality/results'),
  csic: readResults<CsicData>('quality/csic-results'),
  scan: readResults<ScanData>('scan/results'),
  scanAllSites: readResults<ScanData>('scan/results-all-sites'),
};
const date = new Date().toISOString();
const machine = machineBrief();
const versions = collectVersions();
const titles = SECTIONS.map(({ stem, about }) => ({ about, title: readMarkdown(stem)?.match(/^# (.*)$/m)?.[1] ?? about }));
const sources = Object.values(inputs).filter((r): r is BenchResults<unknown> => r !== undefined);
const quickWarning = QUICK || sources.some((r) => r.meta.quick) ? '\n**Quick mode: tiny inputs, raw-line DBSCAN skipped. For developing the benchmarks; do not quote these numbers.**\n' : '';

const page = `# Benchmarks

Generated by \`npm run bench\` (\`bench/run-all.sh\`, whose last step is \`bench/report/write-benchmarks-page.ts\`)
on ${date.slice(0, 10)}${RUN ? `, in the run started ${RUN}` : ', from the results files as they were: they come from different runs, each section says when it was measured, and the headline takes its numbers from those sections'}. Do not edit by hand: rerun it.
${quickWarning}
Machine: ${describeMachine(machine)}; shared with other work while measuring, so absolute
times are noisy. Read the ratios: every table compares tools measured in the same run, on the same
files, one after the other.

## Headline

semlog against what its users would otherwise run, on the same files in the same run. "Faster" and
"slower" compare wall times end to end, from starting each process to its exit.

${renderHeadline(inputs)}
Targets of issues #8 and #4:

${renderTargets(inputs)}
## Machine and versions

| | |
|---|---|
| CPU | ${machine.cpu}, ${machine.cores} cores |
| memory | ${machine.memoryGb} GB |
${versions.map(([name, version]) => `| ${name} | ${version} |`).join('\n')}

## Contents

${titles.map(({ title }) => `- [${title}](#${anchor(title)})`).join('\n')}
- Not rerun by \`npm run bench\`: [a 1 GB log](huge-input.md) (on demand, \`npx tsx bench/huge/huge-scan.ts\`).

${SECTIONS.map(({ stem, about }) => section(stem, about)).join('\n')}`;

writeFileSync(PAGE, page);
// Outside a full run the results come from different days: say which number is from when.
const day = (r: BenchResults<unknown> | undefined) => r?.meta.date.slice(0, 10) ?? 'never';
const measured = RUN
  ? `Measured by \`npm run bench\` on ${date.slice(0, 10)}`
  : `From the results of \`npm run bench\` and its parts, measured on different days: the labelled mixes on ${day(inputs.quality)}, CSIC on ${day(inputs.csic)}, the times and memory at the largest size on ${day(inputs.scale)}`;
const headline = `${measured}; ${machine.cores} cores (${machine.cpu}); every table, the machine and
the versions are in [docs/benchmarks.md](docs/benchmarks.md). Faster and slower compare wall times end to end.

${renderHeadline(inputs)}`;
if (QUICK) writeFileSync(resultsPath('README-headline.md'), headline);
else writeFileSync(README, replaceMarkedBlock(readFileSync(README, 'utf8'), headline));
console.log(`wrote ${PAGE}${QUICK ? '' : ' and the headline of README.md'}`);
