// Consecutive windows of one finding type are one finding: an episode. A flood of an hour is
// otherwise twelve 5-minute findings in a row, and the report's first screen says one thing twelve
// times. The episode keeps the figures of its peak window and says how long it lasted.

/** What episodes() needs of a window finding. */
export interface EpisodeWindow {
  type: string;
  startMs: number;
  endMs: number;
  score: number;
  reasons: string[];
}

/**
 * Runs of findings of one type whose windows follow each other without a gap (the next starts where
 * the last ended) merged into one, spanning the run (its startMs and endMs), with the peak's (highest
 * score's) figures and a first reason that says how many windows the run holds (and, given the scan's
 * `activeWindows`, when they are a large share of them) and when the peak was; `windows` is that
 * count (1 for a lone window). In order of start, then of the input.
 */
export function episodes<W extends EpisodeWindow>(findings: readonly W[], activeWindows = 0): Array<W & { windows: number }> {
  const open = new Map<string, Run<W>>();
  const done: Array<Run<W>> = [];
  for (const [order, finding] of findings.entries()) {
    const run = open.get(finding.type);
    if (run !== undefined && run.last.endMs === finding.startMs) {
      run.last = finding;
      run.windows++;
      if (finding.score > run.peak.score) run.peak = finding;
      continue;
    }
    if (run !== undefined) done.push(run);
    open.set(finding.type, { first: finding, peak: finding, last: finding, windows: 1, order });
  }
  done.push(...open.values());
  return done
    .sort((a, b) => a.first.startMs - b.first.startMs || a.order - b.order)
    .map(({ first, peak, last, windows }) => ({
      ...peak,
      startMs: first.startMs,
      endMs: last.endMs,
      windows,
      reasons: windows === 1 ? peak.reasons : [`${windows} windows in a row${longPeriod(windows, activeWindows)}, figures of the peak at ${iso(peak.startMs)}`, ...peak.reasons],
    }));
}

/**
 * Share of the scan's windows with traffic at or above which busy windows are not unusual: robust
 * z-scores assume the unusual windows are few, and a day's working hours against its quiet night are
 * not few. Without a baseline such windows are judged against themselves (busy-periods.ts); against a
 * baseline, which does not know the time of day, an episode this long stays a finding (a flood
 * lasting hours looks the same) and its reason says what it more likely is.
 */
export const LONG_PERIOD_SHARE = 0.25;

function longPeriod(windows: number, activeWindows: number): string {
  if (activeWindows <= 0 || windows < LONG_PERIOD_SHARE * activeWindows) return '';
  return ` (${Math.round((100 * windows) / activeWindows)} % of the scan's windows with traffic: a long busy period, such as working hours against quiet nights, more than a burst)`;
}

interface Run<W> {
  first: W;
  peak: W;
  last: W;
  windows: number;
  /** The first finding's place in the input, for a stable order. */
  order: number;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
