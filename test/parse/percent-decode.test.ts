import { describe, expect, test } from 'vitest';
import { decodeCloudFrontValue } from '../../src/parse/percent-decode.js';

describe('decodeCloudFrontValue', () => {
  test('decodes double-encoded values twice (CloudFront, Dec 2019)', () => {
    expect(decodeCloudFrontValue('Mozilla/5.0%2520(iPhone;%2520CPU)')).toBe('Mozilla/5.0 (iPhone; CPU)');
  });

  test('decodes valid escapes, including UTF-8, and keeps invalid ones', () => {
    expect(decodeCloudFrontValue('caf%C3%A9%20100%zz')).toBe('café 100%zz');
    expect(decodeCloudFrontValue('a%20b%E0%A4%A')).toBe('a b%E0%A4%A');
  });

  test('does not decode a second time when the value was encoded once', () => {
    expect(decodeCloudFrontValue('50%25%20off')).toBe('50% off');
    expect(decodeCloudFrontValue('a%20b')).toBe('a b');
  });
});
