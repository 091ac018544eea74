// Attacks carried in the User-Agent or Referer instead of the URL: Log4Shell `${jndi:…}`, Shellshock
// `() { :; };`, SQL injection or XSS in a Referer. The request line of such a record is usually an
// ordinary `GET /`, so the header is judged on its own, with the same signatures as the URL.

import { percentDecode } from '../text/percent-decode.js';
import { ATTACK_PATTERNS, type AttackPattern } from './attack-patterns.js';
import { MAX_TAG_INPUT_CHARS, prepareForPatterns } from './attack-tags.js';

export type HeaderField = 'userAgent' | 'referer';

/** Bits of the header mask of a record (pipeline/occurrences.ts). */
export const HEADER_BITS: Readonly<Record<HeaderField, number>> = Object.freeze({ userAgent: 1, referer: 2 });
export const HEADER_NAMES: Readonly<Record<HeaderField, string>> = Object.freeze({ userAgent: 'User-Agent', referer: 'Referer' });

/** The classes whose syntax means the same in a header as in a URL. */
const HEADER_TAGS = new Set(['sql_injection', 'xss', 'command_injection', 'code_injection', 'log4shell', 'shellshock']);
/**
 * A Referer is a URL, so every URL signature of those classes applies to it; a User-Agent only gets
 * the ones written for any text (`; id)` is shell syntax in a query, a platform token in a user agent).
 */
const PATTERNS: Readonly<Record<HeaderField, readonly AttackPattern[]>> = Object.freeze({
  referer: ATTACK_PATTERNS.filter((p) => HEADER_TAGS.has(p.tag)),
  userAgent: ATTACK_PATTERNS.filter((p) => HEADER_TAGS.has(p.tag) && p.field !== 'target'),
});

/** The headers whose bits are set in a HEADER_BITS mask, in a fixed order. */
export function headerFields(bits: number): HeaderField[] {
  return (Object.keys(HEADER_BITS) as HeaderField[]).filter((field) => (bits & HEADER_BITS[field]) !== 0);
}

/** A finding's reason for attacks in its headers: `the User-Agent and Referer carries log4shell`. */
export function headerReason(fields: readonly HeaderField[], tags: readonly string[]): string {
  return `the ${fields.map((field) => HEADER_NAMES[field]).join(' and ')} carries ${tags.join(', ')}`;
}

/** The attack classes one header value shows, each once. */
export function headerAttackTags(field: HeaderField, value: string): string[] {
  if (value === '' || value === '-') return [];
  // No raw text to append: the overlong escapes it would show only matter to path traversal.
  const text = prepareForPatterns(percentDecode(value.slice(0, MAX_TAG_INPUT_CHARS), true), '');
  const tags: string[] = [];
  for (const { tag, regex } of PATTERNS[field]) if (!tags.includes(tag) && regex.test(text)) tags.push(tag);
  return tags;
}

/** Header values repeat (a browser's user agent, a site's own pages as referers): memoized, bounded. */
export class HeaderTagMemo {
  readonly #memo = new Map<string, string[]>();
  readonly #field: HeaderField;
  readonly #maxEntries: number;

  constructor(field: HeaderField, maxEntries = 50_000) {
    this.#field = field;
    this.#maxEntries = maxEntries;
  }

  tags(value: string): string[] {
    let tags = this.#memo.get(value);
    if (tags === undefined) {
      if (this.#memo.size >= this.#maxEntries) this.#memo.clear();
      tags = headerAttackTags(this.#field, value);
      this.#memo.set(value, tags);
    }
    return tags;
  }
}
