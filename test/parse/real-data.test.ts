// Every real access-log sample in ../shared/data parses with the exact record counts given in its
// SOURCE.md, and zero malformed lines. CI has ../shared next to the repository; elsewhere this skips loudly.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { NETNEA_FORMAT, SHARED_DATA, collect } from './helpers.js';
import { needs } from '../helpers/needs.js';

const present = needs(existsSync(SHARED_DATA), `${SHARED_DATA} (CI puts ../shared next to the repository)`);

/** Non-blank, non-`#` physical lines: what a line-per-record file must yield, counted independently. */
function contentLines(path: string): number {
  return readFileSync(path, 'latin1').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')).length;
}

interface Sample {
  /** Globs under ../shared/data (folders also hold SOURCE.md, which is not a log). */
  inputs: string[];
  format: string;
  /** Total records, as SOURCE.md states them. */
  records: number;
  logFormat?: string;
  /** False for files whose records span lines (pretty-printed JSON). */
  linePerRecord?: boolean;
}

const SAMPLES: Record<string, Sample> = {
  'almhuette-raith-2019 (combined + trailing "-")': { inputs: ['almhuette-raith-2019/*.log'], format: 'combined', records: 7_213 },
  'basjes-hackers-access': { inputs: ['basjes-hackers-access/*.log'], format: 'combined', records: 3_456 },
  'elastic-apache-logs (one truncated agent)': { inputs: ['elastic-apache-logs/*.log'], format: 'combined', records: 10_000 },
  // SOURCE.md says 38,490 lines: that counts the one newline of each of the three 1-byte files it
  // dropped (access_log.6/.7/.8). `wc -l` over the 23 files present gives 38,487, all records.
  'honeynet-apache-2004 (23 files, Apache 1.3 quirks)': { inputs: ['honeynet-apache-2004/access_log*'], format: 'combined', records: 38_487 },
  'ocatak-apache-scans (wrapped in quotes, CRLF)': { inputs: ['ocatak-apache-scans/*.log'], format: 'combined', records: 17_849 },
  'secrepo-weblogs (trailing spaces)': { inputs: ['secrepo-weblogs/*.log'], format: 'combined', records: 12_077 },
  'tomcat-banner-2019 (Tomcat common)': { inputs: ['tomcat-banner-2019/*.txt'], format: 'common', records: 25_859 },
  'netnea-tutorial-logs (--log-format extended)': {
    inputs: ['netnea-tutorial-logs/*.log'], format: 'custom-apache', records: 20_000, logFormat: NETNEA_FORMAT,
  },
  'aws cloudfront (33-field, old, 2019-12, headerless synthetic)': {
    inputs: ['aws-format-samples/cloudfront/*'], format: 'cloudfront', records: 6 + 2 + 3 + 28_949,
  },
  'aws alb': { inputs: ['aws-format-samples/alb/*'], format: 'alb', records: 12 },
  'aws waf (jsonl)': { inputs: ['aws-format-samples/waf/*.jsonl'], format: 'waf', records: 228 },
  'aws waf (one pretty-printed record)': { inputs: ['aws-format-samples/waf/*.json'], format: 'waf', records: 1, linePerRecord: false },
};

describe.skipIf(!present)('real samples in ../shared/data', () => {
  test.each(Object.entries(SAMPLES))('%s', async (_, sample) => {
    const { summary } = await collect(
      sample.inputs.map((glob) => SHARED_DATA + glob),
      sample.logFormat === undefined ? {} : { logFormat: sample.logFormat },
    );
    expect(summary.malformedSample).toEqual([]);
    expect(summary.malformed).toBe(0);
    expect(summary.damaged).toBe(0);
    expect(summary.formats).toEqual([sample.format]);
    expect(summary.records).toBe(sample.records);
    if (sample.linePerRecord !== false) {
      for (const file of summary.files) expect([file.file, file.records]).toEqual([file.file, contentLines(file.file)]);
    }
  });
});
