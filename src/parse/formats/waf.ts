// AWS WAF (v2 and classic) JSON logs, one object per line as Firehose/S3 deliver them; pretty-printed
// objects over several lines are accepted too (the ingest driver frames them, see json-framer.ts).
import type { LogRecord } from '../../types.js';
import type { LogFormat, ParseResult } from '../log-format.js';
import { MALFORMED } from '../malformed-codes.js';
import { newRecord } from '../new-record.js';

interface WafHeader { name?: unknown; value?: unknown }

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function parseWafEntry(text: string, file: string, line: number): ParseResult {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return MALFORMED.badJson;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return MALFORMED.badJson;
  const log = entry as Record<string, unknown>;
  const request = log.httpRequest as Record<string, unknown> | undefined;
  if (typeof request !== 'object' || request === null || typeof request.clientIp !== 'string' || typeof request.uri !== 'string') {
    return MALFORMED.missingField;
  }
  if (typeof log.timestamp !== 'number' || !Number.isFinite(log.timestamp)) return MALFORMED.badTime;
  const record = newRecord(file, line);
  record.timeMs = log.timestamp;
  record.clientIp = request.clientIp;
  record.method = str(request.httpMethod);
  record.path = request.uri;
  record.query = str(request.args);
  record.protocol = str(request.httpVersion);
  if (typeof log.responseCodeSent === 'number') record.status = log.responseCodeSent;
  if (Array.isArray(request.headers)) setHeaders(record, request.headers as WafHeader[]);
  record.extras = wafExtras(log, request);
  return record;
}

function setHeaders(record: LogRecord, headers: readonly WafHeader[]): void {
  for (const header of headers) {
    const value = str(header?.value);
    switch (str(header?.name).toLowerCase()) {
      case 'host': record.host = value; break;
      case 'user-agent': record.userAgent = value; break;
      case 'referer': record.referer = value; break;
      case 'cookie': record.cookie = value; break;
    }
  }
}

/** The WAF's own verdict and the rules that matched: the most useful source-specific facts. */
function wafExtras(log: Record<string, unknown>, request: Record<string, unknown>): Record<string, string> {
  const extras: Record<string, string> = { action: str(log.action) };
  const add = (key: string, value: string): void => {
    if (value !== '') extras[key] = value;
  };
  add('terminatingRuleId', str(log.terminatingRuleId));
  add('terminatingRuleType', str(log.terminatingRuleType));
  add('country', str(request.country));
  add('httpSourceName', str(log.httpSourceName));
  add('webaclId', str(log.webaclId));
  add('nonTerminatingRules', ruleIds(log));
  if (Array.isArray(log.labels)) add('labels', log.labels.map((label: { name?: unknown }) => str(label?.name)).join(','));
  add('ja3Fingerprint', str(log.ja3Fingerprint));
  return extras;
}

/** Ids of non-terminating (COUNT) matches, top-level and inside rule groups. */
function ruleIds(log: Record<string, unknown>): string {
  const ids: string[] = [];
  const collect = (rules: unknown): void => {
    if (Array.isArray(rules)) for (const rule of rules) if (typeof rule?.ruleId === 'string') ids.push(rule.ruleId);
  };
  collect(log.nonTerminatingMatchingRules);
  if (Array.isArray(log.ruleGroupList)) for (const group of log.ruleGroupList) collect(group?.nonTerminatingMatchingRules);
  return ids.join(',');
}

/** Keys only a WAF log has; any one of them in the first lines identifies the format. */
const WAF_KEYS = ['"webaclId"', '"terminatingRuleId"', '"httpRequest"'];

export const wafFormat: LogFormat = Object.freeze<LogFormat>({
  name: 'waf',
  description: 'AWS WAF JSON logs, one object per line (pretty-printed objects accepted)',
  framing: 'json',
  detect(sample) {
    const first = sample.find((text) => text.charCodeAt(0) !== 35);
    if (first === undefined || first.trimStart().charCodeAt(0) !== 123 /* { */) return 0;
    const joined = sample.join('\n');
    return WAF_KEYS.some((key) => joined.includes(key)) ? 1 : 0;
  },
  createParser: () => ({ parse: parseWafEntry }),
});
