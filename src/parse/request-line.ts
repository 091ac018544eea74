// Splits an HTTP request line (`%r`, ALB "request") into method, path, query and protocol, by index
// so that nothing but the final fields is allocated. Attack traffic breaks every rule, so this never fails.
import type { LogRecord } from '../types.js';

/**
 * Fills method, path, query and protocol of `record` from `s[start, end)`, e.g. `GET /a?b=1 HTTP/1.1`.
 * A target with spaces keeps them; a missing protocol leaves `protocol` empty; `-` (no request
 * received, as Apache logs a 408) leaves all four empty.
 */
export function setRequestLine(record: LogRecord, s: string, start: number, end: number): void {
  if (end <= start || (end - start === 1 && s.charCodeAt(start) === 45) /* - */) return;
  const methodEnd = s.indexOf(' ', start);
  if (methodEnd === -1 || methodEnd >= end) {
    // One token: a bare method (`"GET"`) or junk such as a TLS handshake sent to port 80.
    const token = s.slice(start, end);
    if (/^[A-Za-z]{1,20}$/.test(token)) record.method = token;
    else record.path = token;
    return;
  }
  record.method = s.slice(start, methodEnd);
  let targetEnd = end;
  const lastSpace = s.lastIndexOf(' ', end - 1);
  if (lastSpace > methodEnd && s.startsWith('HTTP/', lastSpace + 1)) {
    record.protocol = s.slice(lastSpace + 1, end);
    targetEnd = lastSpace;
  }
  setTarget(record, s, methodEnd + 1, targetEnd);
}

/** Fills path and query from a request target `s[start, end)`, splitting at the first `?`. */
export function setTarget(record: LogRecord, s: string, start: number, end: number): void {
  const question = s.indexOf('?', start);
  if (question === -1 || question >= end) {
    record.path = s.slice(start, end);
    record.query = '';
  } else {
    record.path = s.slice(start, question);
    record.query = s.slice(question + 1, end);
  }
}

/**
 * Like setTarget for an absolute URL (`http://host:80/p?q`, as ALB logs it): the scheme and
 * authority are dropped from the path and returned, so the caller can use the host.
 */
export function setAbsoluteTarget(record: LogRecord, s: string, start: number, end: number): string {
  const scheme = s.indexOf('://', start);
  if (scheme === -1 || scheme >= end || scheme - start > 10) {
    setTarget(record, s, start, end);
    return '';
  }
  const authorityStart = scheme + 3;
  let pathStart = authorityStart;
  while (pathStart < end) {
    const c = s.charCodeAt(pathStart);
    if (c === 47 /* / */ || c === 63 /* ? */) break;
    pathStart++;
  }
  const authority = s.slice(authorityStart, pathStart);
  if (pathStart === end) record.path = '/';
  else if (s.charCodeAt(pathStart) === 63) {
    record.path = '/';
    record.query = s.slice(pathStart + 1, end);
    return authority;
  } else setTarget(record, s, pathStart, end);
  return authority;
}
