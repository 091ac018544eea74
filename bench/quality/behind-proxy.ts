// A stress test of one assumption: that the log's client address is the client's. Behind a load
// balancer or reverse proxy that the server does not see through, it is the proxy's, and the client
// is only in X-Forwarded-For, if the log keeps it. Every labelled mix of detection-report.ts is
// scanned as built, then as nginx's main format writes it behind two load balancers (the proxy's
// address in front, X-Forwarded-For last, a third of the requests through a second proxy hop):
// without --trusted-proxy, and with it. Not a blind measurement: the mixes have all been seen; this
// asks what per-client detection loses behind a proxy, and whether --trusted-proxy gives it back.
// Writes bench/quality/behind-proxy.{md,json}.
//
//   npm run build && npx tsx bench/quality/behind-proxy.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analysis } from '../../src/types.js';
import { scanWithCli } from '../measure/semlog-cli.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { detectionMetrics, type DetectionMetrics, type LabelledMix } from './detection-metrics.js';
import { forEveryMixIn, metric, type Scratch } from './every-mix.js';

/** Two load balancers and a second hop, in a private range no mix uses (a VPC's, as an AWS ALB has). */
const PROXIES = ['172.31.250.7', '172.31.250.8'];
const SECOND_HOP = '172.31.250.20';
const TRUSTED = '172.31.250.0/24';

interface Run {
  metrics: DetectionMetrics;
  clients: number;
  warned: boolean;
}

interface Row {
  mix: string;
  asBuilt: Run;
  blind: Run;
  trusted: Run;
  /** Whether --trusted-proxy gives the very line findings and client ranking of the mix as built. */
  sameFindings: boolean;
}

/**
 * `log` as written behind PROXIES. A Common Log Format line gets `"-" "-"` before the header (its
 * referer and user agent, logged as absent), as a combined format that keeps X-Forwarded-For has them.
 */
function behindProxies(log: string): string {
  return log
    .split('\n')
    .map((line, k) => {
      const quotes = (line.match(/"/g) ?? []).length;
      // elastic-apache-logs' one user agent cut off before its closing quote: no field after it can be
      // found (by semlog or any parser), so the line stays as logged, client in front.
      if (line === '' || quotes % 2 === 1) return line;
      const space = line.indexOf(' ');
      const client = line.slice(0, space);
      let hash = 0;
      for (let i = 0; i < client.length; i++) hash = (hash * 31 + client.charCodeAt(i)) | 0;
      const proxy = PROXIES[Math.abs(hash) % PROXIES.length]!;
      const header = k % 3 === 0 ? `${client}, ${SECOND_HOP}` : client;
      return `${proxy}${line.slice(space)}${quotes >= 6 ? '' : ' "-" "-"'} "${header}"`;
    })
    .join('\n');
}

function measured(analysis: Analysis, mix: LabelledMix): Run {
  return {
    metrics: detectionMetrics(analysis, mix),
    clients: analysis.summary.clientIps,
    warned: analysis.summary.warnings.some((warning) => warning.includes('--trusted-proxy')),
  };
}

/** The line findings (line, score) and the client ranking (address, labels), which must match. */
function findings(analysis: Analysis): string {
  return JSON.stringify({
    lines: analysis.lines.map((line) => [line.line, line.score]),
    ips: analysis.ips.map((ip) => [ip.ip, ip.labels, ip.score]),
  });
}

const rows: Row[] = [];

function run(name: string, logFile: string, mix: LabelledMix, { dir: work, cacheDir }: Scratch): void {
  const built = scanWithCli(logFile, { cacheDir }).analysis;
  const proxiedFile = join(work, `${name}.log`);
  writeFileSync(proxiedFile, behindProxies(readFileSync(logFile, 'latin1')), 'latin1');
  const blind = scanWithCli(proxiedFile, { cacheDir }).analysis;
  const trusted = scanWithCli(proxiedFile, { cacheDir, args: ['--trusted-proxy', TRUSTED] }).analysis;
  const row: Row = { mix: name, asBuilt: measured(built, mix), blind: measured(blind, mix), trusted: measured(trusted, mix), sameFindings: findings(built) === findings(trusted) };
  console.log(
    `${name}: clients ${row.asBuilt.clients} / ${row.blind.clients} / ${row.trusted.clients}; F1 ${row.asBuilt.metrics.f1.toFixed(3)} / ${row.blind.metrics.f1.toFixed(3)} / ${row.trusted.metrics.f1.toFixed(3)}; same findings ${row.sameFindings}`,
  );
  rows.push(row);
}

forEveryMixIn('behind-proxy', run);

const f = metric;
const three = (pick: (run: Run) => number) => (r: Row) => `${f(pick(r.asBuilt))} / ${f(pick(r.blind))} / ${f(pick(r.trusted))}`;
const meta = runMeta('npx tsx bench/quality/behind-proxy.ts');
const md = `# Behind a proxy: per-client detection when the log holds the load balancer's address

${describeRun(meta)} semlog's default settings, no labels, no baseline.

Every labelled mix of \`detection-report.ts\`, scanned as built, then as nginx's \`main\` format writes it
behind two load balancers (${PROXIES.join(', ')}: the proxy's address where the client's was,
\`"$http_x_forwarded_for"\` as the last field, a third of the requests through a second hop
${SECOND_HOP}; a Common Log Format line gets \`"-" "-"\` for the referer and user agent it did not log;
elastic-apache-logs' one line whose user agent lacks its closing quote stays as logged, since no field
after it can be found),
scanned without \`--trusted-proxy\` (*blind*) and with \`--trusted-proxy ${TRUSTED}\` (*trusted*). Each
cell: as built / blind / trusted. Every mix has been seen while designing: this is a stress test of one
assumption (the logged address is the client's), not a blind result.

| mix | clients | line F1 | precision | scanner recall | payload recall | attacker-client AP | proxy warning (blind) | trusted = as built |
|---|---|---|---|---|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ${r.mix} | ${r.asBuilt.clients} / ${r.blind.clients} / ${r.trusted.clients} | ${three((x) => x.metrics.f1)(r)} | ${three((x) => x.metrics.precision)(r)} | ${three((x) => x.metrics.scannerRecall)(r)} | ${three((x) => x.metrics.payloadRecall)(r)} | ${three((x) => x.metrics.clientAp)(r)} | ${r.blind.warned ? 'yes' : 'no'} | ${r.sameFindings ? 'yes' : 'no'} |`,
  )
  .join('\n')}

*trusted = as built*: the same line findings with the same scores, and the same client ranking
(addresses, labels, scores).
`;
writeResults('quality/behind-proxy', meta, md, rows);
