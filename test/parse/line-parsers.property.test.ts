// Property tests: no input makes a line parser throw; every line is a record or a malformed code.
// Plus a ReDoS check with pathological inputs, bounded in CPU time (generous: it only catches hangs).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseAlbLine } from '../../src/parse/formats/alb.js';
import { parseClfLine } from '../../src/parse/formats/clf-line.js';
import { cloudfrontFormat } from '../../src/parse/formats/cloudfront.js';
import { compileLogFormat } from '../../src/parse/formats/custom-apache.js';
import { parseWafEntry } from '../../src/parse/formats/waf.js';
import { FileIngest } from '../../src/parse/file-ingest.js';
import { MALFORMED } from '../../src/parse/malformed-codes.js';
import { FORMATS } from '../../src/parse/registry.js';
import type { ParseResult } from '../../src/parse/log-format.js';
import { UsageError } from '../../src/errors.js';
import { cpuMs } from '../helpers/cpu-time.js';
import { NETNEA_FORMAT } from './helpers.js';

const CODES = new Set<string>(Object.values(MALFORMED));

const cloudfront = cloudfrontFormat.createParser();
const cloudfrontWithHeader = cloudfrontFormat.createParser();
cloudfrontWithHeader.comment?.('#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(User-Agent) cs(Referer) time-taken');

const netnea = compileLogFormat(NETNEA_FORMAT);
const generic = compileLogFormat('%h %l %u [%{%d/%b/%Y:%H:%M:%S %z}t] "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D');

const PARSERS: Record<string, (text: string) => ParseResult> = {
  combined: (text) => parseClfLine(text, 'f', 1, false),
  'vhost-combined': (text) => parseClfLine(text, 'f', 1, true),
  cloudfront: (text) => cloudfront.parse(text, 'f', 1),
  'cloudfront with header': (text) => cloudfrontWithHeader.parse(text, 'f', 1),
  alb: (text) => parseAlbLine(text, 'f', 1),
  waf: (text) => parseWafEntry(text, 'f', 1),
  'custom-apache netnea': (text) => netnea(text, 'f', 1),
  'custom-apache generic': (text) => generic(text, 'f', 1),
};

/** Real lines of each format, to mutate: random edits of valid input reach deeper than random text. */
const SEEDS = [
  '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /a?b=1 HTTP/1.1" 200 203023 "http://r/" "Mozilla/5.0 \\"x\\""',
  'www.example.com:443 1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"',
  '2019-12-04\t21:02:31\tLAX1\t392\t128.92.136.19\tGET\td1.cloudfront.net\t/index.html\t200\t-\tMozilla/5.0%2520(X)\t-\t-\tHit',
  'h2 2018-07-02T22:23:00.186641Z app/x 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 "GET https://10.0.2.105:773/ HTTP/2.0" "curl/7.46.0" - - arn "Root=1" "-" "-" 1',
  '{"timestamp":1,"action":"BLOCK","httpRequest":{"clientIp":"1.2.3.4","uri":"/","args":"","headers":[{"name":"Host","value":"h"}]}}',
  '192.31.242.0 US - [2019-01-21 23:51:44.365656] "GET /x HTTP/1.1" 200 10273 "-" "UA" "-" 13258 www.example.com 192.168.3.7 443 - - + "-" ID TLSv1.2 C 776 14527 -% 360398 2128 0 0 0-0-0-0 0-0-0-0 0 0',
];

const mutated = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 6 }))
  .map(([seed, edits]) => edits.reduce((s, [at, drop, insert]) => s.slice(0, at % (s.length + 1)) + insert + s.slice((at % (s.length + 1)) + drop), seed));

const anyLine = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom(' ', '"', '\\', '[', ']', '\t', '{', '}', '-', '1', ':', '/', '%'), maxLength: 200 }), mutated);

describe('every line parser, on arbitrary input', () => {
  test.each(Object.entries(PARSERS))('%s never throws and returns a record or a known code', (_, parse) => {
    fc.assert(
      fc.property(anyLine, (text) => {
        const result = parse(text);
        if (typeof result === 'string') expect(CODES.has(result)).toBe(true);
        else expect(typeof result.clientIp).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the whole ingest core, on arbitrary bytes', () => {
  test.each(Object.keys(FORMATS).filter((name) => name !== 'custom-apache'))('%s: records + malformed = entries, never a throw', (name) => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 6 }), (chunks) => {
        let malformed = 0;
        const format = FORMATS[name]!;
        const ingest = new FileIngest({ file: 'f', format, parser: format.createParser(), maxLineBytes: 256, batchSize: 7, onMalformed: () => malformed++ });
        for (const chunk of chunks) ingest.push(Buffer.from(chunk));
        ingest.end();
        const records = ingest.takeBatches(true).flat();
        expect(records.length).toBe(ingest.recordCount);
        expect(malformed).toBe(ingest.malformedCount);
        for (const record of records) expect(record.line).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('--log-format compilation', () => {
  test('any string either compiles or is rejected with a UsageError', () => {
    const outcomes = { compiled: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('%', '{', '}', '>', 'h', 't', 'r', 's', 'i', 'Z', ' ', '"', '\\', 'Y', '!', '4'), maxLength: 30 }), (format) => {
        try {
          const parse = compileLogFormat(format);
          parse('1.2.3.4 - - "GET / HTTP/1.1" 200', 'f', 1);
          outcomes.compiled++;
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          outcomes.rejected++;
        }
      }),
      { numRuns: 2000 },
    );
    // Both branches ran: neither "everything throws" nor "nothing is checked" passes.
    expect(outcomes.compiled).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(0);
  });
});

describe('no catastrophic backtracking (a CPU-time bound that only catches hangs)', () => {
  const N = 100_000;
  const hostile = [
    '"'.repeat(N),
    '\\"'.repeat(N / 2),
    ' "'.repeat(N / 2),
    '" 2'.repeat(N / 3),
    `1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "${'" 200 '.repeat(N / 6)}`,
    `1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "${'\\'.repeat(N)}`,
    '['.repeat(N),
    ' '.repeat(N),
    '\t'.repeat(N),
    '{'.repeat(N),
    `{"a":"${'\\u'.repeat(N / 2)}`,
    '%'.repeat(N),
    '%2'.repeat(N / 2),
    'a:'.repeat(N / 2),
  ];
  test.each(Object.entries(PARSERS))('%s stays fast on pathological inputs', (_, parse) => {
    for (const text of hostile) expect(cpuMs(() => parse(text)), text.slice(0, 20)).toBeLessThan(1000);
  });
});
