// Runs a command as a child process and measures its wall time and peak memory, the same way for
// every tool the benchmarks compare (semlog, GoAccess, the Python baselines), so their numbers line up.
//
// Peak memory is GNU time's %M: the child's maximum resident set size as the kernel reports it when
// the child exits (getrusage of a reaped child). semlog's embedding workers are threads of the one
// process, so they are included; sampling /proc/PID/status instead would miss short peaks.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface Measured {
  /** Wall seconds from spawn to exit (process start-up included, as a user would wait). */
  seconds: number;
  /** Peak resident set size in MB of 2^20 bytes (as the earlier results and the Python baselines count). */
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Extra environment variables for the child. */
  env?: Record<string, string>;
}

/** Runs `command args` to the end; throws with the tail of its stderr when it fails. */
export function runMeasured(command: string, args: readonly string[], options: RunOptions = {}): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-bench-time-'));
  const timeFile = join(dir, 'time.txt');
  try {
    const started = performance.now();
    // -o keeps GNU time's line out of the child's stderr, which may end with a progress line.
    const run = spawnSync(GNU_TIME, ['-o', timeFile, '-f', '%M', command, ...args], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, ...options.env },
    });
    const seconds = (performance.now() - started) / 1000;
    if (run.error) throw new Error(`could not start ${GNU_TIME} (apt-get install time): ${run.error.message}`);
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
    // %M is in KiB.
    const peakRssMb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) / 1024;
    return { seconds, peakRssMb, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
