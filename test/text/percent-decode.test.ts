import { describe, expect, it } from 'vitest';
import { percentDecode } from '../../src/text/percent-decode.js';

describe('percentDecode', () => {
  it('decodes escapes and, in queries, plus as space', () => {
    expect(percentDecode('q=a+b%20c', true)).toBe('q=a b c');
    expect(percentDecode('/a+b', false)).toBe('/a+b');
  });

  it('surfaces double-encoded payloads', () => {
    expect(percentDecode('%253Cscript%253E', false)).toBe('<script>');
  });

  it('keeps invalid escapes instead of throwing', () => {
    expect(percentDecode('100%', false)).toBe('100%');
    expect(percentDecode('%E0%A4%A and %3C', false)).toBe('%E0%A4%A and <');
    expect(percentDecode('%ff%3Cb', false)).toBe('%ff<b');
  });

  it('decodes once when asked to (a literal %25 stays an escape of its own)', () => {
    expect(percentDecode('50%2520off', false, 1)).toBe('50%20off');
  });

  it('decodes UTF-8 sequences', () => {
    expect(percentDecode('%D0%BF%D1%80%D0%B8', false)).toBe('при');
  });
});

describe('percentDecode on broken UTF-8', () => {
  it('decodes exactly what decodeURIComponent accepts, sequence by sequence', () => {
    // Every single escape and every two-escape pair: valid sequences decode as decodeURIComponent
    // does; invalid bytes keep their escape.
    for (let a = 0; a < 256; a++) {
      const one = `%${a.toString(16).padStart(2, '0').toUpperCase()}`;
      let expected: string;
      try {
        expected = decodeURIComponent(one);
      } catch {
        expected = one;
      }
      expect(percentDecode(`${one}%ZZ`, false, 1)).toBe(`${expected}%ZZ`);
    }
    expect(percentDecode('%F0%9F%98%80%ED%A0%80%C0%AF', false, 1)).toBe('😀%ED%A0%80%C0%AF');
    expect(percentDecode('%E2%82%AC%E2%82', false, 1)).toBe('€%E2%82');
  });
});
