// A background not used for mixes before: secrepo-weblogs 2021 (a real security-datasets site, six
// days) without the clients that probe it, so that the probing left in the mix is the injected one.
// It has no labels: crawlers and bots that do not meet the rules stay in and count as normal.

import { readFileSync } from 'node:fs';
import { SHARED_DATA } from '../../parse/make-log.js';
import type { Background } from '../holdout/backgrounds.js';
import { type CombinedLine, clfTimeToMs, parseCombined } from '../holdout/combined-line.js';
import { clientsOfFiles, ruleOf } from '../holdout2/blind-sources.js';
import { isProber } from './blind3-sources.js';

/** A client with at least this share of requests answered 4xx is left out of the background. */
const MAX_4XX_SHARE = 0.5;

/**
 * The file's printable-ASCII combined lines, byte for byte, without every client that meets one of
 * holdout2's rules or the prober rule, or has at least half its requests answered 4xx.
 */
export function loadQuietBackground(file: string): Background {
  const left = new Set<string>();
  for (const [ip, lines] of clientsOfFiles([file])) {
    const failed = lines.filter((l) => l.line.status.startsWith('4')).length;
    if (ruleOf(lines) || isProber(lines) || failed >= MAX_4XX_SHARE * lines.length) left.add(ip);
  }
  const raw = readFileSync(SHARED_DATA + file, 'latin1').split(/\r?\n/).filter((l) => l !== '');
  const parsed: CombinedLine[] = [];
  const lines: string[] = [];
  for (const line of raw) {
    const combined = /^[\x20-\x7e]*$/.test(line) ? parseCombined(line) : undefined;
    if (!combined || left.has(combined.ip)) continue;
    parsed.push(combined);
    lines.push(line);
  }
  if (parsed.length === 0) throw new Error(`background ${file}: no combined lines left`);
  let latest = -Infinity;
  const timesMs = parsed.map((l) => (latest = Math.max(latest, clfTimeToMs(l.time))));
  return { lines, parsed, timesMs, zone: parsed[0]!.time.slice(-5), dropped: raw.length - parsed.length, clock: 'real' };
}
