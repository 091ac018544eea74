// The log's own clock for a watcher's sliding windows: where "now" is, from the times of the requests
// read. The newest time would do for a clean log, but one line with a time far ahead (a server whose
// clock jumped, a year mis-parsed, a line from another log) would put every later request outside the
// window at once, and a watcher that runs for months would stop judging clients until the real time
// caught up. The median of the last few times is not moved by a lone outlier, and lags a clean log by
// two requests only.

/** Times the median is taken over: a lone outlier, or two, do not move it. */
const RECENT = 5;

export class LogClock {
  readonly #recent: number[] = [];
  #next = 0;

  /** Notes a request's time (epoch ms). */
  note(ms: number): void {
    if (this.#recent.length < RECENT) this.#recent.push(ms);
    else this.#recent[this.#next] = ms;
    this.#next = (this.#next + 1) % RECENT;
  }

  /** The median of the last RECENT times noted (the lower one of an even count); -Infinity before any. */
  get nowMs(): number {
    if (this.#recent.length === 0) return Number.NEGATIVE_INFINITY;
    const sorted = [...this.#recent].sort((a, b) => a - b);
    return sorted[(sorted.length - 1) >> 1]!;
  }
}
