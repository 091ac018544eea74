// A line finding as JSON.stringify(…, null, 2) writes it two levels deep in the report, without
// calling JSON.stringify on the whole finding. A log full of attacks has tens of thousands of line
// findings whose reasons, texts, files and addresses repeat from line to line (fusion shares one
// string for each, rank/fuse-findings.ts): each such string is escaped once and reused. On the
// every-site bench log (69,398 line findings, 64 million characters of them) this takes 0.61× the
// time of JSON.stringify per finding (bench/report/line-json.md), and writing the whole 86 MB report
// to a file ~50 ms (10 %) less.
//
// Only a finding of the shape fusion makes takes this path, checked key by key: any other object
// (not a plain object, more keys, other keys, another order, a value of another type) is written by
// JSON.stringify, so the output is always byte for byte what JSON.stringify gives.

import type { LineFinding } from '../types.js';

/** The keys of a line finding in the order fusion creates them; `campaign` is added last when the client is in one. */
const KEYS = ['file', 'fields', 'line', 'ip', 'score', 'reasons', 'text', 'tags', 'count', 'attack', 'outlierScore', 'nearestNormal'] as const;
// Adding a key to LineFinding without adding it here fails to compile: the key's name is then the
// type of NONE_MISSING, which `true` is not.
type MissingKey = Exclude<keyof LineFinding, 'campaign' | (typeof KEYS)[number]>;
const NONE_MISSING: [MissingKey] extends [never] ? true : MissingKey = true;
void NONE_MISSING;

/** Escaped strings kept before the cache starts over: a report's repeated strings are a few thousand. */
const MAX_ESCAPED = 100_000;

const INDENT = '      ';
const ITEM = '        ';
const FIELD = '          ';

export class LineJson {
  /** Strings already escaped, by the string itself. */
  readonly #escaped = new Map<string, string>();
  readonly #fallback: (line: LineFinding) => string;

  /** `fallback` writes a finding that does not have fusion's shape (JSON.stringify at the same depth). */
  constructor(fallback: (line: LineFinding) => string) {
    this.#fallback = fallback;
  }

  /** `line` as it stands in the report's `lines` array: indented four spaces, no comma after it. */
  render(line: LineFinding): string {
    if (!hasFusionShape(line)) return this.#fallback(line);
    const fields = this.#strings(line.fields, INDENT);
    const reasons = this.#strings(line.reasons, INDENT);
    const tags = this.#strings(line.tags, INDENT);
    const near = this.#nearest(line.nearestNormal);
    if (fields === undefined || reasons === undefined || tags === undefined || near === undefined) return this.#fallback(line);
    let out =
      `    {\n${INDENT}"file": ${this.#string(line.file)},\n${INDENT}"fields": ${fields},\n${INDENT}"line": ${number(line.line)},\n` +
      `${INDENT}"ip": ${this.#string(line.ip)},\n${INDENT}"score": ${number(line.score)},\n${INDENT}"reasons": ${reasons},\n` +
      `${INDENT}"text": ${this.#string(line.text)},\n${INDENT}"tags": ${tags},\n${INDENT}"count": ${number(line.count)},\n` +
      `${INDENT}"attack": ${line.attack},\n${INDENT}"outlierScore": ${number(line.outlierScore)},\n${INDENT}"nearestNormal": ${near}`;
    if (line.campaign !== undefined) out += `,\n${INDENT}"campaign": ${this.#string(line.campaign)}`;
    return `${out}\n    }`;
  }

  /** A string as JSON, escaped once. */
  #string(value: string): string {
    let escaped = this.#escaped.get(value);
    if (escaped === undefined) {
      if (this.#escaped.size >= MAX_ESCAPED) this.#escaped.clear();
      escaped = JSON.stringify(value);
      this.#escaped.set(value, escaped);
    }
    return escaped;
  }

  /** An array of strings at `indent`, or undefined when it holds anything else. */
  #strings(list: unknown, indent: string): string | undefined {
    if (!Array.isArray(list)) return undefined;
    if (list.length === 0) return '[]';
    let out = '[\n';
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      if (typeof item !== 'string') return undefined;
      out += `${indent}  ${this.#string(item)}${i < list.length - 1 ? ',\n' : '\n'}`;
    }
    return `${out}${indent}]`;
  }

  /** nearestNormal, or undefined when an entry is not `{ text, distance }` in that order. */
  #nearest(list: unknown): string | undefined {
    if (!Array.isArray(list)) return undefined;
    if (list.length === 0) return '[]';
    let out = '[\n';
    for (let i = 0; i < list.length; i++) {
      const entry: unknown = list[i];
      if (!isNearEntry(entry)) return undefined;
      out += `${ITEM}{\n${FIELD}"text": ${this.#string(entry.text)},\n${FIELD}"distance": ${number(entry.distance)}\n${ITEM}}${i < list.length - 1 ? ',\n' : '\n'}`;
    }
    return `${out}${INDENT}]`;
  }
}

/** Whether `line`'s own keys are fusion's, in fusion's order (and `campaign` last, if a string). */
function hasFusionShape(line: LineFinding): boolean {
  // A plain object: no toJSON or getters of a class to change what JSON.stringify would write.
  if (Object.getPrototypeOf(line) !== Object.prototype) return false;
  const keys = Object.keys(line);
  const campaign = keys.length === KEYS.length + 1;
  if (!campaign && keys.length !== KEYS.length) return false;
  for (let k = 0; k < KEYS.length; k++) if (keys[k] !== KEYS[k]) return false;
  if (campaign && (keys[KEYS.length] !== 'campaign' || typeof line.campaign !== 'string')) return false;
  return (
    typeof line.file === 'string' && typeof line.ip === 'string' && typeof line.text === 'string' && typeof line.attack === 'boolean' &&
    typeof line.line === 'number' && typeof line.score === 'number' && typeof line.count === 'number' && typeof line.outlierScore === 'number'
  );
}

function isNearEntry(entry: unknown): entry is { text: string; distance: number } {
  if (typeof entry !== 'object' || entry === null || Object.getPrototypeOf(entry) !== Object.prototype) return false;
  const keys = Object.keys(entry);
  const near = entry as { text: unknown; distance: unknown };
  return keys.length === 2 && keys[0] === 'text' && keys[1] === 'distance' && typeof near.text === 'string' && typeof near.distance === 'number';
}

/** A number as JSON writes it: `null` for NaN and the infinities. */
function number(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
