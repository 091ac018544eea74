// What `semlog watch` spends judging, this checkout against an older build, side by side: the same
// records (the 200,000-line bench logs of bench/scan) through watch's own judges (watch/judge-records.ts,
// judge-clients.ts, with watchLogs' settings) in batches of 1,000, as a busy tail delivers them,
// interleaved rounds, the fastest of each. Parsing and I/O are left out: they are the same code.
// Writes bench/watch/judge-cost.{md,json}.
//
//   npm run build && npx tsx bench/watch/judge-cost.ts --before /work/wt-before/dist [--rounds 3]

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogRecord } from '../../src/types.js';
import { makeLog } from '../parse/make-log.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { loadWatchBuild, type WatchBuild } from './watch-build.js';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const WORK = fileURLToPath(new URL('../work/', import.meta.url));
const LINES = 200_000;
const argValue = (name: string): string | undefined => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const BEFORE = argValue('before');
if (BEFORE === undefined) throw new Error('usage: npx tsx bench/watch/judge-cost.ts --before OLD/dist [--rounds 3]');
const ROUNDS = Number(argValue('rounds') ?? 3);
const BATCH = 1000;

/** Seconds to judge `records` with `build`, and the findings it wrote (client and line findings). */
async function judgeAll(build: WatchBuild, records: readonly LogRecord[]): Promise<{ seconds: number; findings: number }> {
  const { lines, clients } = build.judges();
  let findings = 0;
  const started = performance.now();
  for (let i = 0; i < records.length; i += BATCH) {
    // Fresh copies: a watcher's records are its own, and the judges may set fields on them.
    const judged = await lines.judge(records.slice(i, i + BATCH).map((r) => ({ ...r })));
    findings += clients.judge(judged).length + (clients.takeLines?.().length ?? 0);
  }
  return { seconds: (performance.now() - started) / 1000, findings };
}

interface Row {
  log: string;
  records: number;
  before: number;
  now: number;
  beforeFindings: number;
  nowFindings: number;
}

const builds = { before: await loadWatchBuild(BEFORE), now: await loadWatchBuild(DIST) };
const rows: Row[] = [];
for (const name of ['one site', 'every site'] as const) {
  // The logs of bench/scan/detection-cost.ts (written again only when missing or different).
  const log = join(WORK, `scan-${LINES}${name === 'every site' ? '-all' : ''}.log`);
  await makeLog({ lines: LINES, out: log, ...(name === 'one site' ? { sources: ['elastic-apache-logs/apache_logs.log'] } : {}) });
  const records: LogRecord[] = [];
  for await (const batch of builds.now.readLogs([log])) records.push(...batch);
  const best = { before: Infinity, now: Infinity };
  const found = { before: 0, now: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const key of round % 2 === 0 ? (['before', 'now'] as const) : (['now', 'before'] as const)) {
      const run = await judgeAll(builds[key], records);
      best[key] = Math.min(best[key], run.seconds);
      found[key] = run.findings;
      console.log(`${name} ${key}: ${run.seconds.toFixed(2)} s, ${run.findings} findings`);
    }
  }
  rows.push({ log: name, records: records.length, before: best.before, now: best.now, beforeFindings: found.before, nowFindings: found.now });
}

const meta = runMeta(`npx tsx bench/watch/judge-cost.ts --before ${BEFORE} --rounds ${ROUNDS}`);
const md = `# What semlog watch spends judging

${describeRun(meta)} The records of the 200,000-line bench logs through \`watch\`'s judges (lines and
clients, watchLogs' settings, no baseline) in batches of ${BATCH.toLocaleString('en')}, with an older build (\`${BEFORE}\`)
and this checkout, ${ROUNDS} interleaved rounds, the fastest of each. Parsing and I/O are left out (the same code).

| log | records | before (s) | now (s) | now / before | findings before | findings now |
|---|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.log} | ${r.records.toLocaleString('en')} | ${r.before.toFixed(2)} | ${r.now.toFixed(2)} | **${(r.now / r.before).toFixed(2)}×** | ${r.beforeFindings.toLocaleString('en')} | ${r.nowFindings.toLocaleString('en')} |`).join('\n')}
`;
writeResults('watch/judge-cost', meta, md, rows);
