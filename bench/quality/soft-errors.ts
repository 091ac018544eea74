// A stress test of one assumption: that a probe for something a site does not have gets an error.
// Many sites answer 200 instead: a single-page app that serves index.html for every path, CloudFront
// with custom error responses (403/404 → 200 /index.html, the usual S3-origin setup), a CMS with a
// "soft 404" page. Every labelled mix of detection-report.ts is scanned as built, then with every
// 403 and 404 answer (background and attacks alike) rewritten to 200, and the two are compared.
// Not a blind measurement: the mixes have all been seen; this asks how much of scanner detection
// rests on the status code. Writes bench/quality/soft-errors.{md,json}.
//
//   npm run build && npx tsx bench/quality/soft-errors.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanWithCli } from '../measure/semlog-cli.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { detectionMetrics, type DetectionMetrics, type LabelledMix } from './detection-metrics.js';
import { forEveryMixIn, metric, type Scratch } from './every-mix.js';

interface Row {
  mix: string;
  /** Lines whose 403 or 404 became 200. */
  rewritten: number;
  asBuilt: DetectionMetrics;
  softErrors: DetectionMetrics;
}

/** The status after the request line (Common and Combined Log Format): the first unescaped `" 403 ` or `" 404 `. */
const ERROR_STATUS = /(?<!\\)" (?:403|404) /;

/** `log` with every 403 and 404 answer turned into 200; how many lines changed. */
function softenErrors(log: string): { text: string; rewritten: number } {
  let rewritten = 0;
  const text = log
    .split('\n')
    .map((line) => {
      const softened = line.replace(ERROR_STATUS, '" 200 ');
      if (softened !== line) rewritten++;
      return softened;
    })
    .join('\n');
  return { text, rewritten };
}

const rows: Row[] = [];

function run(name: string, logFile: string, mix: LabelledMix, { dir: work, cacheDir }: Scratch): void {
  const asBuilt = detectionMetrics(scanWithCli(logFile, { cacheDir }).analysis, mix);
  const { text, rewritten } = softenErrors(readFileSync(logFile, 'latin1'));
  const softFile = join(work, `${name}.log`);
  writeFileSync(softFile, text, 'latin1');
  const softErrors = detectionMetrics(scanWithCli(softFile, { cacheDir }).analysis, mix);
  console.log(`${name}: ${rewritten} lines softened; F1 ${asBuilt.f1.toFixed(3)} → ${softErrors.f1.toFixed(3)}, scanner recall ${asBuilt.scannerRecall.toFixed(3)} → ${softErrors.scannerRecall.toFixed(3)}`);
  rows.push({ mix: name, rewritten, asBuilt, softErrors });
}

forEveryMixIn('soft-errors', run);

const f = metric;
const pair = (a: number, b: number) => `${f(a)} → ${f(b)}`;
const meta = runMeta('npx tsx bench/quality/soft-errors.ts');
const md = `# Soft errors: scanner detection when the site answers 200 for what it does not have

${describeRun(meta)} semlog's default settings, no labels, no baseline.

Every labelled mix of \`detection-report.ts\`, scanned as built and then with every 403 and 404 answer
(background and injected lines alike) rewritten to 200, as a single-page app, CloudFront with custom
error responses or a CMS with a "soft 404" page would log them. Each cell: as built → soft errors.
Every mix has been seen while designing: this is a stress test of one assumption (a probe gets an
error), not a blind result.

| mix | lines softened | line F1 | precision | scanner recall | payload recall | attacker-client AP |
|---|---:|---|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ${r.mix} | ${r.rewritten.toLocaleString('en')} | ${pair(r.asBuilt.f1, r.softErrors.f1)} | ${pair(r.asBuilt.precision, r.softErrors.precision)} | ${pair(r.asBuilt.scannerRecall, r.softErrors.scannerRecall)} | ${pair(r.asBuilt.payloadRecall, r.softErrors.payloadRecall)} | ${pair(r.asBuilt.clientAp, r.softErrors.clientAp)} |`,
  )
  .join('\n')}
`;
writeResults('quality/soft-errors', meta, md, rows);
