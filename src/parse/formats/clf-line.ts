// The hand-written parser behind the combined, common and vhost-combined formats (Apache, nginx,
// Tomcat). Index-based scanning: measured ~3x faster than one regex with capture groups.
import type { LogRecord } from '../../types.js';
import { APACHE_TIME_LENGTH, parseApacheTime } from '../apache-time.js';
import { MALFORMED, type MalformedCode } from '../malformed-codes.js';
import { dashToEmpty, newRecord } from '../new-record.js';
import { findClosingQuote, findQuoteBefore } from '../quoted-field.js';
import { setRequestLine } from '../request-line.js';

/** True when `s` has a 1-3 digit status at `at`, followed by a space or the end of the line. */
function isStatusAt(s: string, at: number): boolean {
  let i = at;
  while (i < s.length && i - at < 4) {
    const c = s.charCodeAt(i);
    if (c === 32) break;
    if (c < 48 || c > 57) return false;
    i++;
  }
  return i > at && i - at <= 3 && (i === s.length || s.charCodeAt(i) === 32);
}

/**
 * Parses `%h %l %u %t "%r" %>s %b` optionally followed by `"%{Referer}i" "%{User-Agent}i"` and any
 * trailing fields (kept raw in `extras.trailing`). With `vhost`, a leading `%v:%p` is expected
 * (Apache's vhost_combined). Tolerated quirks, each seen in real logs: a trailing space, the whole line
 * wrapped in one extra pair of quotes (a CSV export), a user agent cut off before its closing quote.
 */
export function parseClfLine(line: string, file: string, lineNo: number, vhost: boolean): LogRecord | MalformedCode {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  let pos = 0;
  if (line.charCodeAt(0) === 34 /* " */) {
    pos = 1;
    if (line.charCodeAt(end - 1) === 34) end--;
  }
  const timeOpen = line.indexOf(' [', pos);
  if (timeOpen === -1 || timeOpen >= end) return MALFORMED.badSyntax;
  const record = newRecord(file, lineNo);
  let hostEnd = -1;
  if (vhost) {
    hostEnd = line.indexOf(' ', pos);
    if (hostEnd >= timeOpen) return MALFORMED.badSyntax;
    const colon = line.lastIndexOf(':', hostEnd);
    record.host = line.slice(pos, colon > pos ? colon : hostEnd);
    pos = hostEnd + 1;
  }
  // Exactly three tokens before the time: a fourth means vhost_combined (or garbage), not a user name.
  const identStart = line.indexOf(' ', pos);
  const userStart = identStart === -1 ? -1 : line.indexOf(' ', identStart + 1);
  if (identStart <= pos || userStart === -1 || userStart >= timeOpen || line.indexOf(' ', userStart + 1) !== timeOpen) {
    return MALFORMED.badSyntax;
  }
  record.clientIp = line.slice(pos, identStart);
  record.user = dashToEmpty(line.slice(userStart + 1, timeOpen));

  const timeStart = timeOpen + 2;
  if (line.charCodeAt(timeStart + APACHE_TIME_LENGTH) !== 93 /* ] */) return MALFORMED.badTime;
  const timeMs = parseApacheTime(line, timeStart);
  if (Number.isNaN(timeMs)) return MALFORMED.badTime;
  record.timeMs = timeMs;

  const requestOpen = timeStart + APACHE_TIME_LENGTH + 1;
  if (line.charCodeAt(requestOpen) !== 32 || line.charCodeAt(requestOpen + 1) !== 34) return MALFORMED.badSyntax;
  const requestStart = requestOpen + 2;
  const requestEnd = findQuoteBefore(line, requestStart, end, isStatusAt);
  if (requestEnd === -1) {
    return findClosingQuote(line, requestStart, end) === -1 ? MALFORMED.unterminatedQuote : MALFORMED.badStatus;
  }
  setRequestLine(record, line, requestStart, requestEnd);

  let i = requestEnd + 2;
  let status = 0;
  for (; i < end && line.charCodeAt(i) !== 32; i++) status = status * 10 + line.charCodeAt(i) - 48;
  record.status = status;
  if (i >= end) return MALFORMED.badNumber; // %b is required by every CLF variant
  i++;
  const bytesStart = i;
  let bytes = 0;
  for (; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) break;
    if (c < 48 || c > 57) {
      if (c !== 45 /* - */ || i !== bytesStart) return MALFORMED.badNumber;
    } else bytes = bytes * 10 + c - 48;
  }
  if (i === bytesStart) return MALFORMED.badNumber;
  // CLF writes `-` for "no body", which is zero bytes.
  record.bytes = bytes;
  if (i >= end) return record;
  return parseRefererAndAgent(record, line, i + 1, end);
}

/** The combined tail: `"referer" "agent"` and any trailing fields, from `i` (after the bytes). */
function parseRefererAndAgent(record: LogRecord, line: string, i: number, end: number): LogRecord | MalformedCode {
  if (line.charCodeAt(i) !== 34) {
    setTrailing(record, line, i, end);
    return record;
  }
  const refererEnd = findClosingQuote(line, i + 1, end);
  if (refererEnd === -1) return MALFORMED.unterminatedQuote;
  record.referer = dashToEmpty(line.slice(i + 1, refererEnd));
  i = refererEnd + 2;
  if (i >= end) return record;
  if (line.charCodeAt(i) !== 34) return MALFORMED.badSyntax;
  let agentEnd = findClosingQuote(line, i + 1, end);
  // A user agent cut off before its closing quote (elastic apache_logs has one) keeps what was logged.
  if (agentEnd === -1) agentEnd = end;
  record.userAgent = dashToEmpty(line.slice(i + 1, agentEnd));
  if (agentEnd + 2 < end) setTrailing(record, line, agentEnd + 2, end);
  return record;
}

/** Extra trailing fields (a vhost, X-Forwarded-For, ...) have no fixed meaning: keep them raw. */
function setTrailing(record: LogRecord, line: string, start: number, end: number): void {
  const trailing = line.slice(start, end);
  if (trailing !== '-' && trailing !== '"-"') record.extras = { trailing };
}
