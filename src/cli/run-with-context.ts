// What every long-running command needs around its work: Ctrl-C/SIGTERM wired to an AbortSignal,
// progress on stderr when wanted, and both cleaned up however the work ends.

import type { ProgressListener } from '../types.js';
import { listenForInterrupts } from './interrupt-signal.js';
import { createProgressPrinter } from './progress-printer.js';
import { progressWanted, type InputArgs } from './shared-options.js';

export interface RunContext {
  signal: AbortSignal;
  onProgress?: ProgressListener;
  /** Erases the progress line; call it before writing results. */
  endProgress(): void;
}

export async function runWithContext<T>(args: InputArgs, work: (context: RunContext) => Promise<T>): Promise<T> {
  const progress = createProgressPrinter(process.stderr, progressWanted(args));
  const interrupts = listenForInterrupts(() => progress.done());
  try {
    return await work({
      signal: interrupts.signal,
      ...(progress.listener && { onProgress: progress.listener }),
      endProgress: () => progress.done(),
    });
  } finally {
    progress.done();
    interrupts.dispose();
  }
}
