// Benign backgrounds for the held-out mixes, read from ../shared/data and written as combined lines.
// netnea's "extended" format is converted to combined (ip, user, time, request, status, bytes,
// referer, user agent kept; the GeoIP, TLS, timing and ModSecurity fields dropped).

import { readFileSync } from 'node:fs';
import { SHARED_DATA } from '../../parse/make-log.js';
import { type CombinedLine, clfTimeToMs, formatCombined, parseCombined } from './combined-line.js';

export type BackgroundFormat = 'combined' | 'netnea-extended';

export interface BackgroundSpec {
  /** A file under ../shared/data. */
  file: string;
  format: BackgroundFormat;
  /**
   * `real`: timestamps are a true clock, so a session keeps its real gaps. `hour-squeezed`: the
   * timestamps only keep the hour (elastic-apache-logs writes every request at minute 05), so a
   * session is laid over the lines of its real duration and takes their timestamps.
   */
  clock: 'real' | 'hour-squeezed';
}

export interface Background {
  /** Combined lines, in file order. */
  lines: string[];
  parsed: CombinedLine[];
  /** Each line's time, made non-decreasing so that placing by time keeps the file order. */
  timesMs: number[];
  /** The time zone the background writes (e.g. "+0000"), used for injected lines. */
  zone: string;
  /** Source lines that did not parse and were left out. */
  dropped: number;
  clock: BackgroundSpec['clock'];
}

// ip country user [yyyy-mm-dd HH:MM:SS.usec] "request" status bytes "referer" "user agent" ...
const NETNEA = /^(\S+) \S+ (\S+) \[(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d:\d\d)\.\d+\] "([^"]*)" (\d{3}) (\S+) "([^"]*)" "([^"]*)"/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function loadBackground(spec: BackgroundSpec): Background {
  const raw = readFileSync(SHARED_DATA + spec.file, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const parsed: CombinedLine[] = [];
  const lines: string[] = [];
  for (const line of raw) {
    const combined = spec.format === 'combined' ? parseCombined(line) : netneaToCombined(line);
    if (!combined) continue;
    parsed.push(combined);
    // A combined background is kept byte for byte; a converted one is written anew.
    lines.push(spec.format === 'combined' ? line : formatCombined(combined));
  }
  if (parsed.length === 0) throw new Error(`background ${spec.file}: no ${spec.format} lines`);
  let latest = -Infinity;
  const timesMs = parsed.map((l) => (latest = Math.max(latest, clfTimeToMs(l.time))));
  return {
    lines,
    parsed,
    timesMs,
    zone: parsed[0]!.time.slice(-5),
    dropped: raw.length - parsed.length,
    clock: spec.clock,
  };
}

/** netnea logs record no time zone; the converted lines say +0000. */
function netneaToCombined(raw: string): CombinedLine | undefined {
  const m = NETNEA.exec(raw);
  if (!m) return undefined;
  const time = `${m[5]}/${MONTHS[Number(m[4]) - 1]}/${m[3]}:${m[6]} +0000`;
  return { ip: m[1]!, user: m[2]!, time, request: m[7]!, status: m[8]!, bytes: m[9]!, referer: m[10]!, userAgent: m[11]! };
}
