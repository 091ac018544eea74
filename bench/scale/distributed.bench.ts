// The distributed scan (semlog scan --queue, semlog worker) on this machine: map throughput with 1 and
// 2 worker processes, cold (every distinct text embedded by the workers) and warm (the shared cache
// holds them: parse, write to the store, look up), and the reduce's time as distinct texts grow.
// Writes bench/scale/distributed-results.{md,json}; docs/scale-out.md builds its estimate from them.
//
//   npm run build && npx tsx bench/scale/distributed.bench.ts
//   SEMLOG_BENCH_SKIP_REDUCE=1 …   (or SEMLOG_BENCH_SKIP_MAP=1) reruns one half, keeping the other's rows
//
// Needs /usr/bin/redis-server (Debian package redis-server) and ../shared/data.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reduceScan } from '../../src/distributed/reduce-scan.js';
import { startRedis } from '../../test/helpers/redis-server.js';
import { trigramEmbedder } from '../../test/helpers/trigram-embedder.js';
import { makeLog } from '../parse/make-log.js';
import { describeRun, QUICK, readResults, runMeta, writeResults } from '../report/bench-results.js';
import { writeSyntheticPartials } from './synthetic-partials.js';

const BIN = fileURLToPath(new URL('../../bin/semlog.js', import.meta.url));
const FILES = 4;
const LINES_PER_FILE = QUICK ? 2_000 : 25_000;
const DISTINCT_SIZES = QUICK ? [2_000, 10_000] : (process.env['SEMLOG_BENCH_REDUCE_SIZES'] ?? '10000,100000').split(',').map(Number);

/** Linux's USER_HZ, the unit of /proc/PID/stat's times (getconf CLK_TCK); 100 on every common platform. */
const CLOCK_TICKS = 100;

const work = mkdtempSync(join(tmpdir(), 'semlog-bench-dist-'));

interface MapRun {
  workers: number;
  cache: 'cold' | 'warm';
  lines: number;
  mapSeconds: number;
  linesPerSecond: number;
  totalSeconds: number;
  /** Reduce (and report) in the coordinator after the last map job. */
  reduceSeconds: number;
  distinctTexts: number;
  /** CPU seconds (user + system, all threads) the workers spent on this scan's jobs: unlike wall time, not inflated by other load. */
  workerCpuSeconds: number;
  /** lines / workerCpuSeconds. */
  linesPerCpuSecond: number;
}

interface ReduceRun {
  distinctTexts: number;
  lines: number;
  seconds: number;
  stageMs: Record<string, number>;
}

