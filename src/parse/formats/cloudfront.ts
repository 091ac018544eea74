// AWS CloudFront standard (W3C, tab-separated) logs. The `#Fields:` header says which column is which,
// so old (24-field), 2019 (33-field) and later field sets all parse; headerless files use DEFAULT_FIELDS.
import type { LogRecord } from '../../types.js';
import { epochMs, fourDigits, twoDigits } from '../civil-time.js';
import { scoreByParsing, type LineParser, type LogFormat, type ParseResult } from '../log-format.js';
import { MALFORMED } from '../malformed-codes.js';
import { intern } from '../intern.js';
import { newRecord } from '../new-record.js';
import { decodeCloudFrontValue } from '../percent-decode.js';

/** The documented column order (33 fields, 2019); a headerless file is read as a prefix of it. */
export const DEFAULT_FIELDS: readonly string[] = Object.freeze(
  ('date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) ' +
    'cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol ' +
    'cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type ' +
    'cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte ' +
    'x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end').split(' '),
);

/** Columns copied to `extras` under a readable key; the rest are not needed by any detector. */
const EXTRAS: Readonly<Record<string, string>> = Object.freeze({
  'x-edge-location': 'edgeLocation',
  'x-edge-result-type': 'edgeResultType',
  'x-edge-detailed-result-type': 'edgeDetailedResultType',
  'x-edge-response-result-type': 'edgeResponseResultType',
  'cs-protocol': 'viewerProtocol',
  'x-forwarded-for': 'forwardedFor',
  'ssl-protocol': 'sslProtocol',
  'ssl-cipher': 'sslCipher',
  'sc-content-type': 'contentType',
  'sc-content-len': 'contentLength',
  'c-country': 'country',
});

const enum Role { None, Date, Time, Timestamp, TimestampMs, Ip, Method, Host, HostHeader, Path, Query, Status, Bytes, Seconds, Agent, Referer, Cookie, Protocol, Extra, FirstByte }

const ROLES: Readonly<Record<string, Role>> = Object.freeze({
  date: Role.Date, time: Role.Time, timestamp: Role.Timestamp, 'timestamp(ms)': Role.TimestampMs,
  'c-ip': Role.Ip, 'cs-method': Role.Method, 'cs(Host)': Role.Host, 'x-host-header': Role.HostHeader,
  'cs-uri-stem': Role.Path, 'cs-uri-query': Role.Query, 'sc-status': Role.Status, 'sc-bytes': Role.Bytes,
  'time-taken': Role.Seconds, 'cs(User-Agent)': Role.Agent, 'cs(Referer)': Role.Referer,
  'cs(Cookie)': Role.Cookie, 'cs-protocol-version': Role.Protocol, 'time-to-first-byte': Role.FirstByte,
});

/** Seconds in the log, milliseconds in `extras` like every other duration. */
const FIRST_BYTE_KEY = 'timeToFirstByteMs';

interface Layout { roles: Role[]; names: string[]; required: number }

function layoutOf(fields: readonly string[]): Layout {
  const roles = fields.map((name) => ROLES[name] ?? (EXTRAS[name] === undefined ? Role.None : Role.Extra));
  const has = (role: Role): boolean => roles.includes(role);
  let timeRoles: Role[] | null = null;
  if (has(Role.Date) && has(Role.Time)) timeRoles = [Role.Date, Role.Time];
  else if (has(Role.Timestamp)) timeRoles = [Role.Timestamp];
  else if (has(Role.TimestampMs)) timeRoles = [Role.TimestampMs];
  const needed = [Role.Ip, Role.Path, Role.Status, ...(timeRoles ?? [])];
  // A row must reach the last column without which it is not a request; a header without one of
  // them makes every row malformed rather than silently timeless.
  const required =
    timeRoles !== null && needed.every(has) ? Math.max(...needed.map((role) => roles.indexOf(role))) + 1 : -1;
  return { roles, names: fields.map((name) => EXTRAS[name] ?? name), required };
}

const DEFAULT_LAYOUT = layoutOf(DEFAULT_FIELDS);

function createCloudFrontParser(): LineParser {
  let layout = DEFAULT_LAYOUT;
  return {
    comment(text) {
      if (text.startsWith('#Fields:')) layout = layoutOf(text.slice(8).trim().split(/[ \t]+/));
    },
    parse: (text, file, line) => parseCloudFrontLine(text, file, line, layout),
  };
}

