// The distributed scan's reduce as distinct texts grow, this checkout against an older one, on the
// same synthetic partials (synthetic-partials.ts: every text distinct and far from the others, so
// nearly every text is noise, the DBSCAN's most expensive case). Each reduce runs in a process of
// its own (reduce-once.ts); rounds alternate the order so that load on the shared machine hits both
// alike. Wall time is noisy here; CPU time (all threads) is the steadier figure, and the load average
// is recorded beside each run. The two checkouts must compute the same report, clustering and
// neighbours: a different digest stops the benchmark. Writes bench/scale/reduce-cost.{md,json}.
//
//   git worktree add ../semlog-before main && (cd ../semlog-before && npm ci)
//   npm run build && npx tsx bench/scale/reduce-cost.ts --before ../semlog-before [--sizes 10000,100000] [--rounds 1]
//   (--before none measures this checkout alone, e.g. for sizes the older one cannot finish;
//   --stem scale/NAME writes bench/scale/NAME.{md,json} instead, to keep another run's results)

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';
import { writeSyntheticPartials } from './synthetic-partials.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const beforeArg = arg('--before');
if (beforeArg === undefined) throw new Error('--before PATH (an older semlog checkout, built) or --before none is required');
const before = beforeArg === 'none' ? undefined : resolve(beforeArg);
const sizes = (arg('--sizes') ?? '10000,100000').split(',').map(Number);
const rounds = Number(arg('--rounds') ?? 1);
const here = fileURLToPath(new URL('../../', import.meta.url));
const once = fileURLToPath(new URL('./reduce-once.ts', import.meta.url));

interface Run {
  build: 'before' | 'now';
  distinctTexts: number;
  seconds: number;
  cpuSeconds: number;
  stageMs: Record<string, number>;
  reportDigest: string;
  clusterDigest: string;
  neighborDigest: string;
  /** 1-minute load average when the run started and ended (2 cores: 2 means busy). */
  loadBefore: number;
  loadAfter: number;
}

const runs: Run[] = [];
const work = mkdtempSync(join(tmpdir(), 'semlog-reduce-cost-'));
try {
  for (const distinct of sizes) {
    const store = join(work, `store-${distinct}`);
    await writeSyntheticPartials(store, distinct);
    for (let round = 0; round < rounds; round++) {
      const builds = before === undefined ? (['now'] as const) : round % 2 === 0 ? (['before', 'now'] as const) : (['now', 'before'] as const);
      for (const build of builds) {
        const loadBefore = loadavg()[0]!;
        const out = execFileSync(process.execPath, ['--import', 'tsx', once, '--root', build === 'now' ? here : before!, '--store', store], { encoding: 'utf8', maxBuffer: 1 << 24 });
        const run: Run = { build, ...JSON.parse(out.trim().split('\n').at(-1)!), loadBefore, loadAfter: loadavg()[0]! };
        console.log(JSON.stringify(run));
        runs.push(run);
        const other = runs.find((r) => r.distinctTexts === run.distinctTexts && r.build !== run.build);
        for (const key of ['reportDigest', 'clusterDigest', 'neighborDigest'] as const) {
          if (other && other[key] !== run[key]) throw new Error(`${distinct} distinct texts: ${key} differs between the checkouts`);
        }
      }
    }
    rmSync(store, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const best = (distinct: number, build: Run['build']) => runs.filter((r) => r.distinctTexts === distinct && r.build === build).sort((a, b) => a.cpuSeconds - b.cpuSeconds)[0];
const meta = runMeta(`npm run build && npx tsx bench/scale/reduce-cost.ts ${process.argv.slice(2).join(' ')}`);
const markdown = [
  '# Reduce time as distinct texts grow, before and after',
  '',
  describeRun(meta),
  '',
  `Before: ${before === undefined ? '–' : `the checkout at \`${beforeArg}\``}; now: this checkout. Each reduce reads a synthetic partial`,
  '(`bench/scale/synthetic-partials.ts`: every distinct text requested twice by a pool of 5,000 clients), embeds it with the',
  'hashed-trigram stand-in (384 dimensions, as MiniLM; the *embed* stage), and runs the real index (HNSW), clustering (DBSCAN) and',
  'scoring, in a process of its own. The texts are random words, far apart: nearly every text is noise, the costliest case for the',
  'DBSCAN\'s queries. CPU s counts every thread; *load* is the 1-minute load average at start → end (2 cores: above 2, other work',
  `competed for them).${before === undefined ? '' : ' Both checkouts gave the same report, clustering and neighbours (digests in the JSON).'}`,
  '',
  '| distinct texts | build | total s | CPU s | read ms | index ms | cluster ms | score ms | load |',
  '|---:|---|---:|---:|---:|---:|---:|---:|---|',
  ...runs.map((r) => `| ${fmt(r.distinctTexts)} | ${r.build} | ${fmt(r.seconds, 1)} | ${fmt(r.cpuSeconds, 1)} | ${fmt(r.stageMs['read'] ?? 0)} | ${fmt(r.stageMs['index'] ?? 0)} | ${fmt(r.stageMs['cluster'] ?? 0)} | ${fmt(r.stageMs['score'] ?? 0)} | ${fmt(r.loadBefore, 1)} → ${fmt(r.loadAfter, 1)} |`),
  '',
  ...(before === undefined
    ? []
    : [
        'Speedup (before / now, the best run of each by CPU time):',
        '',
        '| distinct texts | wall × | CPU × |',
        '|---:|---:|---:|',
        ...sizes.map((d) => {
          const [b, n] = [best(d, 'before'), best(d, 'now')];
          return b && n ? `| ${fmt(d)} | ${fmt(b.seconds / n.seconds, 2)} | ${fmt(b.cpuSeconds / n.cpuSeconds, 2)} |` : `| ${fmt(d)} | – | – |`;
        }),
        '',
      ]),
].join('\n');
const stem = arg('--stem') ?? 'scale/reduce-cost';
writeResults(stem, meta, markdown, { before: beforeArg, sizes, rounds, runs });
console.log(markdown);
