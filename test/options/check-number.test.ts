// The one checker behind every numeric option: hand-picked values on both sides of each bound.

import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { checkNumber, describeRule } from '../../src/options/check-number.js';
import { OPTION_RULES } from '../../src/options/option-rules.js';

describe('checkNumber', () => {
  it.each([
    { rule: 'eps', good: [0.001, 0.3, 2], bad: [0, -1, 2.0001, Number.NaN, Number.POSITIVE_INFINITY] },
    { rule: 'minSamples', good: [1, 3, 1000], bad: [0, 2.5, -3, Number.NaN] },
    { rule: 'workers', good: [1, 256], bad: [0, 257, 1.5] },
    { rule: 'minRarity', good: [0, 8, 1e6], bad: [-0.001, Number.NEGATIVE_INFINITY] },
    { rule: 'folds', good: [2, 10], bad: [1, 2.5] },
    { rule: 'windowMs', good: [1000, 300_000], bad: [999, 1500.5] },
  ] as const)('$rule: accepts $good, rejects $bad', ({ rule, good, bad }) => {
    for (const value of good) expect(checkNumber('--x', value, OPTION_RULES[rule])).toBe(value);
    for (const value of bad) expect(() => checkNumber('--x', value, OPTION_RULES[rule])).toThrow(UsageError);
  });

  it('names the option, the value as typed and the allowed range, in one line', () => {
    expect(() => checkNumber('--eps', 'banana', OPTION_RULES.eps, 'banana')).toThrow(/^--eps banana: must be a number > 0 and ≤ 2$/);
    expect(() => checkNumber('option semantic.eps', Number.NaN, OPTION_RULES.eps)).toThrow(/^option semantic\.eps NaN: must be/);
    expect(() => checkNumber('--top', 'two words', OPTION_RULES.top, 'two words')).toThrow(/^--top "two words": must be a whole number ≥ 1$/);
    expect(() => checkNumber('--eps', true, OPTION_RULES.eps, true)).toThrow(/^--eps needs a value: a number > 0 and ≤ 2$/);
    expect(() => checkNumber('--eps', [0.3, 0.4], OPTION_RULES.eps, [0.3, 0.4])).toThrow(/^--eps is given 2 times \(0\.3, 0\.4\): give it once$/);
    expect(() => checkNumber('--eps', '0.3', OPTION_RULES.eps, '0.3')).toThrow(/must be a number/);
  });

  it('shows a library or config value as the value it is: a string in quotes, not as if it were the number', () => {
    expect(() => checkNumber('option top', '3', OPTION_RULES.top)).toThrow(/^option top "3": must be a whole number ≥ 1$/);
    expect(() => checkNumber('option top', true, OPTION_RULES.top)).toThrow(/^option top true: must be a whole number ≥ 1$/);
    expect(() => checkNumber('tuned.json: setting eps', [0.3], OPTION_RULES.eps)).toThrow(/^tuned\.json: setting eps \[0\.3\]: must be a number > 0 and ≤ 2$/);
  });

  it('describes each kind of range', () => {
    expect(describeRule({ integer: true, min: 1, max: 256 })).toBe('a whole number from 1 to 256');
    expect(describeRule({ above: 0, max: 2 })).toBe('a number > 0 and ≤ 2');
    expect(describeRule({ min: 0 })).toBe('a number ≥ 0');
  });
});
