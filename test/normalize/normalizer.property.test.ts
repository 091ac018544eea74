// Hostile input for the normalizer: arbitrary strings never throw, never hang, and keep attack syntax.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { characterRarity } from '../../src/normalize/character-rarity.js';
import { maskVolatile } from '../../src/normalize/mask-volatile.js';
import { MAX_TEXT_CHARS, requestText } from '../../src/normalize/request-text.js';
import { percentDecode } from '../../src/text/percent-decode.js';
import type { LogRecord } from '../../src/types.js';
import { cpuMs } from '../helpers/cpu-time.js';

const record = (path: string, query: string, method = 'GET'): LogRecord => ({
  file: 'f', line: 1, timeMs: null, clientIp: '1.2.3.4', method, path, query, protocol: 'HTTP/1.1', status: 200,
  bytes: 0, durationMs: null, userAgent: '', referer: '', cookie: '', host: '', user: '', extras: null,
});

// Strings biased towards what breaks decoders and maskers: escapes, digits, hex, quotes, long runs.
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom('%', '%2', '%25', '%C3', '%ZZ', '%E0%A4', '+', "'", '"', '<', '>', '../', ';', '|', '`', '$(', '${', '='),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef-'), maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('normalizer properties', () => {
  it('requestText never throws, is bounded, and is idempotent under re-masking', () => {
    fc.assert(
      fc.property(hostile, hostile, fc.constantFrom('GET', 'POST', ''), (path, query, method) => {
        const text = requestText(record(path, query, method));
        expect(text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
        expect(maskVolatile(text)).toBe(text);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('percentDecode never throws and never grows the text', () => {
    fc.assert(
      fc.property(hostile, fc.boolean(), (value, plus) => {
        expect(percentDecode(value, plus).length).toBeLessThanOrEqual(value.length);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('masking keeps every shell, SQL and markup metacharacter', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const masked = maskVolatile(value);
        for (const ch of "'\"<>;|`$(){}") expect(masked.split(ch).length).toBe(value.split(ch).length);
      }),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('characterRarity gives finite, non-negative bits for any texts', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 20 }), (texts) => {
        const { rarity } = characterRarity(texts, texts.map(() => 1));
        for (const bits of rarity) expect(Number.isFinite(bits) && bits >= 0).toBe(true);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('stays linear on pathological inputs (a generous CPU-time bound that only catches hangs)', () => {
    const nasty = [
      'a'.repeat(200_000),
      '1'.repeat(200_000),
      'a1'.repeat(100_000),
      'f'.repeat(199_999) + 'g',
      '%'.repeat(200_000),
      '%2'.repeat(100_000),
      '%E0%A4'.repeat(30_000),
      `${'0123456789abcdef-'.repeat(10_000)}`,
      '1.'.repeat(100_000),
    ];
    for (const value of nasty) {
      const spent = cpuMs(() => {
        requestText(record(`/${value}`, value));
        characterRarity([value], [1]);
      });
      expect(spent, value.slice(0, 20)).toBeLessThan(2_000);
    }
  });
});
