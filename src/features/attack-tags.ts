// Tags a log line with the well-known attack classes its request shows; tags explain findings,
// they do not decide them (the detectors do).
import type { LogRecord } from '../types.js';
import { ATTACK_PATTERNS, HEADER_PAYLOAD_MARKERS, type PatternField } from './attack-patterns.js';
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
  const bits = targetPatternBits(record) | agentPatternBits(record.userAgent);
  return tagsOfPatterns(bits | headerPatternBits(record, bits));
}

/*
 * A record's tags, worked out in parts: which patterns match its request target, which its user
 * agent, which its referer and cookie, each a bit mask over ATTACK_PATTERNS (17 of them: bit i is
 * pattern i). The union of the parts gives attackTags(); RequestMemo keeps the parts of a request and
 * of a user agent apart, as many user agents send one request and one user agent many requests.
 */

if (ATTACK_PATTERNS.length > 31) throw new Error('attack-tags.ts keeps one bit per pattern in a 31-bit mask');

/** The indexes of the patterns that look at one of `fields`. */
const patternsOn = (...fields: PatternField[]): readonly number[] =>
  ATTACK_PATTERNS.flatMap((pattern, i) => (fields.includes(pattern.field) ? [i] : []));
const TARGET_PATTERNS = patternsOn('target', 'both', 'everywhere');
const AGENT_PATTERNS = patternsOn('userAgent', 'both', 'everywhere');
const HEADER_PATTERNS = patternsOn('everywhere');

/** The patterns that match the decoded request target (path and query). */
export function targetPatternBits(record: Pick<LogRecord, 'path' | 'query'>): number {
  const hasQuery = record.query !== '';
  const decodedTarget = hasQuery
    ? `${percentDecode(record.path, false)}?${percentDecode(record.query, true)}`
    : percentDecode(record.path, false);
  const target = prepareForPatterns(decodedTarget, hasQuery ? `${record.path}?${record.query}` : record.path);
  return matchingBits(TARGET_PATTERNS, target, 0);
}

/** The patterns that match the decoded user agent. */
export function agentPatternBits(userAgent: string): number {
  return matchingBits(AGENT_PATTERNS, prepareForPatterns(percentDecode(userAgent, false), userAgent), 0);
}

/**
 * The `everywhere` patterns not in `found` that match the referer and cookie. None can match
 * without a HEADER_PAYLOAD_MARKERS marker, so most records skip preparing their headers.
 */
export function headerPatternBits(record: Pick<LogRecord, 'referer' | 'cookie'>, found: number): number {
  if (!mayCarryHeaderPayload(record.referer) && !mayCarryHeaderPayload(record.cookie)) return 0;
  return matchingBits(HEADER_PATTERNS, prepareForPatterns(`${record.referer} ${record.cookie}`, ''), found);
}

/**
 * Whether an `everywhere` pattern could match `header` (a referer or cookie): it holds a
 * HEADER_PAYLOAD_MARKERS marker. Preparing a text for the patterns cannot make one (it lower-cases,
 * and puts a space for a comment or a run of spaces).
 */
export function mayCarryHeaderPayload(header: string): boolean {
  if (header === '') return false;
  for (const marker of HEADER_PAYLOAD_MARKERS) if (header.includes(marker)) return true;
  return false;
}

/** The tags of the patterns in `bits`, each once, in ATTACK_PATTERNS order. */
export function tagsOfPatterns(bits: number): string[] {
  const tags: string[] = [];
  if (bits === 0) return tags;
  for (let i = 0; i < ATTACK_PATTERNS.length; i++) {
    const { tag } = ATTACK_PATTERNS[i]!;
    if ((bits & (1 << i)) !== 0 && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** Bits of the patterns `indexes` that match `text`, skipping those already in `skip`. */
function matchingBits(indexes: readonly number[], text: string, skip: number): number {
  let bits = 0;
  for (const i of indexes) {
    if ((skip & (1 << i)) === 0 && ATTACK_PATTERNS[i]!.regex.test(text)) bits |= 1 << i;
  }
  return bits;
}

/**
 * Whether a piece of a decoded request target (one `name=value` parameter) shows `tag` by itself,
 * by the patterns that look at the target: campaigns use it to find the parameter a payload is in.
 */
export function targetShowsTag(piece: string, tag: string): boolean {
  const text = prepareForPatterns(piece, piece);
  return TARGET_PATTERNS.some((i) => ATTACK_PATTERNS[i]!.tag === tag && ATTACK_PATTERNS[i]!.regex.test(text));
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