/** CPU seconds a live process has used so far, all threads (utime + stime of /proc/PID/stat). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function runBin(args: string[]): { pid: number; exited: Promise<{ code: number | null; stderr: string; stdout: string }>; kill: () => void } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return { pid: child.pid!, exited: once(child, 'close').then(([code]) => ({ code: code as number | null, stderr, stdout })), kill: () => child.kill('SIGTERM') };
}

async function mapRuns(): Promise<MapRun[]> {
  const logs = join(work, 'logs');
  mkdirSync(logs);
  for (let i = 0; i < FILES; i++) {
    await makeLog({ lines: LINES_PER_FILE, out: join(logs, `part-${i}.log`), seed: i + 1, startMs: Date.UTC(2024, 0, 1) + i * 3_600_000 });
  }
  const redis = await startRedis();
  const runs: MapRun[] = [];
  try {
    for (const workers of [1, 2]) {
      const store = join(work, `store-${workers}`);
      const started = Array.from({ length: workers }, () => runBin(['worker', redis.url, '--workers', '1', '--quiet']));
      for (const cache of ['cold', 'warm'] as const) {
        const cpuBefore = started.reduce((sum, w) => sum + cpuSeconds(w.pid), 0);
        const startMs = performance.now();
        const scan = await runBin(['scan', logs, '--queue', redis.url, '--store', store, '-o', 'json', '--progress']).exited;
        const totalSeconds = (performance.now() - startMs) / 1000;
        const workerCpuSeconds = started.reduce((sum, w) => sum + cpuSeconds(w.pid), 0) - cpuBefore;
        if (scan.code !== 0) throw new Error(`scan failed (${scan.code}):\n${scan.stderr}`);
        const last = [...scan.stderr.matchAll(/map jobs done (\d+)\/\d+ · ([\d,]+) lines · ([\d,]+) lines\/s/g)].at(-1)!;
        const lines = Number(last[2]!.replace(/,/g, ''));
        const linesPerSecond = Number(last[3]!.replace(/,/g, ''));
        const mapSeconds = lines / linesPerSecond;
        const report = JSON.parse(scan.stdout) as { summary: { uniqueTexts: number } };
        const run = { workers, cache, lines, mapSeconds, linesPerSecond, totalSeconds, reduceSeconds: totalSeconds - mapSeconds, distinctTexts: report.summary.uniqueTexts, workerCpuSeconds, linesPerCpuSecond: lines / workerCpuSeconds };
        console.log(JSON.stringify(run));
        runs.push(run);
      }
      for (const worker of started) worker.kill();
      await Promise.all(started.map((w) => w.exited));
    }
  } finally {
    await redis.close();
  }
  return runs;
}

async function reduceRuns(): Promise<ReduceRun[]> {
  const runs: ReduceRun[] = [];
  for (const distinct of DISTINCT_SIZES) {
    const store = join(work, `reduce-${distinct}`);
    const lines = await writeSyntheticPartials(store, distinct);
    // The stand-in embedder (hashed trigrams, 384 dimensions as MiniLM) takes the place of the
    // shared cache's lookups; index, clustering and scoring are the real ones.
    const startMs = performance.now();
    const analysis = await reduceScan({ store, scanId: 'bench', jobs: 1 }, { paths: ['synthetic.log'], embedder: trigramEmbedder(384), cacheDir: false });
    const run = { distinctTexts: analysis.summary.uniqueTexts, lines, seconds: (performance.now() - startMs) / 1000, stageMs: analysis.summary.stageMs };
    console.log(JSON.stringify(run));
    runs.push(run);
    rmSync(store, { recursive: true, force: true });
  }
  return runs;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

try {
  // Either half can be rerun alone; the other half's rows are kept from the last results.
  const previous = readResults<{ map: MapRun[]; reduce: ReduceRun[] }>('scale/distributed-results')?.data;
  const map = process.env['SEMLOG_BENCH_SKIP_MAP'] === '1' ? (previous?.map ?? []) : await mapRuns();
  const reduce = process.env['SEMLOG_BENCH_SKIP_REDUCE'] === '1' ? (previous?.reduce ?? []) : await reduceRuns();
  const meta = runMeta('npm run build && npx tsx bench/scale/distributed.bench.ts');
  const markdown = [
    '# Distributed scan: map throughput and reduce time',
    '',
    describeRun(meta),
    '',
    `Map: ${FILES} logs of ${fmt(LINES_PER_FILE)} lines each (\`bench/parse/make-log.ts\`, seeds 1-${FILES}: real combined lines of ../shared/data`,
    'with fresh IPs and times), one map job per file, on a redis-server on loopback and a store folder on the local disk. Each',
    '`semlog worker` runs one model thread (`--workers 1`). *cold*: the shared embedding cache is empty, the workers embed every',
    'distinct text; *warm*: the same scan again, the cache holds every text (the nightly case, where most requests were seen before).',
    'Map lines/s is the coordinator\'s own figure (lines of finished jobs / time since the jobs were queued); reduce is the rest of the',
    'coordinator\'s wall time (replaying the records, index, clustering, scoring, the JSON report).',
    '',
    'Worker CPU s is the CPU time the worker processes spent meanwhile (all threads, from /proc): on a machine shared with other',
    'work it is the steadier figure, and lines per worker CPU-second is what the estimate in docs/scale-out.md builds on.',
    '',
    '| workers | cache | lines | distinct texts | map s | map lines/s | worker CPU s | lines / worker CPU-s | reduce s | total s |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...map.map((r) => `| ${r.workers} | ${r.cache} | ${fmt(r.lines)} | ${fmt(r.distinctTexts)} | ${fmt(r.mapSeconds, 1)} | ${fmt(r.linesPerSecond)} | ${r.workerCpuSeconds === undefined ? '–' : fmt(r.workerCpuSeconds, 1)} | ${r.linesPerCpuSecond === undefined ? '–' : fmt(r.linesPerCpuSecond)} | ${fmt(r.reduceSeconds, 1)} | ${fmt(r.totalSeconds, 1)} |`),
    '',
    'Reduce by distinct texts: a synthetic partial (each text requested twice, 5,000 clients) reduced in-process by `reduceScan`, with',
    'hashed-trigram vectors of 384 dimensions standing in for the cache lookups (the *embed* column); index (HNSW), clustering (DBSCAN)',
    'and scoring are the real ones.',
    '',
    '| distinct texts | lines | total s | read ms | embed (stand-in) ms | index ms | cluster ms | score ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...reduce.map((r) => `| ${fmt(r.distinctTexts)} | ${fmt(r.lines)} | ${fmt(r.seconds, 1)} | ${fmt(r.stageMs['read'] ?? 0)} | ${fmt(r.stageMs['embed'] ?? 0)} | ${fmt(r.stageMs['index'] ?? 0)} | ${fmt(r.stageMs['cluster'] ?? 0)} | ${fmt(r.stageMs['score'] ?? 0)} |`),
    '',
  ].join('\n');
  writeResults('scale/distributed-results', meta, markdown, { map, reduce });
  console.log(markdown);
} finally {
  rmSync(work, { recursive: true, force: true });
}
