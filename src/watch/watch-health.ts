// How a running watcher keeps up (--health SECONDS): lines judged per second since the last report,
// bytes the followed files hold beyond what was read (lag), how far behind the newest judged request
// is by its own time stamp, and how much state is kept (clients, texts).

import { statSync } from 'node:fs';
import type { FileState } from './watch-state.js';

export interface WatchHealth {
  linesPerSecond: number;
  /** Bytes written to the followed files and not read yet. */
  lagBytes: number;
  /** Now minus the log time of the newest request judged; null before one with a time. */
  behindMs: number | null;
  /** Clients in the rolling state and the requests they hold. */
  clients: number;
  clientRequests: number;
  /** Distinct texts whose counts are kept. */
  texts: number;
  /** Records judged since the start. */
  records: number;
  /**
   * Records counted in no time window (live-windows.ts): their window had been judged when they came
   * (a file followed far behind the others), or their time lies an hour or more ahead of the log's
   * clock. They are judged as lines and for their clients all the same.
   */
  outsideWindows: number;
}

/** Bytes the files gained beyond their read offset; a file replaced at its path (rotated) counts from the new one's next poll. */
export function followLag(files: readonly FileState[]): number {
  let lag = 0;
  for (const file of files) {
    if (file.gone) continue;
    try {
      const stat = statSync(file.path, { bigint: true });
      if (String(stat.dev) !== file.dev || String(stat.ino) !== file.ino) continue;
      lag += Math.max(0, Number(stat.size) - file.offset);
    } catch {
      // Gone since the last poll: the next poll finds where it went.
    }
  }
  return lag;
}

/** Counts records between two reports; `report()` returns the rate since the previous one. */
export class HealthClock {
  readonly #everyMs: number;
  readonly #now: () => number;
  #lastMs: number;
  #recordsAtLast = 0;

  constructor(everyMs: number, now: () => number = Date.now) {
    this.#everyMs = everyMs;
    this.#now = now;
    this.#lastMs = now();
  }

  /** The rate since the last report when a report is due, else undefined. */
  due(records: number): number | undefined {
    const now = this.#now();
    if (now - this.#lastMs < this.#everyMs) return undefined;
    const rate = ((records - this.#recordsAtLast) * 1000) / (now - this.#lastMs);
    this.#lastMs = now;
    this.#recordsAtLast = records;
    return rate;
  }
}
