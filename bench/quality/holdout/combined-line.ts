// One combined-format access-log line: parse, write, and its timestamp as epoch milliseconds.

/** The same pattern as bench/quality/build-mix.ts: ip ident user [time] "request" status bytes rest. */
export const COMBINED = /^(\S+) (\S+) (\S+) \[([^\]]+)\] "([^"]*)" (\d{3}) (\S+)(.*)$/;
const REFERER_AND_UA = /^ "([^"]*)" "([^"]*)"/;
const CLF_TIME = /^(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface CombinedLine {
  ip: string;
  user: string;
  /** `dd/Mon/yyyy:HH:MM:SS +zzzz`, as written in the log. */
  time: string;
  request: string;
  status: string;
  bytes: string;
  referer: string;
  userAgent: string;
}

/** A combined line, or undefined when the line is not combined (common format has no referer/UA). */
export function parseCombined(raw: string): CombinedLine | undefined {
  const m = COMBINED.exec(raw);
  const tail = m && REFERER_AND_UA.exec(m[8]!);
  if (!m || !tail) return undefined;
  return { ip: m[1]!, user: m[3]!, time: m[4]!, request: m[5]!, status: m[6]!, bytes: m[7]!, referer: tail[1]!, userAgent: tail[2]! };
}

export function formatCombined(line: CombinedLine): string {
  return `${line.ip} - ${line.user} [${line.time}] "${line.request}" ${line.status} ${line.bytes} "${line.referer}" "${line.userAgent}"`;
}

export function clfTimeToMs(time: string): number {
  const m = CLF_TIME.exec(time);
  if (!m) throw new Error(`not a combined-log time: ${time}`);
  const month = MONTHS.indexOf(m[2]!);
  const zoneMs = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - zoneMs;
}

/** Writes epoch milliseconds in the zone `zone` (e.g. "-0400"), so injected lines match their background. */
export function msToClfTime(ms: number, zone: string): string {
  const zoneMs = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  const d = new Date(ms + zoneMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${zone}`;
}

/** Request target without its query string. */
export function pathOf(request: string): string {
  return (request.split(' ')[1] ?? '/').split('?')[0]!;
}
