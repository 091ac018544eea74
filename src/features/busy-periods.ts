// The site's busy periods: long runs of windows with many requests that together are a large share
// of the scan's windows with traffic, such as working hours against quiet nights. Robust z-scores
// assume the unusual windows are few; these are not, and they are judged against themselves instead.

import { robustLocationScale, zScore, type LocationScale } from './robust-stats.js';
import type { WindowStats } from './window-accumulator.js';
import { LONG_PERIOD_SHARE } from './window-episodes.js';
import { learnWindowStats, metricValue, minScale, WINDOW_METRICS, type WindowBaseline, type WindowMetric } from './window-stats.js';

/** A run of busy windows shorter than this is a burst, however large a share of a short log it is. */
export const BUSY_PERIOD_MIN_MS = 60 * 60_000;

/** What busyPeriods() needs of a window. */
export interface TimedWindow {
  startMs: number;
  endMs: number;
  requests: number;
}

/**
 * The indexes, in order, of the windows in busy periods: runs of `busy` windows that follow each
 * other without a gap, each lasting at least BUSY_PERIOD_MIN_MS, which together hold at least
 * LONG_PERIOD_SHARE of the windows with traffic and at least `minWindows` windows (enough to learn
 * their statistics). Empty when they do not: the scan has no busy period, only bursts.
 */
export function busyPeriods(windows: readonly TimedWindow[], busy: (index: number) => boolean, minWindows: number): number[] {
  const periods: number[] = [];
  let run: number[] = [];
  const close = (): void => {
    const first = windows[run[0] ?? -1];
    const last = windows[run.at(-1) ?? -1];
    if (first !== undefined && last !== undefined && last.endMs - first.startMs >= BUSY_PERIOD_MIN_MS) periods.push(...run);
    run = [];
  };
  for (const [index, window] of windows.entries()) {
    const previous = windows[run.at(-1) ?? -1];
    if (previous !== undefined && (!busy(index) || previous.endMs !== window.startMs)) close();
    if (busy(index)) run.push(index);
  }
  close();
  const active = windows.filter((w) => w.requests > 0).length;
  return periods.length >= minWindows && periods.length >= LONG_PERIOD_SHARE * active ? periods : [];
}

/**
 * Metrics that grow with the work done. Within a busy period they vary by factors (tomcat-banner-2019's
 * morning rush is 3.6 × its working day's median, 4.4σ on a linear scale), so there they are judged
 * on a log scale: a window stands out when it is many times the period's median, as a bot hammering
 * the site on top of it is.
 */
const WORK_METRICS: ReadonlySet<WindowMetric> = new Set<WindowMetric>(['requests', 'uniqueClients', 'requestsPerClient', 'bytes']);

/** What a busy period's windows are judged against. */
export interface BusyPeriodStats {
  /** As learnWindowStats() over the busy windows: the medians the reasons name, and the other metrics' statistics. */
  linear: WindowBaseline;
  /** Median and robust σ of the logarithm of the work metrics. */
  log: Partial<Record<WindowMetric, LocationScale>>;
}

export function learnBusyPeriodStats(windows: readonly WindowStats[]): BusyPeriodStats {
  const linear = learnWindowStats(windows);
  const log: Partial<Record<WindowMetric, LocationScale>> = {};
  for (const metric of WORK_METRICS) {
    const center = linear.metrics[metric]?.center;
    if (center === undefined) continue;
    const values = windows.filter((w) => w.requests > 0).map((w) => metricValue(w, metric)).filter((v): v is number => v !== undefined);
    // The linear floor (Poisson noise for counts) as a relative one.
    log[metric] = robustLocationScale(values.map(logOf), minScale(metric, center) / Math.max(center, 1));
  }
  return { linear, log };
}

/** Robust z of each metric of a busy window against its busy period: the work metrics by their logarithm. */
export function busyPeriodZ(window: WindowStats, stats: BusyPeriodStats): Partial<Record<WindowMetric, number>> {
  const z: Partial<Record<WindowMetric, number>> = {};
  for (const metric of WINDOW_METRICS) {
    const value = metricValue(window, metric);
    const metricStats = WORK_METRICS.has(metric) ? stats.log[metric] : stats.linear.metrics[metric];
    if (value === undefined || metricStats === undefined) continue;
    const x = WORK_METRICS.has(metric) ? logOf(value) : value;
    z[metric] = zScore(x, metricStats.center, metricStats.scale);
  }
  return z;
}

/** Zero bytes (a window of 304s) would have no logarithm. */
const logOf = (value: number): number => Math.log(Math.max(value, 1));
