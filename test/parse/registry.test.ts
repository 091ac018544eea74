import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { FORMATS, formatNames, getFormat } from '../../src/parse/registry.js';

describe('registry', () => {
  test('is frozen and keyed by each format\'s own name', () => {
    expect(Object.isFrozen(FORMATS)).toBe(true);
    for (const [name, format] of Object.entries(FORMATS)) {
      expect(format.name).toBe(name);
      expect(Object.isFrozen(format)).toBe(true);
    }
    expect(formatNames()).toEqual(['combined', 'common', 'vhost-combined', 'cloudfront', 'alb', 'waf', 'custom-apache']);
  });

  test('aliases resolve to the canonical format', () => {
    expect(getFormat('nginx').name).toBe('combined');
    expect(getFormat('tomcat').name).toBe('common');
  });

  test('an unknown --format is a UsageError listing every valid name', () => {
    expect(() => getFormat('iis')).toThrow(UsageError);
    expect(() => getFormat('iis')).toThrow(
      expect.objectContaining({
        message: 'unknown log format "iis"',
        exitCode: 2,
        hint: expect.stringMatching(new RegExp(['auto', ...formatNames()].map((name) => `(?=[^]*\\b${name}\\b)`).join(''))),
      }),
    );
  });

  test('prototype keys are not formats', () => {
    expect(() => getFormat('constructor')).toThrow(UsageError);
    expect(() => getFormat('__proto__')).toThrow(UsageError);
  });
});
