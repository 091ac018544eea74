// Checks one numeric option against its rule and says, in one line, what it got and what is allowed.

import { UsageError } from '../errors.js';
import type { NumberRule } from './option-rules.js';

/**
 * Returns `value` when it is a finite number inside `rule`; else throws a UsageError naming `label`
 * (`--eps`, `option semantic.eps`, `tuned.json: setting eps`), the value and the allowed range.
 * `typed` is the text as typed on a command line, shown as it is (`--eps banana`); without it the
 * value is shown as the JavaScript or JSON value it is (`option top "3"`: a string, not a number).
 */
export function checkNumber(label: string, value: unknown, rule: NumberRule, typed?: unknown): number {
  if (typed !== undefined) {
    checkGivenOnce(label, typed);
    if (value === true || value === '') throw new UsageError(`${label} needs a value: ${describeRule(rule)}`);
  }
  if (typeof value !== 'number' || !inRange(value, rule)) throw new UsageError(`${label} ${typed === undefined ? showValue(value) : display(typed)}: must be ${describeRule(rule)}`);
  return value;
}

/** An option that takes one value, given several times: a usage error, not "the last one wins". */
export function checkGivenOnce(label: string, value: unknown): void {
  if (Array.isArray(value)) throw new UsageError(`${label} is given ${value.length} times (${value.map(String).join(', ')}): give it once`);
}

/** Like checkNumber for each key of `options` that has a rule and is set; `prefix` names the group. */
export function checkNumbers(prefix: string, options: object | undefined, rules: Readonly<Record<string, NumberRule>>): void {
  if (options === undefined) return;
  for (const [key, rule] of Object.entries(rules)) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) checkNumber(`option ${prefix}${key}`, value, rule);
  }
}

function inRange(value: number, rule: NumberRule): boolean {
  if (value === Number.POSITIVE_INFINITY && rule.infinite) return true;
  if (!Number.isFinite(value)) return false;
  if (rule.integer && !Number.isSafeInteger(value)) return false;
  if (rule.min !== undefined && value < rule.min) return false;
  if (rule.above !== undefined && value <= rule.above) return false;
  return rule.max === undefined || value <= rule.max;
}

/** "a whole number from 1 to 256", "a number > 0 and ≤ 2", "a number ≥ 0". */
export function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) return `${kind} from ${rule.min} to ${rule.max}`;
  const bounds = [
    ...(rule.min !== undefined ? [`≥ ${rule.min}`] : []),
    ...(rule.above !== undefined ? [`> ${rule.above}`] : []),
    ...(rule.max !== undefined ? [`≤ ${rule.max}`] : []),
  ];
  const range = bounds.length === 0 ? kind : `${kind} ${bounds.join(' and ')}`;
  return rule.infinite ? `${range}, or Infinity` : range;
}

/** A command line's text: plain unless it holds spaces or quotes. */
function display(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value).length === value.length + 2 && /^\S+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value) ?? typeof value;
}

/** A library or config value as it is: strings quoted, NaN and Infinity by name, long ones cut. */
export function showValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined; // a cycle
  }
  if (json === undefined) return typeof value;
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}
