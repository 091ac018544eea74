// Typed findings over time windows: traffic spikes, bot traffic, error spikes, latency degradation.
import { UsageError } from '../errors.js';
import { round3 } from '../round3.js';
import { busyPeriods, busyPeriodZ, learnBusyPeriodStats } from './busy-periods.js';
import { zScore } from './robust-stats.js';
import type { WindowStats } from './window-accumulator.js';
import { episodes } from './window-episodes.js';
import { learnWindowStats, metricValue, WINDOW_METRICS, type WindowBaseline, type WindowMetric } from './window-stats.js';

import type { WindowFindingType } from '../types.js';

export type { WindowFindingType };

export interface WindowFinding {
  type: WindowFindingType;
  startMs: number;
  endMs: number;
  /** The largest z among the metrics that define the type. */
  score: number;
  metrics: WindowStats;
  z: Partial<Record<WindowMetric, number>>;
  reasons: string[];
  /** Windows it spans: consecutive windows of one type are one finding, with its peak's figures (window-episodes.ts). */
  windows: number;
}

export interface DetectWindowsOptions {
  baseline?: WindowBaseline | { version: number; windows: WindowBaseline };
  /** Robust z above which a metric is abnormal (default 3.5, Iglewicz and Hoaglin's cut-off). */
  zThreshold?: number;
  /** Without a baseline, fewer windows with traffic than this are too little history (default 6). */
  minWindows?: number;
  /** An error spike needs at least this many errors in the window (default 5). */
  minErrors?: number;
  /** Latency is only judged in windows with at least this many requests (default 5). */
  minRequests?: number;
}

export function detectWindows(windows: readonly WindowStats[], options: DetectWindowsOptions = {}): WindowFinding[] {
  const zThreshold = options.zThreshold ?? 3.5;
  if (!(zThreshold > 0)) throw new UsageError(`zThreshold must be positive, got ${zThreshold}`, { hint: 'the default is 3.5' });
  const baseline = options.baseline === undefined ? undefined : 'version' in options.baseline ? options.baseline.windows : options.baseline;
  const activeWindows = windows.filter((w) => w.requests > 0).length;
  if (baseline === undefined && activeWindows < (options.minWindows ?? 6)) return [];
  const stats = baseline ?? learnWindowStats(windows);
  const minErrors = options.minErrors ?? 5;
  const minRequests = options.minRequests ?? 5;
  const judgedBy: WindowBaseline[] = windows.map(() => stats);
  const z = windows.map((window) => zScores(window, stats));
  if (baseline === undefined) {
    // Working hours against quiet nights: against the scan's statistics every busy window is a
    // "spike" of hundreds of σ, and a burst inside them is lost in the run. The busy period is the
    // site's normal, and its windows are judged against its own statistics (busy-periods.ts).
    const busy = busyPeriods(windows, (k) => (z[k]!.requests ?? 0) > zThreshold, options.minWindows ?? 6);
    if (busy.length > 0) {
      const busyStats = learnBusyPeriodStats(busy.map((k) => windows[k]!));
      for (const k of busy) {
        judgedBy[k] = busyStats.linear;
        z[k] = busyPeriodZ(windows[k]!, busyStats);
      }
    }
  }
  const findings: Array<Omit<WindowFinding, 'windows'>> = [];
  for (const [k, window] of windows.entries()) {
    const windowZ = z[k]!;
    const against = judgedBy[k]!;
    const high = (metric: WindowMetric): boolean => (windowZ[metric] ?? 0) > zThreshold;
    const add = (type: WindowFindingType, drivers: WindowMetric[]): void => {
      const reasons = drivers.filter(high).map((metric) =>
        windowReason(metric, window, windowZ[metric] ?? 0, against.metrics[metric]?.center ?? NaN, against === stats ? 'normal' : 'normal for the busy period'));
      const score = round3(Math.max(...drivers.map((metric) => windowZ[metric] ?? 0)));
      findings.push({ type, startMs: window.startMs, endMs: window.endMs, score, metrics: window, z: windowZ, reasons });
    };
    if (high('requests')) {
      // Many more requests from no more clients than usual: a few clients are doing the work.
      const botLike = high('requestsPerClient') && !high('uniqueClients');
      if (botLike) add('bot_traffic', ['requests', 'requestsPerClient']);
      else add('traffic_spike', ['requests', 'uniqueClients']);
    }
    if ((high('errorRate') || high('serverErrorRate')) && window.errors >= minErrors) add('error_spike', ['errorRate', 'serverErrorRate']);
    if (high('meanLatencyMs') && window.requests >= minRequests) add('latency_degradation', ['meanLatencyMs']);
  }
  return episodes(findings, activeWindows);
}

/** Robust z of each metric that says something about the window. */
function zScores(window: WindowStats, stats: WindowBaseline): Partial<Record<WindowMetric, number>> {
  const z: Partial<Record<WindowMetric, number>> = {};
  for (const metric of WINDOW_METRICS) {
    const value = metricValue(window, metric);
    const metricStats = stats.metrics[metric];
    if (value !== undefined && metricStats !== undefined) z[metric] = zScore(value, metricStats.center, metricStats.scale);
  }
  return z;
}

function windowReason(metric: WindowMetric, window: WindowStats, z: number, center: number, normal: string): string {
  const show = (value: number): string =>
    metric === 'errorRate' || metric === 'serverErrorRate' ? `${Number((value * 100).toFixed(1))}%`
    : metric === 'meanLatencyMs' ? `${Number(value.toFixed(1))}ms`
    : String(Number(value.toFixed(1)));
  const value = metricValue(window, metric) ?? NaN;
  return `${metric} ${show(value)} is ${z.toFixed(1)}σ above ${normal} (median ${show(center)})`;
}
