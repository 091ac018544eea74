// What detection v2 costs: the same CLI scan, this checkout against an older build, on the two
// 200k-line bench logs (one site, every site), cold (empty embedding cache) and warm (its rescan),
// rounds interleaved so that load on the shared machine hits both alike; the fastest of each counts.
// A third rescan keeps only the best 100 findings of each kind (`--top 100`): the same detection
// work with a small report, so that what the report's size costs shows apart.
// Writes bench/scan/detection-cost.{md,json}.
//
//   git worktree add ../semlog-before f3ee1eb && (cd ../semlog-before && npm ci)
//   npm run build && npx tsx bench/scan/detection-cost.ts --before ../semlog-before/bin/semlog.js [--rounds 2]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanWithCli } from '../measure/semlog-cli.js';
import { makeLog } from '../parse/make-log.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const beforeArg = arg('--before');
if (beforeArg === undefined) throw new Error('--before PATH/bin/semlog.js is required (an older build to compare with)');
const before = resolve(beforeArg);
const rounds = Number(arg('--rounds') ?? 2);
const lines = Number(arg('--lines') ?? 200_000);
const work = fileURLToPath(new URL('../work/', import.meta.url));

interface Cell {
  seconds: number;
  peakRssMb: number;
}
type Kind = 'cold' | 'warm' | 'warm, --top 100';
const KINDS: readonly Kind[] = ['cold', 'warm', 'warm, --top 100'];
const NO_CELL = (): Cell => ({ seconds: Infinity, peakRssMb: 0 });
const results: Record<string, Record<'before' | 'now', Record<Kind, Cell>>> = {};
for (const site of ['one site', 'every site'] as const) {
  const log = join(work, `scan-${lines}${site === 'every site' ? '-all' : ''}.log`);
  await makeLog({ lines, out: log, ...(site === 'one site' ? { sources: ['elastic-apache-logs/apache_logs.log'] } : {}) });
  const best: Record<'before' | 'now', Record<Kind, Cell>> = {
    before: { cold: NO_CELL(), warm: NO_CELL(), 'warm, --top 100': NO_CELL() },
    now: { cold: NO_CELL(), warm: NO_CELL(), 'warm, --top 100': NO_CELL() },
  };
  for (let round = 0; round < rounds; round++) {
    for (const build of round % 2 === 0 ? (['before', 'now'] as const) : (['now', 'before'] as const)) {
      const cacheDir = mkdtempSync(join(tmpdir(), 'semlog-cost-'));
      const bin = build === 'before' ? before : undefined;
      for (const kind of KINDS) {
        const run = scanWithCli(log, { cacheDir, ...(bin !== undefined && { bin }), ...(kind === 'warm, --top 100' && { args: ['--top', '100'] }) });
        const cell = best[build][kind];
        if (run.seconds < cell.seconds) best[build][kind] = { seconds: run.seconds, peakRssMb: run.peakRssMb };
        console.log(`${site} ${build} ${kind}: ${run.seconds.toFixed(1)} s, ${run.peakRssMb.toFixed(0)} MB`);
      }
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  results[site] = best;
}

const meta = runMeta(`npx tsx bench/scan/detection-cost.ts --before ${beforeArg} --rounds ${rounds}`);
const row = (site: string, kind: Kind) => {
  const { before: b, now: n } = { before: results[site]!.before[kind], now: results[site]!.now[kind] };
  return `| ${site} | ${kind} | ${b.seconds.toFixed(1)} | ${n.seconds.toFixed(1)} | **${(n.seconds / b.seconds).toFixed(2)}×** | ${b.peakRssMb.toFixed(0)} | ${n.peakRssMb.toFixed(0)} |`;
};
const md = `# What detection v2 costs

${describeRun(meta)} The same \`semlog scan LOG --output json\` of this checkout and of an older
build (\`${beforeArg}\`), on the ${lines.toLocaleString('en')}-line bench logs, cold (empty embedding cache) and
warm (the rescan right after), and a warm rescan that keeps the best 100 findings of each kind
(\`--top 100\`: the same detection work, a small report), ${rounds} interleaved rounds, the fastest of each.

| log | scan | before (s) | now (s) | now / before | before peak RSS (MB) | now peak RSS (MB) |
|---|---|---:|---:|---:|---:|---:|
${(['one site', 'every site'] as const).flatMap((site) => KINDS.map((kind) => row(site, kind))).join('\n')}
`;
writeResults('scan/detection-cost', meta, md, results);
console.log(md);
