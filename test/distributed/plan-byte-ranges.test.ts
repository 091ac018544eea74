// Which inputs the coordinator splits into byte ranges: plain local files of a line-per-record format
// larger than one range; never a .gz, CloudFront (its #Fields: header) or WAF JSON (multi-line entries).

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { byteRanges } from '../../src/distributed/plan-byte-ranges.js';
import { planMapJobs } from '../../src/distributed/plan-map-jobs.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/distributed/', import.meta.url));

describe('byteRanges', () => {
  it('cuts [0, size) into ranges of the given size, the last one shorter', () => {
    expect(byteRanges(11, 4)).toEqual([{ start: 0, end: 4 }, { start: 4, end: 8 }, { start: 8, end: 11 }]);
    expect(byteRanges(8, 4)).toEqual([{ start: 0, end: 4 }, { start: 4, end: 8 }]);
    expect(byteRanges(3, 4)).toEqual([{ start: 0, end: 3 }]);
    expect(byteRanges(0, 4)).toEqual([]);
  });
});

describe('planMapJobs with byte ranges', () => {
  const logs = mkdtempSync(join(tmpdir(), 'semlog-plan-ranges-'));
  for (const name of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, name), join(logs, name));
  // A gzip file larger than a range (the whole fixtures folder's text, compressed) stays one job.
  const big = Buffer.concat(['elastic-apache-1-300.log', 'honeynet-access_log.25-1-300.log'].map((n) => readFileSync(join(FIXTURES, n))));
  writeFileSync(join(logs, 'big.log.gz'), gzipSync(big, { level: 0 }));
  // Two copies of the CloudFront and WAF samples, so that each is larger than a range.
  for (const name of ['aws-log-parser_cloudfront-multiple.log', 'aws-waf-test_waf_log-1-20.jsonl']) writeFileSync(join(logs, name), readFileSync(join(FIXTURES, name)).toString().repeat(2));

  it('splits the large plain line-per-record files, in scan order, and keeps the rest whole', async () => {
    const rangeBytes = 5000;
    const jobs = await planMapJobs({ paths: [logs], store: join(logs, 'store'), rangeBytes });
    expect(jobs.map((j) => j.index)).toEqual(jobs.map((_, i) => i));
    const byFile = new Map<string, typeof jobs>();
    for (const job of jobs) byFile.set(basename(job.input.name), [...(byFile.get(basename(job.input.name)) ?? []), job]);
    const count = (name: string) => byFile.get(name)!.length;
    const size = (name: string) => statSync(join(logs, name)).size;
    expect(size('big.log.gz')).toBeGreaterThan(rangeBytes);
    expect(size('aws-log-parser_cloudfront-multiple.log')).toBeGreaterThan(rangeBytes);
    expect(size('aws-waf-test_waf_log-1-20.jsonl')).toBeGreaterThan(rangeBytes);
    for (const whole of ['big.log.gz', 'aws-log-parser_cloudfront-multiple.log', 'aws-waf-test_waf_log-1-20.jsonl', 'README.md']) {
      expect(count(whole), whole).toBe(1);
      expect(byFile.get(whole)![0]!.input.range, whole).toBeUndefined();
    }
    // 68,771 bytes in ranges of 5,000: 14 ranges that tile the file, each told the format of its head.
    const elastic = byFile.get('elastic-apache-1-300.log')!;
    expect(elastic.map((j) => j.input.range)).toEqual(Array.from({ length: 14 }, (_, i) => ({ start: i * 5000, end: Math.min((i + 1) * 5000, 68771) })));
    expect(new Set(elastic.map((j) => j.read.format))).toEqual(new Set(['combined']));
    expect(count('aws-log-parser_alb-entries.log')).toBe(2);
    expect(byFile.get('aws-log-parser_alb-entries.log')![0]!.read.format).toBe('alb');
  });

  it.each([0, 4095, 1.5, -1, Number.NaN])('rejects rangeBytes %s with a UsageError (exit 2)', async (rangeBytes) => {
    const error = await planMapJobs({ paths: [logs], store: join(logs, 'store'), rangeBytes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/option rangeBytes .*: must be a whole number ≥ 4096/);
  });
});
