// scan's time windows (features/detect-windows.ts: traffic spikes, bot traffic, error spikes, latency
// degradation) on live traffic. Records go into windows of the log's own time (5 minutes, or the
// baseline's window length); a window is judged once, when the log's clock has passed its end by
// CLOSE_AFTER_MS (lines that arrive a little late still count), against the baseline's window
// statistics or, without one, against the HISTORY_WINDOWS windows before it and itself, as scan judges
// a window against the day it is in. Consecutive windows of one type are one episode, as in scan: a
// spike that goes on is written again at each window it lasts, with its span so far. The log's clock is
// the median of its last few times (log-clock.ts), so one line with a wild time closes nothing. When
// the input ends (stdin), the windows still open are judged too. With a baseline's categorical values,
// each window closed is also judged for share shifts (live-share-shifts.ts).
//
// Bounded: the history is HISTORY_WINDOWS windows. A request older than the last window judged (its
// window was judged already), or more than AHEAD_MS ahead of the log's clock (a wild time, which would
// otherwise open a window a year ahead and stop the quiet windows between from being filled in), is
// counted in `outside` and left out of the windows.

import { detectWindows } from '../features/detect-windows.js';
import { WindowAccumulator } from '../features/window-accumulator.js';
import type { CategoryBaseline } from '../categories/category-baseline.js';
import type { WindowBaseline } from '../features/window-stats.js';
import type { CategoryFinding, LogRecord, WindowFinding } from '../types.js';
import { LiveShareShifts } from './live-share-shifts.js';
import { LogClock } from './log-clock.js';

/** Windows a closed window is judged against without a baseline: a day of 5-minute windows. */
export const HISTORY_WINDOWS = 288;
/** How far the log's clock must be past a window's end before it is judged. */
export const CLOSE_AFTER_MS = 60_000;
/** The window length without a baseline that says its own: scan's default. */
export const LIVE_WINDOW_MS = 5 * 60_000;
/** How far ahead of the log's clock a request may lie and still count in a window. */
export const AHEAD_MS = 60 * 60_000;

/** What the windows judged at once found: scan's window findings, and its share-shift category findings. */
export interface ClosedWindows {
  windows: WindowFinding[];
  shifts: CategoryFinding[];
}

const NOTHING_CLOSED: ClosedWindows = Object.freeze({ windows: [], shifts: [] }) as ClosedWindows;

export class LiveWindows {
  readonly #windows: WindowAccumulator;
  readonly #baseline: WindowBaseline | undefined;
  readonly #clock = new LogClock();
  readonly #shifts: LiveShareShifts | undefined;
  /** The end of the last window judged: records before it come too late. */
  #judgedUntilMs = Number.NEGATIVE_INFINITY;
  /** Records counted in no window: they came after their window was judged, or lie AHEAD_MS ahead of the clock. */
  outside = 0;

  /** `categories`: a baseline's categorical values, for the share shifts. */
  constructor(baseline?: WindowBaseline, categories?: CategoryBaseline) {
    this.#baseline = baseline;
    this.#windows = new WindowAccumulator(baseline?.windowMs ?? LIVE_WINDOW_MS);
    this.#shifts = categories === undefined ? undefined : new LiveShareShifts(categories, this.#windows.windowMs);
  }

  get windowMs(): number {
    return this.#windows.windowMs;
  }

  add(record: LogRecord): void {
    if (record.timeMs === null || !Number.isFinite(record.timeMs)) return;
    this.#clock.note(record.timeMs);
    if (record.timeMs < this.#judgedUntilMs || record.timeMs > this.#clock.nowMs + AHEAD_MS) {
      this.outside++;
      return;
    }
    this.#windows.add(record);
    this.#shifts?.add(record);
  }

  /** The findings of the windows that closed since the last call, each window judged once, in time order. */
  close(): ClosedWindows {
    const nowMs = this.#clock.nowMs;
    if (!Number.isFinite(nowMs)) return NOTHING_CLOSED;
    const windowMs = this.#windows.windowMs;
    return this.#judgeUntil(Math.floor((nowMs - CLOSE_AFTER_MS) / windowMs) * windowMs);
  }

  /** The findings of every window not judged yet, the last one too: the input has ended (stdin). */
  flush(): ClosedWindows {
    const last = this.#windows.windows().at(-1);
    return last === undefined ? NOTHING_CLOSED : this.#judgeUntil(last.endMs);
  }

  /** Judges the windows that end by `closedUntilMs` and were not judged yet. */
  #judgeUntil(closedUntilMs: number): ClosedWindows {
    if (closedUntilMs <= this.#judgedUntilMs) return NOTHING_CLOSED;
    const windowMs = this.#windows.windowMs;
    const history = this.#windows.windows().filter((w) => w.endMs <= closedUntilMs);
    const findings: WindowFinding[] = [];
    const shifts: CategoryFinding[] = [];
    for (let k = 0; k < history.length; k++) {
      const window = history[k]!;
      if (window.endMs <= this.#judgedUntilMs) continue;
      const shift = this.#shifts?.judge(window.startMs);
      if (shift !== undefined) shifts.push(shift);
      // The window and the history before it, as a scan of that day would see them so far.
      const seen = history.slice(Math.max(0, k - HISTORY_WINDOWS), k + 1);
      for (const finding of detectWindows(seen, this.#baseline === undefined ? {} : { baseline: this.#baseline })) {
        // As scan reports it (pipeline/detect-anomalies.ts): the metrics and z-scores as plain records.
        if (finding.endMs === window.endMs) findings.push({ ...finding, metrics: { ...finding.metrics }, z: { ...finding.z } });
      }
    }
    this.#judgedUntilMs = closedUntilMs;
    this.#windows.forgetBefore(closedUntilMs - HISTORY_WINDOWS * windowMs);
    this.#shifts?.forgetBefore(closedUntilMs);
    return { windows: findings, shifts };
  }
}
