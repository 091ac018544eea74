// Auto-detection: every registered format scores the first lines of a file; the best score wins if
// it reaches DETECT_THRESHOLD. Content decides, never the file name: rotated logs have any name.
import { isBinaryLine } from './is-binary-line.js';
import { DETECT_THRESHOLD } from './log-format.js';
import { FORMATS } from './registry.js';

/** How many non-blank, non-`#` lines detection looks at. */
export const DETECT_LINES = 20;

/**
 * The registry name of the format of a file that starts with `firstLines`, or null when no format
 * parses at least half of them. Blank lines and binary garbage are ignored (they count against every
 * format alike); `#` lines are passed on (CloudFront headers).
 */
export function detectFormat(firstLines: readonly string[]): string | null {
  const sample: string[] = [];
  let content = 0;
  for (const text of firstLines) {
    if (text.trim() === '' || isBinaryLine(text)) continue;
    if (text.charCodeAt(0) !== 35 /* # */ && ++content > DETECT_LINES) break;
    sample.push(text);
  }
  if (sample.length === 0) return null;
  let best: string | null = null;
  let bestScore = 0;
  for (const format of Object.values(FORMATS)) {
    const score = format.detect(sample);
    if (score > bestScore) {
      best = format.name;
      bestScore = score;
    }
  }
  return bestScore >= DETECT_THRESHOLD ? best : null;
}
