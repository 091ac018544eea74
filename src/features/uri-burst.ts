// The most requests a client sent for one URI in a row within a minute. A client that hammers one
// page for a few minutes of an otherwise quiet day has a low average rate over its whole span; its
// burst is what shows the hammering (client-rank.ts).

/** Requests of one run count together while they fall within this long of the run's first one. */
export const BURST_WINDOW_MS = 60_000;

export class UriBurst {
  #uri = '';
  #startMs = 0;
  #count = 0;
  /** The URI of the largest run so far ('' before any timed request). */
  peakUri = '';
  /** Requests in the largest run so far. */
  peakCount = 0;

  /**
   * Adds a client's next request in log order. A run continues while the URI repeats and the
   * request lies within BURST_WINDOW_MS of the run's first one, either way (logs merged from several
   * servers are not strictly in time order); anything else starts a new run. Untimed records are skipped.
   */
  add(uri: string, timeMs: number | null): void {
    if (timeMs === null) return;
    if (uri === this.#uri && Math.abs(timeMs - this.#startMs) < BURST_WINDOW_MS) {
      this.#count++;
    } else {
      this.#uri = uri;
      this.#startMs = timeMs;
      this.#count = 1;
    }
    if (this.#count > this.peakCount) {
      this.peakCount = this.#count;
      this.peakUri = uri;
    }
  }
}
