// How close `semlog watch` comes to `semlog scan` on real public logs: each log scanned by the CLI
// (JSON, default settings) and piped through `semlog watch -` (NDJSON, default settings), then
// compared on what both report: the clients labelled hostile, the form bots' POST lines, the time
// windows flagged (each window of an episode, by type), and the clients in campaigns (each client, and
// each pair of clients in one campaign). `watch` judges as the log arrives, against
// what came before; `scan` sees the whole log, so the two need not agree: this says where they do.
// These logs are seen data (the rules were designed with several of them in view). Writes
// bench/watch/watch-vs-scan.{md,json}.
//
//   npm run build && npx tsx bench/watch/watch-vs-scan.ts

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORM_BOT_LINE_REASON } from '../../src/rank/fuse-findings.js';
import { SHARED_DATA } from '../parse/make-log.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const BIN = fileURLToPath(new URL('../../bin/semlog.js', import.meta.url));
const CACHE = fileURLToPath(new URL('../work/cache/', import.meta.url));
const LOGS = [
  'elastic-apache-logs/apache_logs.log',
  'almhuette-raith-2019/access_2019-04-02_03.log',
  'basjes-hackers-access/hackers-access.log',
  'secrepo-weblogs/access-2018-12-15.log',
  'secrepo-weblogs/access-2021-10-22_27.log',
  'secrepo-weblogs/access-2022-12-22.log',
  'tomcat-banner-2019/localhost_access_log.txt',
];

interface Finding {
  type: string;
  ip?: string;
  labels?: string[];
  line?: number;
  reasons?: string[];
  window?: string;
  startMs?: number;
  endMs?: number;
  /** A campaign's id and clients. */
  id?: string;
  ips?: string[];
}

/** What scan and watch both report, and how much of it agrees. */
interface Agreement {
  scan: number;
  watch: number;
  both: number;
}

interface Row {
  log: string;
  hostile: Agreement;
  formBotLines: Agreement;
  windows: Agreement;
  campaignClients: Agreement;
  campaignPairs: Agreement;
}

const agreement = (scan: ReadonlySet<string>, watch: ReadonlySet<string>): Agreement => ({
  scan: scan.size,
  watch: watch.size,
  both: [...watch].filter((key) => scan.has(key)).length,
});

interface Keys {
  hostile: Set<string>;
  formBotLines: Set<string>;
  windows: Set<string>;
  campaignClients: Set<string>;
  campaignPairs: Set<string>;
}

/** The keys of what a report says: hostile clients, form-bot lines, flagged window cells, clients in campaigns and their pairs. */
function keys(findings: readonly Finding[]): Keys {
  const hostile = new Set<string>();
  const formBotLines = new Set<string>();
  const windows = new Set<string>();
  // watch writes a campaign again as it grows: its last write holds its clients.
  const campaigns = new Map<string, string[]>();
  for (const f of findings) {
    if (f.type === 'campaign') campaigns.set(f.id!, f.ips!);
    if (f.type === 'ip' && f.labels?.includes('hostile')) hostile.add(f.ip!);
    if (f.type === 'line' && f.reasons?.includes(FORM_BOT_LINE_REASON)) formBotLines.add(String(f.line));
    if (f.type === 'window') {
      // An episode spans windows of one length (5 minutes by default): each is one cell.
      for (let t = f.startMs!; t < f.endMs!; t += 300_000) windows.add(`${f.window} ${t}`);
    }
  }
  const campaignClients = new Set<string>();
  const campaignPairs = new Set<string>();
  for (const ips of campaigns.values()) {
    const sorted = [...ips].sort();
    for (const [k, ip] of sorted.entries()) {
      campaignClients.add(ip);
      for (const other of sorted.slice(k + 1)) campaignPairs.add(`${ip} ${other}`);
    }
  }
  return { hostile, formBotLines, windows, campaignClients, campaignPairs };
}

const rows: Row[] = [];
for (const name of LOGS) {
  const file = join(SHARED_DATA, name);
  const scanned = JSON.parse(execFileSync('node', [BIN, 'scan', file, '--output', 'json', '--quiet', '--cache', CACHE], { maxBuffer: 1 << 30 }).toString()) as {
    ips: Finding[];
    lines: Finding[];
    windows: Array<Finding & { type: string }>;
    campaigns: Finding[];
  };
  const scanFindings: Finding[] = [
    ...scanned.ips.map((f) => ({ ...f, type: 'ip' })),
    ...scanned.lines.map((f) => ({ ...f, type: 'line' })),
    ...scanned.windows.map((f) => ({ ...f, window: f.type, type: 'window' })),
    ...scanned.campaigns.map((f) => ({ ...f, type: 'campaign' })),
  ];
  const watched = execFileSync('node', [BIN, 'watch', '-'], { input: readFileSync(file), maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore'] })
    .toString()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Finding);
  const s = keys(scanFindings);
  const w = keys(watched);
  const row = {
    log: name,
    hostile: agreement(s.hostile, w.hostile),
    formBotLines: agreement(s.formBotLines, w.formBotLines),
    windows: agreement(s.windows, w.windows),
    campaignClients: agreement(s.campaignClients, w.campaignClients),
    campaignPairs: agreement(s.campaignPairs, w.campaignPairs),
  };
  rows.push(row);
  console.log(name, JSON.stringify(row));
}

const cell = (a: Agreement) => `${a.scan.toLocaleString('en')} / ${a.watch.toLocaleString('en')} / ${a.both.toLocaleString('en')}`;
const jaccard = (a: Agreement) => (a.scan + a.watch - a.both === 0 ? '–' : (a.both / (a.scan + a.watch - a.both)).toFixed(3));
const meta = runMeta('npx tsx bench/watch/watch-vs-scan.ts');
const md = `# semlog watch against semlog scan, on real logs

${describeRun(meta)} Each log of \`../shared/data\` scanned (\`semlog scan LOG --output json\`) and piped
through \`semlog watch -\`, both with default settings, and compared on what both report. Each cell:
scan / watch / both. Hostile clients by address; form-bot lines (a form bot's instant POSTs) by line
number; time windows by window and type (each window of an episode). \`watch\` judges as the log
arrives, against what came before; \`scan\` sees the whole log. Seen logs: the rules were designed with
several of them in view.

| log | hostile clients | Jaccard | form-bot lines | time windows | Jaccard |
|---|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.log} | ${cell(r.hostile)} | ${jaccard(r.hostile)} | ${cell(r.formBotLines)} | ${cell(r.windows)} | ${jaccard(r.windows)} |`).join('\n')}

## Campaigns

Clients in a campaign (each client once), and pairs of clients in one campaign (what says two
addresses are one actor); for \`watch\`, each campaign as last written. Live, a template is the very
same request text (no index of the day's texts), and clients that only repeat ordinary requests are
not linked (README, "Following live logs").

| log | clients in campaigns | Jaccard | pairs in one campaign | Jaccard |
|---|---:|---:|---:|---:|
${rows.map((r) => `| ${r.log} | ${cell(r.campaignClients)} | ${jaccard(r.campaignClients)} | ${cell(r.campaignPairs)} | ${jaccard(r.campaignPairs)} |`).join('\n')}
`;
writeResults('watch/watch-vs-scan', meta, md, rows);
