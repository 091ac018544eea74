// Spawns the real bin (built dist/) the way a user does, and collects what it printed.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/semlog.js', import.meta.url));
export const FIXTURE = fileURLToPath(new URL('../fixtures/cli/elastic-apache-300.log', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { input?: string; prefix?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const [command, ...prefixArgs] = options.prefix ?? [];
  const spawnOptions = options.env === undefined ? {} : { env: options.env };
  const child = command
    ? spawn(command, [...prefixArgs, process.execPath, BIN, ...args], spawnOptions)
    : spawn(process.execPath, [BIN, ...args], spawnOptions);
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
