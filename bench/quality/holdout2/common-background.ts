// A Common Log Format background (tomcat-banner-2019: `%h %l %u %t "%r" %s %b`, no referer or user
// agent). It is kept byte for byte, and lines injected into it are written in the same format, so
// that no field the site does not log gives the attacker away.

import { readFileSync } from 'node:fs';
import { SHARED_DATA } from '../../parse/make-log.js';
import type { Background } from '../holdout/backgrounds.js';
import { type CombinedLine, clfTimeToMs } from '../holdout/combined-line.js';

/** ip ident user [time] "request" status bytes, and nothing after. */
export const COMMON = /^(\S+) (\S+) (\S+) \[([^\]]+)\] "([^"]*)" (\d{3}) (\S+)$/;

/** `maxLines` lines of a common-format file under ../shared/data (a real clock), after the first `skipLines`. */
export function loadCommonBackground(file: string, maxLines: number, skipLines = 0): Background {
  const raw = readFileSync(SHARED_DATA + file, 'utf8').split(/\r?\n/).filter((l) => l !== '').slice(skipLines, skipLines + maxLines);
  const parsed: CombinedLine[] = [];
  const lines: string[] = [];
  for (const line of raw) {
    const m = COMMON.exec(line);
    if (!m) continue;
    parsed.push({ ip: m[1]!, user: m[3]!, time: m[4]!, request: m[5]!, status: m[6]!, bytes: m[7]!, referer: '-', userAgent: '-' });
    lines.push(line);
  }
  if (parsed.length === 0) throw new Error(`background ${file}: no common-format lines`);
  let latest = -Infinity;
  const timesMs = parsed.map((l) => (latest = Math.max(latest, clfTimeToMs(l.time))));
  return { lines, parsed, timesMs, zone: parsed[0]!.time.slice(-5), dropped: raw.length - parsed.length, clock: 'real' };
}

/** A combined line written as common: its referer and user agent dropped. */
export function combinedToCommon(line: string): string {
  const common = line.replace(/ "[^"]*" "[^"]*"$/, '');
  if (!COMMON.test(common)) throw new Error(`not a combined line: line of ${line.length} characters`);
  return common;
}
