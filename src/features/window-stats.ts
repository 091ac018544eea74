// What a "normal" window looks like: median and robust σ of each window metric.
import { median, robustLocationScale, type LocationScale } from './robust-stats.js';
import type { WindowStats } from './window-accumulator.js';

export const WINDOW_METRICS = Object.freeze([
  'requests', 'uniqueClients', 'requestsPerClient', 'errorRate', 'serverErrorRate', 'meanLatencyMs', 'bytes',
] as const);

export type WindowMetric = (typeof WINDOW_METRICS)[number];

/** What learnFeatureBaseline() stores about windows (or what detectWindows() learns from today). */
export interface WindowBaseline {
  windowMs: number | null;
  n: number;
  metrics: Partial<Record<WindowMetric, LocationScale>>;
}

/** The metric of a window, or undefined when it says nothing (no latency logged, no requests). */
export function metricValue(window: WindowStats, metric: WindowMetric): number | undefined {
  if (metric === 'meanLatencyMs') return window.meanLatencyMs ?? undefined;
  if (window.requests === 0 && (metric === 'errorRate' || metric === 'serverErrorRate' || metric === 'requestsPerClient')) return undefined;
  return window[metric];
}

/**
 * Floors on the scale, so that perfectly flat traffic (MAD = 0) is not a hair-trigger: counts
 * vary at least like a Poisson process (σ = √median), rates by two percentage points, latency
 * and bytes by a tenth of their median.
 */
export function minScale(metric: WindowMetric, center: number): number {
  switch (metric) {
    case 'requests':
    case 'uniqueClients':
      return Math.max(1, Math.sqrt(Math.max(center, 0)));
    case 'errorRate':
    case 'serverErrorRate':
      return 0.02;
    case 'requestsPerClient':
      return Math.max(0.1, 0.1 * center);
    case 'meanLatencyMs':
    case 'bytes':
      return Math.max(1, 0.1 * center);
  }
}

/**
 * Statistics over the windows that had traffic. Empty windows are left out because sampled or
 * rotated logs (one busy window per hour, nights missing) would otherwise put the median at 0
 * and make every ordinary window a "spike"; a drop to zero is not one of our finding types.
 */
export function learnWindowStats(windows: readonly WindowStats[]): WindowBaseline {
  const metrics: Partial<Record<WindowMetric, LocationScale>> = {};
  const active = windows.filter((w) => w.requests > 0);
  for (const metric of WINDOW_METRICS) {
    const values = active.map((w) => metricValue(w, metric)).filter((v): v is number => v !== undefined);
    if (values.length === 0) continue;
    metrics[metric] = robustLocationScale(values, minScale(metric, median(values)));
  }
  const first = windows[0];
  return { windowMs: first === undefined ? null : first.endMs - first.startMs, n: active.length, metrics };
}
