// AWS Application Load Balancer access logs: space-separated, some fields quoted. AWS keeps appending
// fields (domain_name 2017, actions 2018, classification 2020, conn_trace_id 2024), so any number of
// fields after the request is accepted and the unknown ones are ignored.
import type { LogRecord } from '../../types.js';
import { parseIsoTime } from '../iso-time.js';
import { scoreByParsing, type LogFormat, type ParseResult } from '../log-format.js';
import { MALFORMED } from '../malformed-codes.js';
import { intern } from '../intern.js';
import { newRecord } from '../new-record.js';
import { findClosingQuote } from '../quoted-field.js';
import { setAbsoluteTarget } from '../request-line.js';

const F = Object.freeze({
  type: 0, time: 1, elb: 2, client: 3, target: 4, requestSeconds: 5, targetSeconds: 6, responseSeconds: 7,
  elbStatus: 8, targetStatus: 9, sentBytes: 11, request: 12, agent: 13, sslCipher: 14, sslProtocol: 15, domain: 18,
  actions: 22, errorReason: 24, classification: 27, classificationReason: 28,
});

/** Fields whose value goes to `extras` under this key. */
const EXTRAS = new Map<number, string>([
  [F.type, 'type'], [F.elb, 'elb'], [F.target, 'target'], [F.targetStatus, 'targetStatus'],
  [F.sslCipher, 'sslCipher'], [F.sslProtocol, 'sslProtocol'], [F.actions, 'actions'], [F.errorReason, 'errorReason'],
  [F.classification, 'classification'], [F.classificationReason, 'classificationReason'],
]);

/** `extras` keys of the three processing times, in milliseconds. */
const TIME_KEYS = ['requestProcessingMs', 'targetProcessingMs', 'responseProcessingMs'] as const;

/** The request is the last field every ALB log version has. */
const MIN_FIELDS = F.request + 1;
const LAST_USED = F.classificationReason;

export function parseAlbLine(text: string, file: string, line: number): ParseResult {
  const record = newRecord(file, line);
  const seconds = [0, 0, 0];
  let domain = '';
  let start = 0;
  let field = 0;
  for (; field <= LAST_USED && start < text.length; field++) {
    const quoted = text.charCodeAt(start) === 34;
    let end = quoted ? findClosingQuote(text, start + 1, text.length) : text.indexOf(' ', start);
    if (quoted && end === -1) return MALFORMED.unterminatedQuote;
    if (end === -1) end = text.length;
    const value = quoted ? text.slice(start + 1, end) : text.slice(start, end);
    if (field === F.time) {
      record.timeMs = parseIsoTime(value);
      if (Number.isNaN(record.timeMs)) return MALFORMED.badTime;
    } else if (field === F.client) record.clientIp = stripPort(value);
    else if (field >= F.requestSeconds && field <= F.responseSeconds) seconds[field - F.requestSeconds] = Number(value);
    else if (field === F.elbStatus || field === F.sentBytes) {
      const n = value === '-' ? null : Number(value);
      if (n !== null && !Number.isInteger(n)) return field === F.elbStatus ? MALFORMED.badStatus : MALFORMED.badNumber;
      if (field === F.elbStatus) record.status = n;
      else record.bytes = n;
    } else if (field === F.request) domain = setAlbRequest(record, value);
    else if (field === F.agent) record.userAgent = value === '-' ? '' : value;
    else if (field === F.domain && domain === '' && value !== '-') domain = value;
    // `-` is data here: the load balancer answered itself (a 502/504 the target never answered,
    // an auth or WAF refusal), which is what the target-status categories look for.
    else if (field === F.targetStatus && value === '-') (record.extras ??= {}).targetStatus = '-';
    else if (value !== '-' && value !== '' && EXTRAS.has(field)) (record.extras ??= {})[EXTRAS.get(field) as string] = intern(value);
    start = quoted ? end + 2 : end + 1;
  }
  if (field < MIN_FIELDS) return MALFORMED.fieldCount;
  record.host = domain;
  // -1 in any of the three means the request never reached a target; there is no duration then.
  const [a, b, c] = seconds as [number, number, number];
  record.durationMs = a >= 0 && b >= 0 && c >= 0 ? Math.round((a + b + c) * 1e6) / 1e3 : null;
  seconds.forEach((s, i) => {
    if (s >= 0) (record.extras ??= {})[TIME_KEYS[i]!] = String(Math.round(s * 1e6) / 1e3);
  });
  return record;
}

/** `GET https://host:443/p?q HTTP/1.1` → method, path, query, protocol; returns the host. */
function setAlbRequest(record: LogRecord, value: string): string {
  const methodEnd = value.indexOf(' ');
  const lastSpace = value.lastIndexOf(' ');
  if (methodEnd === -1 || lastSpace === methodEnd) return '';
  const method = value.slice(0, methodEnd);
  const protocol = value.slice(lastSpace + 1);
  record.method = method === '-' ? '' : method;
  record.protocol = protocol === '-' ? '' : protocol;
  const authority = setAbsoluteTarget(record, value, methodEnd + 1, lastSpace);
  return stripPort(authority);
}

/** `10.0.0.1:2817` → `10.0.0.1`; `[2001:db8::1]:443` → `2001:db8::1`; `-` → ``. */
function stripPort(value: string): string {
  if (value === '-') return '';
  if (value.charCodeAt(0) === 91 /* [ */) {
    const close = value.indexOf(']');
    return close === -1 ? value : value.slice(1, close);
  }
  const colon = value.lastIndexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

export const albFormat: LogFormat = Object.freeze<LogFormat>({
  name: 'alb',
  description: 'AWS Application Load Balancer access logs (any number of trailing fields)',
  framing: 'line',
  detect: (sample) => scoreByParsing({ parse: parseAlbLine }, sample),
  createParser: () => ({ parse: parseAlbLine }),
});
