// The most requests a client sent for one URI in a row within a minute. A client that hammers one
// page for a few minutes of an otherwise quiet day has a low average rate over its whole span; its
// burst is what shows the hammering (client-rank.ts).

/** Requests of one run count together while they fall within this long of the run's first one. */
export const BURST_WINDOW_MS = 60_000;

/** A mergeable UriBurst as data (JSON-safe), to ship a part's burst to the process that merges it. */
export interface UriBurstState {
  uri: string;
  startMs: number;
  count: number;
  peakUri: string;
  peakCount: number;
  head: number[];
  headUri: string;
  headOpen: boolean;
  tailPeakUri: string;
  tailPeakCount: number;
}

export class UriBurst {
  #uri = '';
  #startMs = 0;
  #count = 0;
  /** The URI of the largest run so far ('' before any timed request). */
  peakUri = '';
  /** Requests in the largest run so far. */
  peakCount = 0;
  /**
   * Only in a mergeable burst (a part of the log that a later merge joins to the part before it): the
   * times of the leading streak, the timed requests for one URI before any other URI. How that streak
   * splits into runs depends on the run the part before ended with, so a merge replays it. Undefined
   * when not mergeable; memory is one number per request of the streak, bounded by the part.
   */
  #head: number[] | undefined;
  #headUri = '';
  /** Whether every timed request so far was for the head's URI. */
  #headOpen = true;
  /** The largest run that began after the leading streak: the same whatever came before the part. */
  #tailPeakUri = '';
  #tailPeakCount = 0;

  /** `mergeable`: keep what merge() needs to join this part to the one before it. */
  constructor(mergeable = false) {
    if (mergeable) this.#head = [];
  }

  /**
   * Adds a client's next request in log order. A run continues while the URI repeats and the
   * request lies within BURST_WINDOW_MS of the run's first one, either way (logs merged from several
   * servers are not strictly in time order); anything else starts a new run. Untimed records are skipped.
   */
  add(uri: string, timeMs: number | null): void {
    if (timeMs === null) return;
    const head = this.#head;
    if (head !== undefined && this.#headOpen) {
      if (head.length === 0 || uri === this.#headUri) {
        this.#headUri = uri;
        head.push(timeMs);
      } else {
        this.#headOpen = false;
      }
    }
    this.#step(uri, timeMs);
    // A run that began after the streak ended (a run begins with a new URI, or after the window).
    if (head !== undefined && !this.#headOpen && this.#count > this.#tailPeakCount) {
      this.#tailPeakCount = this.#count;
      this.#tailPeakUri = uri;
    }
  }

  /**
   * Joins `next`, the same client's burst over the part of the log right after this one (both
   * mergeable): the result is exactly the burst of one pass over both parts. `next`'s leading streak
   * is replayed from this part's last run (it may continue it, and its runs then start elsewhere);
   * its later runs are the same either way. Merge parts in log order; grouping does not matter.
   */
  merge(next: UriBurst): void {
    const head = this.#head;
    if (head === undefined || next.#head === undefined) throw new TypeError('only mergeable bursts merge (new UriBurst(true))');
    // The next part's streak continues this part's own when this part was one streak of the same URI
    // (or had no timed request): its runs are then part of the merged streak, not of the tail.
    const continuesHead = this.#headOpen && (head.length === 0 || next.#headUri === this.#headUri);
    for (const timeMs of next.#head) {
      this.#step(next.#headUri, timeMs);
      if (!continuesHead && this.#count > this.#tailPeakCount) {
        this.#tailPeakCount = this.#count;
        this.#tailPeakUri = next.#headUri;
      }
    }
    if (this.#headOpen && next.#head.length > 0) {
      if (continuesHead) {
        this.#headUri = next.#headUri;
        for (const timeMs of next.#head) head.push(timeMs);
        this.#headOpen = next.#headOpen;
      } else {
        this.#headOpen = false;
      }
    }
    // The next part's runs after its streak are the same whatever came before; ties keep the earlier run.
    if (next.#tailPeakCount > this.#tailPeakCount) {
      this.#tailPeakCount = next.#tailPeakCount;
      this.#tailPeakUri = next.#tailPeakUri;
    }
    if (next.#tailPeakCount > this.peakCount) {
      this.peakCount = next.#tailPeakCount;
      this.peakUri = next.#tailPeakUri;
    }
    // The run under way is the next part's own, unless its timed requests were all the streak just replayed.
    if (!next.#headOpen) {
      this.#uri = next.#uri;
      this.#startMs = next.#startMs;
      this.#count = next.#count;
    }
  }

  /** What a mergeable burst holds, for another process to restore and merge (fromState). */
  state(): UriBurstState {
    if (this.#head === undefined) throw new TypeError('only a mergeable burst has a state to ship (new UriBurst(true))');
    return {
      uri: this.#uri, startMs: this.#startMs, count: this.#count, peakUri: this.peakUri, peakCount: this.peakCount,
      head: [...this.#head], headUri: this.#headUri, headOpen: this.#headOpen, tailPeakUri: this.#tailPeakUri, tailPeakCount: this.#tailPeakCount,
    };
  }

  /** The mergeable burst state() described; throws RangeError on a state no burst can be in. */
  static fromState(state: UriBurstState): UriBurst {
    const counts = [state.count, state.peakCount, state.tailPeakCount];
    const valid =
      [state.uri, state.peakUri, state.headUri, state.tailPeakUri].every((text) => typeof text === 'string') &&
      counts.every((count) => Number.isInteger(count) && count >= 0) && Number.isFinite(state.startMs) &&
      state.count <= state.peakCount && state.tailPeakCount <= state.peakCount && typeof state.headOpen === 'boolean' &&
      Array.isArray(state.head) && state.head.every((timeMs) => Number.isFinite(timeMs)) && state.head.length >= Math.min(1, state.peakCount);
    if (!valid) throw new RangeError('not a burst state: counts, times or URIs out of range');
    const burst = new UriBurst(true);
    burst.#uri = state.uri;
    burst.#startMs = state.startMs;
    burst.#count = state.count;
    burst.peakUri = state.peakUri;
    burst.peakCount = state.peakCount;
    burst.#head = [...state.head];
    burst.#headUri = state.headUri;
    burst.#headOpen = state.headOpen;
    burst.#tailPeakUri = state.tailPeakUri;
    burst.#tailPeakCount = state.tailPeakCount;
    return burst;
  }

  #step(uri: string, timeMs: number): void {
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
