import { describe, expect, it } from 'vitest';
import { flatCopy } from '../../src/text/flat-copy.js';

describe('flatCopy', () => {
  it('keeps every character, the first and an empty string included', () => {
    const line = `GET /${'a'.repeat(70_000)} HTTP/1.1`;
    expect(flatCopy(line.slice(4, 10))).toBe('/aaaaa');
    expect(flatCopy('😀 x')).toBe('😀 x');
    expect(flatCopy('')).toBe('');
  });
});
