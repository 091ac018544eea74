// What `semlog watch` finds of every labelled mix, read as a live log: the clients it labels hostile,
// attackers and background apart, and its line findings (a hostile client's probes among them), with
// this checkout and an older build (--before DIST, e.g. one without live probes). Each mix is fed to watch's own judges
// (watch/judge-records.ts, judge-clients.ts, with watchLogs' settings) in batches of one minute of log
// time, as a tailed log arrives: builds before 2026-12-07 judged a whole batch at once, and a file
// read at once would have been one batch whose 10-minute client window held only its last minutes
// (watch now cuts such a batch into minutes itself). Default
// settings, no baseline. Not a blind measurement: the mixes and the rules have been seen. Writes
// bench/quality/watch-probes.{md,json}; with --catch-all, each mix in soft-errors.ts's catch-all page
// form (every 403 and 404 logged as 200 with the home page's size), to watch-probes-catch-all.{md,json}.
//
//   npm run build && npx tsx bench/quality/watch-probes.ts --before /work/wt-head/dist [--catch-all]

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogRecord } from '../../src/types.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { loadWatchBuild, type WatchBuild } from '../watch/watch-build.js';
import type { LabelledMix } from './detection-metrics.js';
import { forEveryMix } from './every-mix.js';
import { homePageBytes, soften } from './soft-error-forms.js';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const beforeAt = process.argv.indexOf('--before');
const BEFORE = beforeAt > 0 ? process.argv[beforeAt + 1] : undefined;
if (BEFORE === undefined) throw new Error('usage: npx tsx bench/quality/watch-probes.ts --before OLD/dist');
const CATCH_ALL = process.argv.includes('--catch-all');
const FORMS = fileURLToPath(new URL('../work/watch-catch-all/', import.meta.url));
/** One batch: what a tailed log gains in a minute of its own clock. */
const BATCH_MS = 60_000;

interface Found {
  /** Attacker clients labelled hostile, and reported at all. */
  attackersHostile: number;
  attackersReported: number;
  /** Background clients labelled hostile (the backgrounds hold real probers of their own, labelled benign). */
  backgroundHostile: number;
  /** Line findings: scanner and payload lines found (of all), and lines labelled benign. */
  scannerLines: number;
  payloadLines: number;
  benignLines: number;
}

interface Watched {
  clients: Map<string, Set<string>>;
  lines: Set<number>;
}

interface Row {
  mix: string;
  attackers: number;
  scannerLines: number;
  payloadLines: number;
  before: Found;
  now: Found;
}

/** The clients a watcher of `build` reports while `log` arrives a minute at a time, with their labels, and the lines it reports. */
async function watchLog(build: WatchBuild, log: string): Promise<Watched> {
  const { lines, clients: judge } = build.judges();
  const clients = new Map<string, Set<string>>();
  const found = new Set<number>();
  const flush = async (batch: LogRecord[]) => {
    const judged = await lines.judge(batch);
    for (const { finding } of judged) if (finding !== undefined) found.add(finding.line);
    for (const finding of judge.judge(judged)) {
      const labels = clients.get(finding.ip) ?? new Set<string>();
      for (const label of finding.labels) labels.add(label);
      clients.set(finding.ip, labels);
    }
    for (const line of judge.takeLines?.() ?? []) found.add(line.line);
  };
  let batch: LogRecord[] = [];
  let startMs: number | null = null;
  for await (const records of build.readLogs([log])) {
    for (const record of records) {
      if (batch.length > 0 && record.timeMs !== null && startMs !== null && Math.abs(record.timeMs - startMs) >= BATCH_MS) {
        await flush(batch);
        batch = [];
      }
      if (batch.length === 0) startMs = record.timeMs;
      batch.push(record);
    }
  }
  if (batch.length > 0) await flush(batch);
  return { clients, lines: found };
}

function found({ clients, lines }: Watched, mix: LabelledMix): Found {
  const attackers = new Set(mix.attackerIps);
  let attackersHostile = 0;
  let attackersReported = 0;
  let backgroundHostile = 0;
  for (const [ip, labels] of clients) {
    if (attackers.has(ip)) {
      attackersReported++;
      if (labels.has('hostile')) attackersHostile++;
    } else if (labels.has('hostile')) backgroundHostile++;
  }
  let scannerLines = 0;
  let payloadLines = 0;
  for (const [line, attack] of mix.anomalies) {
    if (!lines.has(line)) continue;
    if (mix.attackClass[attack] === 'scanner') scannerLines++;
    else if ((mix.attackClass[attack] ?? 'payload') === 'payload') payloadLines++;
  }
  const benignLines = [...lines].filter((line) => !mix.anomalies.has(line)).length;
  return { attackersHostile, attackersReported, backgroundHostile, scannerLines, payloadLines, benignLines };
}

