// Auto-detection: every registered format scores a window of a file's first lines; the best score wins
// if it reaches DETECT_THRESHOLD. Content decides, never the file name: rotated logs have any name.
// Garbage at the start of a file (a line no format parses, a binary blob, an over-long line that the
// sniffer left out) must not hide the log after it, so the window slides on until one matches.
import { isBinaryLine } from './is-binary-line.js';
import { DETECT_THRESHOLD } from './log-format.js';
import { FORMATS } from './registry.js';

/** How many non-blank, non-`#` lines one detection window holds. */
export const DETECT_LINES = 20;
/** How far the window slides; half a window, so that a run of DETECT_LINES good lines fills half of one. */
export const DETECT_STEP = DETECT_LINES / 2;
/** How many content lines detection looks at, at most, before it gives up. */
export const DETECT_MAX_LINES = 1000;

/**
 * The registry name of the format of a file that starts with `firstLines`, or null when no window of
 * them is parsed at least half by one format. Blank lines and binary garbage are left out; `#` lines
 * are passed on (CloudFront headers). The first window may be short (a small file); a later one must
 * hold at least DETECT_STEP lines, so that a stray line at the end of a README does not decide.
 */
export function detectFormat(firstLines: readonly string[]): string | null {
  for (const window of detectionWindows(firstLines)) {
    const best = bestFormat(window);
    if (best !== null) return best;
  }
  return null;
}

/**
 * Whether some window of `firstLines` (the windows detectFormat looks at) scores at least
 * DETECT_THRESHOLD: what a file found in a folder must meet to be read with the format the user
 * chose, so that a README or an application log beside the access logs is skipped, not parsed into
 * malformed lines and stray records.
 */
export function fitsFormat(firstLines: readonly string[], score: (window: readonly string[]) => number): boolean {
  for (const window of detectionWindows(firstLines)) if (score(window) >= DETECT_THRESHOLD) return true;
  return false;
}

function* detectionWindows(firstLines: readonly string[]): Generator<readonly string[]> {
  const sample: string[] = [];
  /** The index in `sample` of each content line. */
  const content: number[] = [];
  for (const text of firstLines) {
    if (text.trim() === '' || isBinaryLine(text)) continue;
    if (text.charCodeAt(0) !== 35 /* # */) {
      if (content.length === DETECT_MAX_LINES) break;
      content.push(sample.length);
    }
    sample.push(text);
  }
  for (let start = 0; start === 0 || content.length - start >= DETECT_STEP; start += DETECT_STEP) {
    const from = start === 0 ? 0 : content[start]!;
    const to = content[start + DETECT_LINES] ?? sample.length;
    yield sample.slice(from, to);
  }
}

function bestFormat(window: readonly string[]): string | null {
  if (window.length === 0) return null;
  let best: string | null = null;
  let bestScore = 0;
  for (const format of Object.values(FORMATS)) {
    const score = format.detect(window);
    if (score > bestScore) {
      best = format.name;
      bestScore = score;
    }
  }
  return bestScore >= DETECT_THRESHOLD ? best : null;
}
