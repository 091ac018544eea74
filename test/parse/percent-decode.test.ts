import { describe, expect, test } from 'vitest';
import { decodeCloudFrontValue, percentDecode } from '../../src/parse/percent-decode.js';

describe('percentDecode', () => {
  test('decodes valid escapes, including UTF-8 sequences', () => {
    expect(percentDecode('Mozilla/5.0%20(X11)')).toBe('Mozilla/5.0 (X11)');
    expect(percentDecode('caf%C3%A9')).toBe('café');
  });

  test('keeps invalid escapes instead of throwing', () => {
    expect(percentDecode('100%zz and %')).toBe('100%zz and %');
    expect(percentDecode('a%20b%E0%A4%A')).toBe('a b\ufffd%A');
  });
});

describe('decodeCloudFrontValue', () => {
  test('decodes double-encoded values twice (CloudFront, Dec 2019)', () => {
    expect(decodeCloudFrontValue('Mozilla/5.0%2520(iPhone;%2520CPU)')).toBe('Mozilla/5.0 (iPhone; CPU)');
  });

  test('does not decode a second time when the value was encoded once', () => {
    expect(decodeCloudFrontValue('50%25%20off')).toBe('50% off');
    expect(decodeCloudFrontValue('a%20b')).toBe('a b');
  });
});
