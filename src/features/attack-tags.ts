// Tags a log line with the well-known attack classes its request shows; tags explain findings,
// they do not decide them (the detectors do).
import type { LogRecord } from '../types.js';
import { ATTACK_PATTERNS, type PatternField } from './attack-patterns.js';
import { percentDecode } from '../text/percent-decode.js';

/**
 * Longest text we match, per field. Real attack payloads fit easily; the cap bounds the cost of
 * a hostile 1 MB line even though every pattern is linear.
 */
export const MAX_TAG_INPUT_CHARS = 8192;

const COMMENT = /\/\*[^*]{0,200}\*\//g;
const SPACES = /\s+/g;
/** Overlong UTF-8 escapes of `.`, `/`, `\` (`%c0%ae`, `%c0%af`, `%c1%9c`), possibly double-encoded. */
const OVERLONG = /%(?:25)?c[01]%/i;

/** The attack classes seen in one record, each at most once, in ATTACK_PATTERNS order. */
export function attackTags(record: LogRecord): string[] {
  const hasQuery = record.query !== '';
  const decodedTarget = hasQuery
    ? `${percentDecode(record.path, false)}?${percentDecode(record.query, true)}`
    : percentDecode(record.path, false);
  const target = prepareForPatterns(decodedTarget, hasQuery ? `${record.path}?${record.query}` : record.path);
  const userAgent = prepareForPatterns(percentDecode(record.userAgent, false), record.userAgent);
  let headers: string | undefined;
  const lazyHeaders = (): string => (headers ??= prepareForPatterns(`${record.referer} ${record.cookie}`, ''));
  const tags: string[] = [];
  for (const { tag, field, regex } of ATTACK_PATTERNS) {
    if (!tags.includes(tag) && matches(field, regex, target, userAgent, lazyHeaders)) tags.push(tag);
  }
  return tags;
}

/**
 * Whether a piece of a decoded request target (one `name=value` parameter) shows `tag` by itself,
 * by the patterns that look at the target: campaigns use it to find the parameter a payload is in.
 */
export function targetShowsTag(piece: string, tag: string): boolean {
  const text = prepareForPatterns(piece, piece);
  return ATTACK_PATTERNS.some((p) => p.tag === tag && p.field !== 'userAgent' && p.regex.test(text));
}

function matches(field: PatternField, regex: RegExp, target: string, userAgent: string, headers: () => string): boolean {
  switch (field) {
    case 'target':
      return regex.test(target);
    case 'userAgent':
      return regex.test(userAgent);
    case 'both':
      return regex.test(target) || regex.test(userAgent);
    case 'everywhere':
      return regex.test(target) || regex.test(userAgent) || regex.test(headers());
  }
}

/**
 * Lower-cases, turns SQL block comments into spaces (sqlmap writes `UNION` + comment + `SELECT`)
 * and collapses whitespace, so the patterns need a single `\s?` instead of unbounded `\s*`. Overlong
 * UTF-8 escapes (`%c0%af`) are only visible before decoding, so the raw text follows after a tab
 * when it has one; otherwise it is left out so that `$` anchors the end of the decoded text.
 */
export function prepareForPatterns(decoded: string, raw: string): string {
  const text = OVERLONG.test(raw) ? `${decoded}\t${raw}` : decoded;
  return text.slice(0, MAX_TAG_INPUT_CHARS).toLowerCase().replace(COMMENT, ' ').replace(SPACES, ' ');
}
