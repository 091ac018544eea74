// Streams LogRecords into fixed time windows (default 5 minutes) of traffic aggregates.
import { UsageError } from '../errors.js';
import type { LogRecord } from '../types.js';
import { DistinctCounter, type DistinctCounterState } from './distinct-counter.js';
import { fnv1a32 } from './hash.js';

/** Aggregates of one window; rates are shares of the window's requests with a status. */
export interface WindowStats {
  startMs: number;
  endMs: number;
  requests: number;
  uniqueClients: number;
  requestsPerClient: number;
  errors: number;
  serverErrors: number;
  errorRate: number;
  serverErrorRate: number;
  /** null when no request of the window logged a duration. */
  meanLatencyMs: number | null;
  bytes: number;
}

export interface WindowAccumulatorOptions {
  /**
   * Distinct clients counted exactly per window; beyond it they are estimated (default 1,024: windows
   * pile up over long logs, and a month of 5-minute windows stays under 200 MB).
   */
  maxClientsPerWindow?: number;
  /** Gaps between windows are filled with empty windows only up to this many windows in total. */
  maxWindows?: number;
}

interface WindowState {
  requests: number;
  withStatus: number;
  errors: number;
  serverErrors: number;
  latencySum: number;
  latencyCount: number;
  bytes: number;
  clients: DistinctCounter;
}

/** A WindowAccumulator as data (JSON-safe): its settings and each window by index (start / windowMs). */
export interface WindowAccumulatorState {
  windowMs: number;
  maxClientsPerWindow: number;
  maxWindows: number;
  untimedRecords: number;
  windows: Array<[index: number, window: Omit<WindowState, 'clients'> & { clients: DistinctCounterState }]>;
}

/** The plain counts of a window. */
const WINDOW_COUNTS = ['requests', 'withStatus', 'errors', 'serverErrors', 'latencyCount', 'bytes'] as const;

export class WindowAccumulator {
  readonly windowMs: number;
  readonly #maxClients: number;
  readonly #maxWindows: number;
  readonly #windows = new Map<number, WindowState>();
  /** Records without a time: they cannot be placed in a window. */
  untimedRecords = 0;

  constructor(windowMs = 300_000, options: WindowAccumulatorOptions = {}) {
    if (!(Number.isInteger(windowMs) && windowMs >= 1000)) {
      throw new UsageError(`windowMs must be a whole number of milliseconds ≥ 1000, got ${windowMs}`, { hint: 'the default is 300000 (5 minutes)' });
    }
    this.windowMs = windowMs;
    this.#maxClients = options.maxClientsPerWindow ?? 1_024;
    this.#maxWindows = options.maxWindows ?? 100_000;
  }

  add(record: LogRecord): void {
    if (record.timeMs === null || !Number.isFinite(record.timeMs)) {
      this.untimedRecords++;
      return;
    }
    const state = this.#windowAt(Math.floor(record.timeMs / this.windowMs));
    state.requests++;
    if (record.status !== null) {
      state.withStatus++;
      if (record.status >= 400) state.errors++;
      if (record.status >= 500) state.serverErrors++;
    }
    if (record.durationMs !== null) {
      state.latencySum += record.durationMs;
      state.latencyCount++;
    }
    state.bytes += record.bytes ?? 0;
    state.clients.add(fnv1a32(record.clientIp));
  }

  /**
   * Adds `other`'s windows (another part of the log, made with the same settings), window by window:
   * counts and sums add up and the distinct clients merge (distinct-counter.ts), so the result is
   * exactly the accumulator of one pass over both parts, in any order (a latency sum that is not in
   * whole milliseconds may differ in its last bits).
   */
  merge(other: WindowAccumulator): void {
    if (other.windowMs !== this.windowMs || other.#maxClients !== this.#maxClients || other.#maxWindows !== this.#maxWindows) {
      throw new RangeError(`cannot merge window accumulators with different settings (windows of ${this.windowMs} and ${other.windowMs} ms)`);
    }
    for (const [index, theirs] of other.#windows) {
      const state = this.#windowAt(index);
      for (const key of WINDOW_COUNTS) state[key] += theirs[key];
      state.latencySum += theirs.latencySum;
      state.clients.merge(theirs.clients);
    }
    this.untimedRecords += other.untimedRecords;
  }

