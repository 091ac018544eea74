// semlog watch under a steady stream: a real log (elastic-apache-logs, ../shared/data) replayed into
// a file at fixed rates while `semlog watch` follows it. Each replayed line gets the current time (as
// a live server writes it: the rolling client window runs on the log's clock) and, on every pass over
// the source, new client addresses (so that the client state must forget, not just stop growing).
//
//   1. steady: --rate lines/s for --seconds; time from a line's write to the progress event of the
//      batch that judged it (p50, p99);
//   2. ramp: --ramp rates for --step-seconds each; a rate is sustained when the backlog (lines written
//      and not yet judged, sampled every tick) does not grow from the first half of its step to the
//      second and stays under half a second of lines;
//   3. long: --long-rate lines/s for --long-seconds; the watcher's memory (VmRSS) each second, and its
//      own health line (clients and texts kept);
//   4. burst: --burst lines at once, as fast as the disk takes them.
//
//   npm run build && npx tsx bench/watch/watch.bench.ts [--rate 1000] [--seconds 20] [--ramp 2000,5000,10000]
//     [--step-seconds 6] [--long-rate 2000] [--long-seconds 120] [--client-window-minutes 1] [--burst 100000] [--baseline]
//
// With --baseline, a baseline is trained on the same log first (which also warms the embedding cache
// in a temporary folder), and watch judges against it. Results: bench/watch/results{,-baseline}.json.

import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const argValue = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const argList = (name: string, fallback: number[]) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1]!.split(',').map(Number);
};
const RATE = argValue('rate', 1000);
const SECONDS = argValue('seconds', 20);
const RAMP = argList('ramp', [2000, 5000, 10_000, 20_000]);
const STEP_SECONDS = argValue('step-seconds', 6);
const LONG_RATE = argValue('long-rate', 2000);
const LONG_SECONDS = argValue('long-seconds', 120);
const BURST = argValue('burst', 100_000);
/** Shorter than the default 10 min so that the long run fills the window and shows the plateau. */
const WINDOW_MINUTES = argValue('client-window-minutes', 1);
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const apacheNow = () => {
  const d = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
};
/** Line `n` of the replay: the source line with the current time and, from the second pass on, another client address. */
const replayLine = (n: number, time: string): string => {
  const line = source[n % source.length]!;
  const pass = Math.floor(n / source.length);
  const space = line.indexOf(' ');
  const ip = line.slice(0, space);
  const octets = ip.split('.');
  const client = pass === 0 || octets.length !== 4 ? ip : `${(Number(octets[0]) + pass) % 256}.${octets.slice(1).join('.')}`;
  return `${client}${line.slice(space).replace(/\[[^\]]+\]/, `[${time}]`)}\n`;
};

const child = spawn(process.execPath, [BIN, 'watch', log, '--state', join(dir, 'state'), '--progress', '--health', '5', '--client-window-minutes', String(WINDOW_MINUTES), '--out', join(dir, 'findings.ndjson'), ...baselineArgs]);
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
const rssMb = (): number | undefined => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
};

/** CPU seconds the watcher used so far (user + system, /proc/PID/stat in clock ticks of 1/100 s). */
const cpuSeconds = (): number => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

let written = 0;
/** Write time of every line (index = line number), for the latencies. */
const writtenAt: number[] = [];

/** Writes `rate` lines/s for `seconds`; calls `each` once a tick with the backlog (written − judged). */
async function replay(rate: number, seconds: number, each?: (backlog: number, elapsedMs: number) => void): Promise<void> {
  const start = performance.now();
  const first = written;
  while (performance.now() - start < seconds * 1000) {
    const due = first + Math.floor(((performance.now() - start) / 1000) * rate);
    let text = '';
    const now = performance.now();
    const time = apacheNow();
    for (; written < due; written++) {
      text += replayLine(written, time);
      writtenAt.push(now);
    }
    if (text !== '') appendFileSync(log, text);
    each?.(written - judged(), now - start);
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}

function latencies(from: number, to: number): number[] {
  const out: number[] = [];
  let event = 0;
  for (let i = from; i < to; i++) {
    while (judgedAt[event]![1] < i + 1) event++;
    out.push(judgedAt[event]![0] - writtenAt[i]!);
  }
  return out.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

await until(() => stderr.includes('semlog watch: following'));

// 1. Steady.
const steadyFrom = written;
await replay(RATE, SECONDS);
await until(() => judged() >= written);
const steadyLatency = latencies(steadyFrom, written);

// 2. Ramp: the highest rate whose backlog does not grow.
const ramp: Array<{ rate: number; p99Ms: number; backlogFirstHalf: number; backlogSecondHalf: number; watcherCpuShare: number; sustained: boolean }> = [];
for (const rate of RAMP) {
  const from = written;
  const cpuBefore = cpuSeconds();
  const stepStart = performance.now();
  const first: number[] = [];
  const second: number[] = [];
  await replay(rate, STEP_SECONDS, (backlog, elapsedMs) => (elapsedMs < (STEP_SECONDS * 1000) / 2 ? first : second).push(backlog));
  const to = written;
  await until(() => judged() >= to);
  // The share of one core the watcher used: under 1 with a growing backlog means it was starved by other load.
  const watcherCpuShare = Number(((cpuSeconds() - cpuBefore) / ((performance.now() - stepStart) / 1000)).toFixed(2));
  const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length));
  const [backlogFirstHalf, backlogSecondHalf] = [mean(first), mean(second)];
  // Sustained: the backlog stays under half a second of lines and does not grow from the first half
  // of the step to the second (beyond 25 % and 20 ms of lines of noise: batches are read in bursts).
  const sustained = backlogSecondHalf <= rate / 2 && backlogSecondHalf <= backlogFirstHalf * 1.25 + rate * 0.02;
  ramp.push({ rate, p99Ms: pct(latencies(from, to), 99), backlogFirstHalf, backlogSecondHalf, watcherCpuShare, sustained });
  if (!sustained) break;
}
const sustainedRate = Math.max(0, ...ramp.filter((r) => r.sustained).map((r) => r.rate));

