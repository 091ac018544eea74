// AWS WAF (v2 and classic) JSON logs, one object per line as Firehose/S3 deliver them; pretty-printed
// objects over several lines are accepted too (the ingest driver frames them, see json-framer.ts).
import type { LogRecord } from '../../types.js';
import type { LogFormat, ParseResult } from '../log-format.js';
import { MALFORMED } from '../malformed-codes.js';
import { intern } from '../intern.js';
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
  const forwardedFor = Array.isArray(request.headers) ? setHeaders(record, request.headers as WafHeader[]) : '';
  record.extras = wafExtras(log, request);
  // Where --trusted-proxy reads the client (features/forwarded-client.ts): a WAF on an ALB behind
  // CloudFront sees CloudFront's edge as clientIp, and the visitor in this header.
  if (forwardedFor !== '') record.extras['forwardedFor'] = forwardedFor;
  return record;
}

/** Sets the record's fields from the request headers; returns its X-Forwarded-For ('' for none), several such headers joined as one list. */
function setHeaders(record: LogRecord, headers: readonly WafHeader[]): string {
  let forwardedFor = '';
  for (const header of headers) {
    const value = str(header?.value);
    switch (str(header?.name).toLowerCase()) {
      case 'host': record.host = value; break;
      case 'user-agent': record.userAgent = value; break;
      case 'referer': record.referer = value; break;
      case 'cookie': record.cookie = value; break;
      case 'x-forwarded-for': if (value !== '') forwardedFor = forwardedFor === '' ? value : `${forwardedFor}, ${value}`; break;
    }
  }
  return forwardedFor;
}

/** The WAF's own verdict and the rules that matched: the most useful source-specific facts. */
function wafExtras(log: Record<string, unknown>, request: Record<string, unknown>): Record<string, string> {
  const extras: Record<string, string> = { action: intern(str(log.action)) };
  const add = (key: string, value: string): void => {
    if (value !== '') extras[key] = intern(value);
  };
  add('terminatingRuleId', str(log.terminatingRuleId));
  add('terminatingRuleType', str(log.terminatingRuleType));
  add('country', str(request.country));
  add('httpSourceName', str(log.httpSourceName));
  add('webaclId', str(log.webaclId));
  add('nonTerminatingRules', ruleIds(log));
  if (Array.isArray(log.labels)) add('labels', log.labels.map((label: { name?: unknown }) => str(label?.name)).join(','));
  add('ja3Fingerprint', str(log.ja3Fingerprint));
  const groups = Array.isArray(log.ruleGroupList) ? (log.ruleGroupList as unknown[]) : [];
  add('terminatingGroupRule', groupTerminatingRule(groups));
  add('ruleGroups', ruleGroups(groups));
  add('rateBasedRules', rateBasedRules(log.rateBasedRuleList));
  add('captchaFailure', failureReason(log.captchaResponse));
  add('challengeFailure', failureReason(log.challengeResponse));
  return extras;
}

/** Ids of non-terminating (COUNT) matches, top-level and inside rule groups. */
function ruleIds(log: Record<string, unknown>): string {
  const ids: string[] = [];
  if (Array.isArray(log.nonTerminatingMatchingRules)) ids.push(...idsOf(log.nonTerminatingMatchingRules, 'ruleId'));
  if (Array.isArray(log.ruleGroupList)) for (const group of log.ruleGroupList) ids.push(...idsOf(group?.nonTerminatingMatchingRules, 'ruleId'));
  return ids.join(',');
}

function idsOf(rules: unknown, key: string): string[] {
  if (!Array.isArray(rules)) return [];
  return rules.map((rule) => str((rule as Record<string, unknown> | null)?.[key])).filter((id) => id !== '');
}

/** The rule inside a rule group that decided (the top-level terminatingRuleId then names the group). */
function groupTerminatingRule(groups: readonly unknown[]): string {
  for (const group of groups) {
    const rule = (group as { terminatingRule?: { ruleId?: unknown } } | null)?.terminatingRule;
    if (typeof rule?.ruleId === 'string') return rule.ruleId;
  }
  return '';
}

/**
 * Rule groups that did something, compactly: `group(terminating=r;count=a,b;excluded=c)` joined by
 * spaces. A managed group that matched nothing is listed in every record and says nothing, so it is
 * left out (the real sample lists AWSManagedRulesCommonRuleSet empty on all 228 lines).
 */
function ruleGroups(groups: readonly unknown[]): string {
  const parts: string[] = [];
  for (const raw of groups) {
    const group = raw as Record<string, unknown> | null;
    if (group === null || typeof group !== 'object') continue;
    const terminating = str((group.terminatingRule as Record<string, unknown> | null)?.ruleId);
    const count = idsOf(group.nonTerminatingMatchingRules, 'ruleId');
    const excluded = idsOf(group.excludedRules, 'ruleId');
    const facts = [
      ...(terminating !== '' ? [`terminating=${terminating}`] : []),
      ...(count.length > 0 ? [`count=${count.join(',')}`] : []),
      ...(excluded.length > 0 ? [`excluded=${excluded.join(',')}`] : []),
    ];
    if (facts.length > 0) parts.push(`${str(group.ruleGroupId) || '?'}(${facts.join(';')})`);
  }
  return parts.join(' ');
}

/** Rate-based rules that acted on the request: `id:limitKey:maxRateAllowed`, comma-separated. */
function rateBasedRules(list: unknown): string {
  if (!Array.isArray(list)) return '';
  return list
    .map((raw) => {
      const rule = (raw ?? {}) as Record<string, unknown>;
      const id = str(rule.rateBasedRuleId) || str(rule.rateBasedRuleName);
      return id === '' ? '' : [id, str(rule.limitKey), str(rule.maxRateAllowed)].join(':');
    })
    .filter((rule) => rule !== '')
    .join(',');
}

/** Why a CAPTCHA or challenge was not passed (`TOKEN_MISSING`, `TOKEN_EXPIRED`, …); '' when it was. */
function failureReason(response: unknown): string {
  return str((response as { failureReason?: unknown } | null)?.failureReason);
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
