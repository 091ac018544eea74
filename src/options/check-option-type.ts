// Checks the type of a library option before any work: a string where a list of paths belongs is a
// UsageError naming the option (`option paths "a.log": must be a list of strings`), not a TypeError
// from deep inside a stage. Numbers are checked against their ranges in check-number.ts.

import { UsageError } from '../errors.js';
import { showValue } from './check-number.js';

/** What an option may hold, and how the error says it. */
const OPTION_TYPES = Object.freeze({
  string: { is: (v: unknown) => typeof v === 'string', what: 'a string' },
  boolean: { is: (v: unknown) => typeof v === 'boolean', what: 'true or false' },
  /** An options group, a stream, a client: any object but null or an array. */
  object: { is: (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v), what: 'an object' },
  function: { is: (v: unknown) => typeof v === 'function', what: 'a function' },
  /** By its shape, not instanceof: an AbortSignal of another realm or polyfill is one too. */
  signal: { is: (v: unknown) => typeof v === 'object' && v !== null && typeof (v as AbortSignal).aborted === 'boolean' && typeof (v as AbortSignal).addEventListener === 'function', what: 'an AbortSignal' },
  /** A folder, or false for none (cacheDir). */
  folderOrFalse: { is: (v: unknown) => typeof v === 'string' || v === false, what: 'a folder or false' },
  /** Paths, CIDR blocks, patterns: each element is checked as `option NAME[i]`. */
  strings: { is: (v: unknown) => Array.isArray(v), what: 'a list of strings' },
});

export type OptionType = keyof typeof OPTION_TYPES;

/** Throws a UsageError naming `label` unless `value` is of `type`; a missing value is named as missing. */
export function checkType(label: string, value: unknown, type: OptionType): void {
  const { is, what } = OPTION_TYPES[type];
  if (value === undefined) throw new UsageError(`${label} is missing: it must be ${what}`);
  if (!is(value)) throw new UsageError(`${label} ${showValue(value)}: must be ${what}`);
  if (type === 'strings') (value as unknown[]).forEach((element, i) => checkType(`${label}[${i}]`, element, 'string'));
}

/** checkType for each key of `options` that has a type and is set; `prefix` names the group (`scope.`). */
export function checkTypes(prefix: string, options: object | undefined, types: Readonly<Record<string, OptionType>>): void {
  if (options === undefined) return;
  for (const [key, type] of Object.entries(types)) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) checkType(`option ${prefix}${key}`, value, type);
  }
}

/** An options group (`option semantic`), or a function's options argument: undefined or an object. */
export function checkGroup(label: string, value: unknown): void {
  if (value !== undefined) checkType(label, value, 'object');
}

/** One of a frozen list's names (`option backend "bogus": must be one of ort, transformers`). */
export function checkOneOf(label: string, value: unknown, names: readonly string[]): void {
  if (value !== undefined && !names.includes(value as string)) throw new UsageError(`${label} ${showValue(value)}: must be one of ${names.join(', ')}`);
}