// 3. Long run: memory each second.
const memory: Array<[number, number]> = [];
const longStart = performance.now();
let lastSample = 0;
await replay(LONG_RATE, LONG_SECONDS, (_backlog, elapsedMs) => {
  if (elapsedMs - lastSample < 1000) return;
  lastSample = elapsedMs;
  const mb = rssMb();
  if (mb !== undefined) memory.push([(performance.now() - longStart) / 1000, mb]);
});
await until(() => judged() >= written);
const health = [...stderr.matchAll(/health: .*; (\d+) clients \((\d+) requests\), (\d+) texts kept/g)].at(-1);
/** Least-squares slope of RSS over the second half of the long run, MB per minute: ~0 when flat. */
const half = memory.slice(Math.floor(memory.length / 2));
const meanT = half.reduce((s, [t]) => s + t, 0) / half.length;
const meanM = half.reduce((s, [, m]) => s + m, 0) / half.length;
const slope = (half.reduce((s, [t, m]) => s + (t - meanT) * (m - meanM), 0) / half.reduce((s, [t]) => s + (t - meanT) ** 2, 0)) * 60;

// 4. Burst.
let burst = '';
const burstTime = apacheNow();
for (let i = 0; i < BURST; i++) burst += replayLine(written + i, burstTime);
const burstStart = performance.now();
const burstCpuBefore = cpuSeconds();
appendFileSync(log, burst);
written += BURST;
await until(() => judged() >= written);
const burstSeconds = (performance.now() - burstStart) / 1000;
const burstCpu = cpuSeconds() - burstCpuBefore;
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
child.kill('SIGTERM');
await new Promise((resolve) => child.on('close', resolve));

const at = (seconds: number) => Math.round(memory.find(([t]) => t >= seconds)?.[1] ?? memory.at(-1)?.[1] ?? 0);
const results = {
  run: new Date().toISOString(),
  machine: '2 cores shared with other agents',
  input: 'elastic-apache-logs/apache_logs.log (10,000 lines) replayed with the current time, new client addresses on every pass',
  baseline: WITH_BASELINE,
  steady: { rate: RATE, seconds: SECONDS, lines: steadyLatency.length, p50Ms: pct(steadyLatency, 50), p99Ms: pct(steadyLatency, 99), maxMs: Math.round(steadyLatency.at(-1) ?? 0) },
  ramp: { stepSeconds: STEP_SECONDS, steps: ramp, sustainedLinesPerSecond: sustainedRate },
  long: {
    clientWindowMinutes: WINDOW_MINUTES,
    rate: LONG_RATE,
    seconds: LONG_SECONDS,
    memoryMb: { at10s: at(10), atHalf: at(LONG_SECONDS / 2), last: Math.round(memory.at(-1)?.[1] ?? 0), max: Math.round(Math.max(...memory.map(([, m]) => m))) },
    secondHalfSlopeMbPerMinute: Number(slope.toFixed(2)),
    kept: health ? { clients: Number(health[1]), clientRequests: Number(health[2]), texts: Number(health[3]) } : null,
  },
  // Lines per CPU second of the watcher (all its threads): what one core does when nothing else runs.
  burst: { lines: BURST, seconds: Number(burstSeconds.toFixed(2)), linesPerSecond: Math.round(BURST / burstSeconds), watcherCpuSeconds: Number(burstCpu.toFixed(2)), linesPerCpuSecond: Math.round(BURST / burstCpu) },
  loadAverageAtEnd: load,
};
const out = fileURLToPath(new URL(`./results${WITH_BASELINE ? '-baseline' : ''}.json`, import.meta.url));
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
