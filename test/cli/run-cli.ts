// Spawns the real bin (built dist/) the way a user does, and collects what it printed.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/semlog.js', import.meta.url));
export const FIXTURE = fileURLToPath(new URL('../fixtures/cli/elastic-apache-300.log', import.meta.url));

/**
 * Far beyond any run in the tests, and under vitest's 60 s test timeout: a run still going then
 * hangs, and is killed (signal SIGKILL in the result) instead of outliving the test.
 */
const HANG_GUARD_MS = 55_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string;
  /** A command that runs node, e.g. ['unshare', '-n']. */
  prefix?: string[];
  /** Options for node itself, before the bin, e.g. ['--require', preload]. */
  nodeArgs?: string[];
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const [command, ...prefixArgs] = options.prefix ?? [];
  const nodeCommand = [process.execPath, ...(options.nodeArgs ?? []), BIN, ...args];
  const spawnOptions = { env: options.env ?? process.env, timeout: HANG_GUARD_MS, killSignal: 'SIGKILL' as const };
  const child = command ? spawn(command, [...prefixArgs, ...nodeCommand], spawnOptions) : spawn(nodeCommand[0]!, nodeCommand.slice(1), spawnOptions);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