  /** What the accumulator holds, for another process to restore and merge (fromState). */
  state(): WindowAccumulatorState {
    return {
      windowMs: this.windowMs,
      maxClientsPerWindow: this.#maxClients,
      maxWindows: this.#maxWindows,
      untimedRecords: this.untimedRecords,
      windows: [...this.#windows].map(([index, window]) => [index, { ...window, clients: window.clients.state() }]),
    };
  }

  /** The accumulator state() described; throws RangeError on a state none can be in (UsageError on a bad window length). */
  static fromState(state: WindowAccumulatorState): WindowAccumulator {
    const accumulator = new WindowAccumulator(state.windowMs, { maxClientsPerWindow: state.maxClientsPerWindow, maxWindows: state.maxWindows });
    const valid =
      Number.isInteger(state.maxClientsPerWindow) && state.maxClientsPerWindow >= 1 && Number.isInteger(state.maxWindows) && state.maxWindows >= 1 &&
      Number.isInteger(state.untimedRecords) && state.untimedRecords >= 0 && Array.isArray(state.windows) &&
      state.windows.every((entry) => Array.isArray(entry) && Number.isSafeInteger(entry[0]) && typeof entry[1] === 'object' && entry[1] !== null &&
        WINDOW_COUNTS.every((key) => Number.isFinite(entry[1][key]) && entry[1][key] >= 0) && Number.isFinite(entry[1].latencySum) &&
        entry[1].requests >= 1 && entry[1].errors <= entry[1].withStatus && entry[1].serverErrors <= entry[1].errors && entry[1].withStatus <= entry[1].requests) &&
      new Set(state.windows.map(([index]) => index)).size === state.windows.length;
    if (!valid) throw new RangeError('not a window accumulator state: settings, counts or window indexes out of range');
    for (const [index, window] of state.windows) {
      const restored = accumulator.#emptyState();
      for (const key of WINDOW_COUNTS) restored[key] = window[key];
      restored.latencySum = window.latencySum;
      // A counter of another capacity is refused here, as merge() refuses one.
      restored.clients.merge(DistinctCounter.fromState(window.clients));
      accumulator.#windows.set(index, restored);
    }
    accumulator.untimedRecords = state.untimedRecords;
    return accumulator;
  }

  /** Forgets the windows that start before `startMs` (a watcher keeps a bounded history: watch/live-windows.ts). */
  forgetBefore(startMs: number): void {
    const first = Math.floor(startMs / this.windowMs);
    for (const index of this.#windows.keys()) if (index < first) this.#windows.delete(index);
  }

  /**
   * Windows in time order. Quiet windows between busy ones are real zeros, so they are filled in
   * (unless that would exceed `maxWindows`, e.g. one stray 1970 timestamp).
   */
  windows(): WindowStats[] {
    const indexes = [...this.#windows.keys()].sort((a, b) => a - b);
    const first = indexes[0];
    const last = indexes.at(-1);
    if (first === undefined || last === undefined) return [];
    const fill = last - first + 1 <= this.#maxWindows;
    const all = fill ? Array.from({ length: last - first + 1 }, (_, i) => first + i) : indexes;
    return all.map((index) => this.#stats(index, this.#windows.get(index)));
  }

  /** The window of this index, made empty on first use. */
  #windowAt(index: number): WindowState {
    let state = this.#windows.get(index);
    if (state === undefined) {
      state = this.#emptyState();
      this.#windows.set(index, state);
    }
    return state;
  }

  #emptyState(): WindowState {
    return { requests: 0, withStatus: 0, errors: 0, serverErrors: 0, latencySum: 0, latencyCount: 0, bytes: 0, clients: new DistinctCounter(this.#maxClients) };
  }

  #stats(index: number, state: WindowState | undefined): WindowStats {
    const startMs = index * this.windowMs;
    const requests = state?.requests ?? 0;
    const uniqueClients = state?.clients.count ?? 0;
    const withStatus = state?.withStatus ?? 0;
    return {
      startMs,
      endMs: startMs + this.windowMs,
      requests,
      uniqueClients,
      requestsPerClient: uniqueClients === 0 ? 0 : requests / uniqueClients,
      errors: state?.errors ?? 0,
      serverErrors: state?.serverErrors ?? 0,
      errorRate: withStatus === 0 ? 0 : (state?.errors ?? 0) / withStatus,
      serverErrorRate: withStatus === 0 ? 0 : (state?.serverErrors ?? 0) / withStatus,
      meanLatencyMs: state !== undefined && state.latencyCount > 0 ? state.latencySum / state.latencyCount : null,
      bytes: state?.bytes ?? 0,
    };
  }
}
