// Long-running semlog processes for the distributed tests (workers, a coordinator that must be
// watched while it runs): spawned like test/cli/run-cli.ts, with a way to wait for a line on stderr.

import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, type CliResult } from '../cli/run-cli.js';

export interface BinProcess {
  child: ChildProcess;
  readonly stderr: string;
  /** Resolves when stderr has a line matching `pattern` (an event, not a time). */
  waitFor(pattern: RegExp): Promise<void>;
  /** Resolves when the process has ended. */
  exited: Promise<CliResult>;
}

export function startBin(args: string[], options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): BinProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    get stderr() {
      return stderr;
    },
    waitFor(pattern) {
      if (pattern.test(stderr)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then((result) => reject(new Error(`process ended (${result.code ?? result.signal}) before ${pattern} on stderr:\n${result.stderr}`)));
      });
    },
    exited,
  };
}
