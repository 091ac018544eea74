// A stress test of one assumption: that a client keeps its address. Over IPv6 a host picks its
// interface id inside its /64 at will, and an attacker can take a new address for every request,
// which turns it into a crowd of one-request clients. Every labelled mix of detection-report.ts is
// written with each client in a /64 of its own: once with one address per client (*stable*), once
// with every attacker taking a new address in its /64 for each request, the background keeping one
// (*rotating*), scanned as logged and with --ipv6-prefix 64 (*grouped*). The logs here hold no IPv6
// traffic worth the name (12 lines), so the networks are made up; the requests are the mixes'.
// Not a blind measurement: the mixes have all been seen. Writes bench/quality/rotating-ipv6.{md,json}.
//
//   npm run build && npx tsx bench/quality/rotating-ipv6.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analysis } from '../../src/types.js';
import { scanWithCli } from '../measure/semlog-cli.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { averagePrecision, detectionMetrics, type DetectionMetrics, type LabelledMix } from './detection-metrics.js';
import { forEveryMixIn, metric, type Scratch } from './every-mix.js';

interface Run {
  metrics: DetectionMetrics;
  clients: number;
  /** Attacker-client AP with every client named by its /64 (its first place in the ranking). */
  networkAp: number;
}

interface Row {
  mix: string;
  stable: Run;
  rotating: Run;
  grouped: Run;
  /** Whether --ipv6-prefix 64 gives the line findings and client ranking of the stable log, names aside. */
  sameFindings: boolean;
}

/** A /64 of the documentation prefix for each client as the mix logs it, from a 32-bit hash. */
function networkOf(client: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < client.length; i++) hash = Math.imul(hash ^ client.charCodeAt(i), 0x01000193) >>> 0;
  return `2001:db8:${(hash >>> 16).toString(16)}:${(hash & 0xffff).toString(16)}`;
}

/** The /64 of an address this bench wrote (its first four groups); anything else as it is. */
function networkName(address: string): string {
  const groups = address.split(':');
  return groups.length === 8 ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

/** `log` with each client in its own /64; attackers take a new interface id per request when `rotate`. */
function inIpv6(log: string, attackers: ReadonlySet<string>, rotate: boolean): string {
  return log
    .split('\n')
    .map((line, k) => {
      if (line === '') return line;
      const space = line.indexOf(' ');
      const client = line.slice(0, space);
      const host = rotate && attackers.has(client) ? `${((k * 40_503) & 0xffff).toString(16)}:${(k & 0xffff).toString(16)}:${(k >>> 16).toString(16)}:1` : '0:0:0:1';
      return `${networkOf(client)}:${host}${line.slice(space)}`;
    })
    .join('\n');
}

/** The mix with its attackers and behavioural clients named as `name` names them. */
function renamed(mix: LabelledMix, name: (client: string) => string): LabelledMix {
  return { ...mix, attackerIps: mix.attackerIps.map(name), behaviouralIps: mix.behaviouralIps.map(name) };
}

function measured(analysis: Analysis, mix: LabelledMix, name: (client: string) => string): Run {
  const networks = [...new Set(analysis.ips.map((ip) => networkName(ip.ip)))];
  return {
    metrics: detectionMetrics(analysis, renamed(mix, name)),
    clients: analysis.summary.clientIps,
    networkAp: averagePrecision(networks, new Set(mix.attackerIps.map((ip) => `${networkOf(ip)}::/64`))),
  };
}

/** Line findings and client ranking, every client named by its /64. */
function findings(analysis: Analysis): string {
  return JSON.stringify({
    lines: analysis.lines.map((line) => [line.line, networkName(line.ip), line.score]),
    ips: analysis.ips.map((ip) => [networkName(ip.ip), ip.labels, ip.score]),
  });
}

const rows: Row[] = [];

function run(name: string, logFile: string, mix: LabelledMix, { dir: work, cacheDir }: Scratch): void {
  const log = readFileSync(logFile, 'latin1');
  const attackers = new Set(mix.attackerIps);
  const stableFile = join(work, `${name}.stable.log`);
  const rotatingFile = join(work, `${name}.rotating.log`);
  writeFileSync(stableFile, inIpv6(log, attackers, false), 'latin1');
  writeFileSync(rotatingFile, inIpv6(log, attackers, true), 'latin1');
  const stable = scanWithCli(stableFile, { cacheDir }).analysis;
  const rotating = scanWithCli(rotatingFile, { cacheDir }).analysis;
  const grouped = scanWithCli(rotatingFile, { cacheDir, args: ['--ipv6-prefix', '64'] }).analysis;
  const row: Row = {
    mix: name,
    stable: measured(stable, mix, (ip) => `${networkOf(ip)}:0:0:0:1`),
    rotating: measured(rotating, mix, (ip) => `${networkOf(ip)}:0:0:0:1`),
    grouped: measured(grouped, mix, (ip) => `${networkOf(ip)}::/64`),
    sameFindings: findings(stable) === findings(grouped),
  };
  console.log(
    `${name}: clients ${row.stable.clients} / ${row.rotating.clients} / ${row.grouped.clients}; F1 ${row.stable.metrics.f1.toFixed(3)} / ${row.rotating.metrics.f1.toFixed(3)} / ${row.grouped.metrics.f1.toFixed(3)}; same findings ${row.sameFindings}`,
  );
  rows.push(row);
}

forEveryMixIn('rotating-ipv6', run);

const f = metric;
const three = (pick: (run: Run) => number) => (r: Row) => `${f(pick(r.stable))} / ${f(pick(r.rotating))} / ${f(pick(r.grouped))}`;
const meta = runMeta('npx tsx bench/quality/rotating-ipv6.ts');
const md = `# Rotating IPv6 addresses: per-client detection when attackers take a new address for every request

${describeRun(meta)} semlog's default settings, no labels, no baseline.

Every labelled mix of \`detection-report.ts\`, with each client in a /64 of its own (\`2001:db8::/32\`,
from a hash of its address). *Stable*: every client sends from one address. *Rotating*: every
attacker takes a new address in its /64 for each request (the background keeps one), scanned as
logged. *Grouped*: the rotating log with \`--ipv6-prefix 64\`. Each cell: stable / rotating / grouped.
The public logs here hold almost no IPv6 traffic, so the networks are made up and the rotation is the
worst case (a new address for every request); the requests are the mixes'. Every mix has been seen
while designing: a stress test of one assumption (a client keeps its address), not a blind result.

Attacker-client AP counts each attacker's address (stable, rotating: its stable address, which a
rotating attacker never uses) or /64 (grouped); *by network* names every reported client by its /64
and keeps its first place, as an analyst reading the report for networks would.

| mix | clients | line F1 | precision | scanner recall | payload recall | attacker-client AP | AP by network | grouped = stable |
|---|---|---|---|---|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ${r.mix} | ${r.stable.clients} / ${r.rotating.clients} / ${r.grouped.clients} | ${three((x) => x.metrics.f1)(r)} | ${three((x) => x.metrics.precision)(r)} | ${three((x) => x.metrics.scannerRecall)(r)} | ${three((x) => x.metrics.payloadRecall)(r)} | ${three((x) => x.metrics.clientAp)(r)} | ${three((x) => x.networkAp)(r)} | ${r.sameFindings ? 'yes' : 'no'} |`,
  )
  .join('\n')}

*grouped = stable*: the same line findings with the same scores, and the same client ranking (labels,
scores), every client named by its /64.
`;
writeResults('quality/rotating-ipv6', meta, md, rows);
