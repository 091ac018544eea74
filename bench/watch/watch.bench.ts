// semlog watch under a steady stream: a real log (elastic-apache-logs, ../shared/data) replayed into
// a file at a fixed rate while `semlog watch` follows it; then a burst as fast as the disk takes it.
// Reports the time from a line's write to the progress event of the batch that judged it (p50, p99),
// the sustained lines/s of the burst, and the watcher's memory (VmRSS) over the run.
//
//   npm run build && npx tsx bench/watch/watch.bench.ts [--rate 1000] [--seconds 30] [--burst 200000] [--baseline]
//
// With --baseline, a baseline is trained on the same log first (which also warms the embedding cache
// in a temporary folder), and watch judges against it. Results: bench/watch/results.{md,json}.

import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const argValue = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const RATE = argValue('rate', 1000);
const SECONDS = argValue('seconds', 30);
const BURST = argValue('burst', 200_000);
const WITH_BASELINE = process.argv.includes('--baseline');
const BIN = fileURLToPath(new URL('../../bin/semlog.js', import.meta.url));
const SOURCE = fileURLToPath(new URL('../../../shared/data/elastic-apache-logs/apache_logs.log', import.meta.url));
const TICK_MS = 50;

const source = readFileSync(SOURCE, 'utf8').split('\n').filter((l) => l.trim() !== '');
const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-bench-'));
const log = join(dir, 'access.log');
writeFileSync(log, '');
const cache = join(dir, 'cache');
const baselineArgs: string[] = [];
if (WITH_BASELINE) {
  const trained = spawnSync(process.execPath, [BIN, 'train', SOURCE, '-o', join(dir, 'baseline'), '--cache', cache, '--quiet'], { stdio: 'inherit' });
  if (trained.status !== 0) throw new Error('train failed');
  baselineArgs.push('--baseline', join(dir, 'baseline'), '--cache', cache);
}

const child = spawn(process.execPath, [BIN, 'watch', log, '--state', join(dir, 'state'), '--progress', '--out', join(dir, 'findings.ndjson'), ...baselineArgs]);
let stderr = '';
/** [time, records judged in all] at every progress event. */
const judgedAt: Array<[number, number]> = [];
const waiters: Array<() => void> = [];
child.stderr.on('data', (chunk: Buffer) => {
  const now = performance.now();
  stderr += chunk.toString();
  for (const m of chunk.toString().matchAll(/(\d+) record\(s\) in all/g)) judgedAt.push([now, Number(m[1])]);
  for (const w of waiters.splice(0)) w();
});
const until = (condition: () => boolean) =>
  new Promise<void>((resolve, reject) => {
    const check = () => {
      if (condition()) return resolve();
      if (child.exitCode !== null) return reject(new Error(`watch exited: ${stderr}`));
      waiters.push(check);
    };
    check();
  });
const judged = () => judgedAt.at(-1)?.[1] ?? 0;
const memory: number[] = [];
const sampleMemory = () => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    if (kb) memory.push(Number(kb) / 1024);
  } catch {
    // gone
  }
};

await until(() => stderr.includes('semlog watch: following'));
// Steady phase: RATE lines/s in ticks of TICK_MS; the write time of every line is kept.
const writtenAt: number[] = [];
let next = 0;
const start = performance.now();
const memoryTimer = setInterval(sampleMemory, 1000);
while (performance.now() - start < SECONDS * 1000) {
  const due = Math.floor(((performance.now() - start) / 1000) * RATE);
  let text = '';
  const now = performance.now();
  for (; next < due; next++) {
    text += `${source[next % source.length]}\n`;
    writtenAt.push(now);
  }
  if (text !== '') appendFileSync(log, text);
  await new Promise((resolve) => setTimeout(resolve, TICK_MS));
}
await until(() => judged() >= next);
const latencies: number[] = [];
let event = 0;
for (let i = 0; i < writtenAt.length; i++) {
  while (judgedAt[event]![1] < i + 1) event++;
  latencies.push(judgedAt[event]![0] - writtenAt[i]!);
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

// Burst: BURST lines at once; lines/s from the write to the event that judged the last of them.
let burst = '';
for (let i = 0; i < BURST; i++) burst += `${source[(next + i) % source.length]}\n`;
const burstStart = performance.now();
appendFileSync(log, burst);
const before = next;
await until(() => judged() >= before + BURST);
const burstSeconds = (performance.now() - burstStart) / 1000;
clearInterval(memoryTimer);
sampleMemory();
child.kill('SIGTERM');
await new Promise((resolve) => child.on('close', resolve));

const results = {
  run: new Date().toISOString(),
  input: 'elastic-apache-logs/apache_logs.log (10,000 lines, replayed)',
  baseline: WITH_BASELINE,
  steady: { rate: RATE, seconds: SECONDS, lines: writtenAt.length, p50Ms: Math.round(pct(50)), p99Ms: Math.round(pct(99)), maxMs: Math.round(latencies.at(-1)!) },
  burst: { lines: BURST, seconds: Number(burstSeconds.toFixed(2)), linesPerSecond: Math.round(BURST / burstSeconds) },
  memoryMb: { first: Math.round(memory[0] ?? 0), last: Math.round(memory.at(-1) ?? 0), max: Math.round(Math.max(...memory)) },
};
const out = fileURLToPath(new URL(`./results${WITH_BASELINE ? '-baseline' : ''}.json`, import.meta.url));
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