function parseCloudFrontLine(text: string, file: string, line: number, layout: Layout): ParseResult {
  const record = newRecord(file, line);
  let start = 0;
  let column = 0;
  let dateAt = -1;
  let timeAt = -1;
  let hostHeader = '';
  const { roles } = layout;
  while (column < roles.length) {
    let end = text.indexOf('\t', start);
    if (end === -1) end = text.length;
    const role = roles[column] as Role;
    if (role !== Role.None) {
      if (role === Role.Date) dateAt = end - start === 10 ? start : -2;
      else if (role === Role.Time) timeAt = end - start === 8 ? start : -2;
      else if (!setField(record, role, text, start, end, layout.names[column] as string)) return codeFor(role);
      else if (role === Role.HostHeader) hostHeader = record.host;
    }
    column++;
    if (end === text.length) break;
    start = end + 1;
  }
  if (layout.required === -1) return MALFORMED.missingField;
  if (column < layout.required) return MALFORMED.fieldCount;
  if (hostHeader !== '') record.host = hostHeader;
  if (dateAt !== -1 || timeAt !== -1) record.timeMs = dateTimeMs(text, dateAt, timeAt);
  return record.timeMs === null || Number.isNaN(record.timeMs) ? MALFORMED.badTime : record;
}

function codeFor(role: Role): typeof MALFORMED.badStatus | typeof MALFORMED.badNumber | typeof MALFORMED.badTime {
  if (role === Role.Status) return MALFORMED.badStatus;
  return role === Role.Timestamp || role === Role.TimestampMs ? MALFORMED.badTime : MALFORMED.badNumber;
}

/** Stores one column; false when a number column holds something else. */
function setField(record: LogRecord, role: Role, text: string, start: number, end: number, name: string): boolean {
  const value = text.slice(start, end);
  if (value === '-' || value === '') return role !== Role.Timestamp && role !== Role.TimestampMs;
  switch (role) {
    case Role.Ip: record.clientIp = value; return true;
    case Role.Method: record.method = value; return true;
    case Role.Path: record.path = value; return true;
    case Role.Query: record.query = value; return true;
    case Role.Protocol: record.protocol = value; return true;
    case Role.Host: if (record.host === '') record.host = value; return true;
    case Role.HostHeader: record.host = value; return true;
    case Role.Agent: record.userAgent = decodeCloudFrontValue(value); return true;
    case Role.Referer: record.referer = decodeCloudFrontValue(value); return true;
    case Role.Cookie: record.cookie = decodeCloudFrontValue(value); return true;
    case Role.Extra: (record.extras ??= {})[name] = intern(value); return true;
    case Role.FirstByte: {
      const seconds = Number(value);
      if (!Number.isFinite(seconds)) return false;
      (record.extras ??= {})[FIRST_BYTE_KEY] = String(Math.round(seconds * 1e6) / 1e3);
      return true;
    }
    default: return setNumber(record, role, Number(value));
  }
}

function setNumber(record: LogRecord, role: Role, n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (role === Role.Status) record.status = n;
  else if (role === Role.Bytes) record.bytes = n;
  else if (role === Role.Seconds) record.durationMs = n * 1000;
  else if (role === Role.Timestamp) record.timeMs = Math.round(n * 1000);
  else record.timeMs = n;
  return true;
}

/** `date` (YYYY-MM-DD) and `time` (HH:MM:SS) columns, both UTC, starting at the given offsets. */
function dateTimeMs(text: string, dateAt: number, timeAt: number): number {
  if (dateAt < 0 || timeAt < 0 || text.charCodeAt(dateAt + 4) !== 45 || text.charCodeAt(timeAt + 2) !== 58) return NaN;
  return epochMs(
    fourDigits(text, dateAt), twoDigits(text, dateAt + 5), twoDigits(text, dateAt + 8),
    twoDigits(text, timeAt), twoDigits(text, timeAt + 3), twoDigits(text, timeAt + 6), 0, 0,
  );
}

export const cloudfrontFormat: LogFormat = Object.freeze<LogFormat>({
  name: 'cloudfront',
  description: 'AWS CloudFront standard logs (tab-separated, #Fields: header; headerless files use the default order)',
  framing: 'line',
  detect(sample) {
    // A header with no record after it is a CloudFront log of an hour without requests. Records must
    // parse, in the header's column order or else the default one: a README that quotes a header and
    // one sample line among its prose is no log.
    const header = sample.some((text) => text.startsWith('#Fields:') && text.includes('c-ip') && text.includes('cs-uri-stem'));
    if (header && sample.every((text) => text.charCodeAt(0) === 35 /* # */)) return 1;
    return scoreByParsing(createCloudFrontParser(), sample);
  },
  createParser: createCloudFrontParser,
});
