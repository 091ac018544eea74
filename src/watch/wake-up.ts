// Waits for a reason to look at the files again: a change in a watched folder (fs.watch, inotify on
// Linux), new data on stdin, or the poll interval. Polling goes on even where events work: a missed
// event (NFS, some container file systems, an inotify limit) then only delays, it never loses.

import { watch, type FSWatcher } from 'node:fs';

export class WakeUp {
  readonly #watchers: FSWatcher[] = [];
  #pending = false;
  #resolve: (() => void) | undefined;
  readonly #pollMs: number;
  readonly #settleMs: number;

  /** `settleMs`: after an event, how long to let more lines arrive before reading (fewer, fuller batches). */
  constructor(folders: readonly string[], pollMs: number, settleMs: number) {
    this.#pollMs = pollMs;
    this.#settleMs = settleMs;
    for (const folder of folders) {
      try {
        const watcher = watch(folder, { persistent: false }, () => this.poke());
        watcher.on('error', () => watcher.close());
        this.#watchers.push(watcher);
      } catch {
        // No such folder yet, or no inotify: polling finds the files.
      }
    }
  }

  /** Something changed. */
  poke(): void {
    this.#pending = true;
    this.#resolve?.();
  }

  /** Resolves after a change (plus settleMs), after pollMs, or when `signal` fires. */
  async next(signal?: AbortSignal): Promise<void> {
    if (!this.#pending) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          this.#resolve = undefined;
          resolve();
        };
        const timer = setTimeout(done, this.#pollMs);
        signal?.addEventListener('abort', done, { once: true });
        this.#resolve = done;
      });
      if (this.#pending && !signal?.aborted) await new Promise((resolve) => setTimeout(resolve, this.#settleMs));
    }
    this.#pending = false;
  }

  close(): void {
    for (const watcher of this.#watchers) watcher.close();
  }
}
