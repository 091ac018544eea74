import { describe, expect, it } from 'vitest';
import { mergeIngestSummaries } from '../../src/distributed/merge-ingest-summaries.js';
import type { IngestSummary } from '../../src/parse/read-logs.js';

const malformed = (file: string, line: number) => ({ file, line, code: 'SEMLOG_BAD_STATUS', excerpt: 'x' });

const a: IngestSummary = {
  files: [{ file: 'a.log', format: 'combined', records: 10, malformed: 2, bytes: 100, lines: 12 }],
  records: 10, malformed: 2, malformedSample: [malformed('a.log', 3), malformed('a.log', 7)], formats: ['combined'], damaged: 0, skipped: [],
};
const b: IngestSummary = {
  files: [{ file: 'b.gz', format: 'cloudfront', records: 5, malformed: 1, bytes: 50, lines: 6, damaged: { code: 'Z_BUF_ERROR', message: 'unexpected end of file' } }],
  records: 5, malformed: 1, malformedSample: [malformed('b.gz', 1)], formats: ['cloudfront'], damaged: 1, skipped: [],
};
const readme: IngestSummary = {
  files: [{ file: 'README', format: 'skipped', records: 0, malformed: 0, bytes: 0, lines: 0 }],
  records: 0, malformed: 0, malformedSample: [], formats: [], damaged: 0, skipped: [{ file: 'README', reason: 'not a log' }],
};

describe('mergeIngestSummaries', () => {
  it('adds the counts and lists files, formats and the malformed sample in scan order', () => {
    const merged = mergeIngestSummaries([a, readme, b, { ...a, files: [{ ...a.files[0]!, file: 'c.log' }] }], 20);
    expect(merged.files.map((f) => f.file)).toEqual(['a.log', 'README', 'b.gz', 'c.log']);
    expect(merged.records).toBe(25);
    expect(merged.malformed).toBe(5);
    expect(merged.formats).toEqual(['combined', 'cloudfront']);
    expect(merged.damaged).toBe(1);
    expect(merged.skipped).toEqual([{ file: 'README', reason: 'not a log' }]);
    expect(merged.malformedSample.map((m) => `${m.file}:${m.line}`)).toEqual(['a.log:3', 'a.log:7', 'b.gz:1', 'a.log:3', 'a.log:7']);
  });

  it('keeps the first malformed lines of the scan when the sample is full', () => {
    const merged = mergeIngestSummaries([a, b], 2);
    expect(merged.malformedSample.map((m) => `${m.file}:${m.line}`)).toEqual(['a.log:3', 'a.log:7']);
    expect(merged.malformed).toBe(3);
  });

  it('joins the byte ranges of one file into one entry, its damage counted once', () => {
    const range = (line: number, damaged: boolean): IngestSummary => ({
      files: [{ file: 'big.log', format: 'combined', records: 4, malformed: 1, bytes: 40, lines: 5, ...(damaged && { damaged: { code: 'SEMLOG_READ_ERROR', message: 'EIO' } }) }],
      records: 4, malformed: 1, malformedSample: [malformed('big.log', line)], formats: ['combined'], damaged: damaged ? 1 : 0, skipped: [],
    });
    // big.log in three ranges, then big.log named again (read whole: a new entry, as scan lists it twice).
    const merged = mergeIngestSummaries([range(2, false), range(7, true), range(11, true), a, range(3, false)], 20, [false, true, true, false, false]);
    expect(merged.files).toEqual([
      { file: 'big.log', format: 'combined', records: 12, malformed: 3, bytes: 120, lines: 15, damaged: { code: 'SEMLOG_READ_ERROR', message: 'EIO' } },
      a.files[0],
      range(3, false).files[0],
    ]);
    expect(merged.damaged).toBe(1);
    expect(merged.records).toBe(26);
    expect(merged.malformedSample.map((m) => `${m.file}:${m.line}`)).toEqual(['big.log:2', 'big.log:7', 'big.log:11', 'a.log:3', 'a.log:7', 'big.log:3']);
  });

  it('is the empty summary for no parts', () => {
    expect(mergeIngestSummaries([], 20)).toEqual({ files: [], records: 0, malformed: 0, malformedSample: [], formats: [], damaged: 0, skipped: [] });
  });
});