/** The mix in the catch-all page form, written beside the other scratch files. */
function catchAllForm(name: string, logFile: string): string {
  const lines = readFileSync(logFile, 'latin1').split('\n');
  const file = join(FORMS, `${name}.log`);
  writeFileSync(file, soften(lines, homePageBytes(lines)).text, 'latin1');
  return file;
}

const rows: Row[] = [];
const [before, now] = await Promise.all([loadWatchBuild(BEFORE), loadWatchBuild(DIST)]);
const mixes: Array<[string, string, LabelledMix]> = [];
forEveryMix((name, logFile, mix) => mixes.push([name, logFile, mix]));
if (CATCH_ALL) mkdirSync(FORMS, { recursive: true });
for (const [name, built, mix] of mixes) {
  const logFile = CATCH_ALL ? catchAllForm(name, built) : built;
  const classes = [...mix.anomalies.values()].map((attack) => mix.attackClass[attack] ?? 'payload');
  const row: Row = {
    mix: name,
    attackers: mix.attackerIps.length,
    scannerLines: classes.filter((c) => c === 'scanner').length,
    payloadLines: classes.filter((c) => c === 'payload').length,
    before: found(await watchLog(before, logFile), mix),
    now: found(await watchLog(now, logFile), mix),
  };
  console.log(`${name}: ${row.attackers} attackers; hostile ${row.before.attackersHostile} → ${row.now.attackersHostile}; background hostile ${row.before.backgroundHostile} → ${row.now.backgroundHostile}`);
  rows.push(row);
}

const sum = (pick: (r: Row) => number) => rows.reduce((total, r) => total + pick(r), 0);
const share = (n: number, of: number) => (of === 0 ? '–' : (n / of).toFixed(3));
const meta = runMeta(`npx tsx bench/quality/watch-probes.ts --before ${BEFORE}${CATCH_ALL ? ' --catch-all' : ''}`);
const form = CATCH_ALL
  ? `

**Catch-all page form**: every 403 and 404 of each mix, background and attacks alike, is logged as 200
with the size of the mix's home page (\`soft-error-forms.ts\`), as a single-page app or CloudFront serving
index.html logs it; the client labels other than \`hostile\` do not depend on it.`
  : '';
const md = `# semlog watch: the attacking clients it labels hostile, and the lines it reports, live${CATCH_ALL ? ', on a site that answers 200' : ''}

${describeRun(meta)} \`semlog watch\`'s judges with its default settings (10-minute client window, no
baseline), fed each labelled mix of \`detection-report.ts\` one minute of log time at a time, as a
tailed log arrives, with an older build (\`${BEFORE}\`) and this checkout. Each cell: before → now.
*Attackers* are the mix's attacking clients (payloads, scanners, behavioural attacks); *background
hostile* counts the background's own clients labelled hostile (the backgrounds hold real probers of
their own, which the mixes label benign). Line recall counts the line findings watch writes (its
own signatures, and, now, a hostile client's probes); *benign lines* are line findings on lines the
mix labels benign. Every mix has been seen while designing the scan's rules: not a blind result.${form}

| mix | attackers | labelled hostile | reported at all | background clients labelled hostile | scanner-line recall | payload-line recall | benign lines reported |
|---|---:|---|---|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ${r.mix} | ${r.attackers} | ${r.before.attackersHostile} → ${r.now.attackersHostile} | ${r.before.attackersReported} → ${r.now.attackersReported} | ${r.before.backgroundHostile} → ${r.now.backgroundHostile} | ${share(r.before.scannerLines, r.scannerLines)} → ${share(r.now.scannerLines, r.scannerLines)} | ${share(r.before.payloadLines, r.payloadLines)} → ${share(r.now.payloadLines, r.payloadLines)} | ${r.before.benignLines} → ${r.now.benignLines} |`,
  )
  .join('\n')}
| all | ${sum((r) => r.attackers)} | ${sum((r) => r.before.attackersHostile)} → ${sum((r) => r.now.attackersHostile)} | ${sum((r) => r.before.attackersReported)} → ${sum((r) => r.now.attackersReported)} | ${sum((r) => r.before.backgroundHostile)} → ${sum((r) => r.now.backgroundHostile)} | ${share(sum((r) => r.before.scannerLines), sum((r) => r.scannerLines))} → ${share(sum((r) => r.now.scannerLines), sum((r) => r.scannerLines))} | ${share(sum((r) => r.before.payloadLines), sum((r) => r.payloadLines))} → ${share(sum((r) => r.now.payloadLines), sum((r) => r.payloadLines))} | ${sum((r) => r.before.benignLines)} → ${sum((r) => r.now.benignLines)} |
`;
writeResults(CATCH_ALL ? 'quality/watch-probes-catch-all' : 'quality/watch-probes', meta, md, rows);
