// The boundary rule of byte ranges, by hand on a buffer whose newlines are known, and on a real file:
// ranges that tile a file read every line exactly once, whatever their size.

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineSpan, lineStartFrom, type ByteRange, type ReadAt } from '../../src/parse/line-span.js';
import { readSources } from '../../src/parse/read-logs.js';
import type { LogRecord, MalformedLine } from '../../src/types.js';
import { FIXTURES } from './helpers.js';

//                    a b \n c d \r \n e f \n g
//                    0 1 2  3 4 5  6  7 8 9  10   (11 bytes; the last line has no newline)
const TEXT = Buffer.from('ab\ncd\r\nef\ng');
const MALFORMED = FIXTURES + 'malformed/combined-with-malformed.log';

const readAtOf = (buffer: Buffer): ReadAt => async (position, length) => buffer.subarray(position, position + length);

/** [0, size) in ranges of `bytes`, as the coordinator cuts a file. */
const tile = (size: number, bytes: number): ByteRange[] =>
  Array.from({ length: Math.ceil(size / bytes) }, (_, i) => ({ start: i * bytes, end: Math.min((i + 1) * bytes, size) }));

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'semlog-line-span-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('lineStartFrom', () => {
  // Position → where the first line starting at or after it begins.
  const expected: Array<[number, number, string]> = [
    [0, 0, 'the start of the data'],
    [1, 3, 'inside a line: after its newline'],
    [2, 3, 'on a newline: just after it'],
    [3, 3, 'exactly at the start of a line (the byte before is a newline)'],
    [4, 7, 'inside a CRLF line'],
    [6, 7, 'between CR and LF: the CR stays with its line'],
    [7, 7, 'just after a CRLF'],
    [8, 10, 'inside a line'],
    [10, 10, 'at the start of the last line'],
    [11, 11, 'at the end: the last line ends there without a newline'],
  ];

  it.each(expected)('from %i is %i (%s)', async (position, start) => {
    expect(await lineStartFrom(readAtOf(TEXT), position)).toBe(start);
    // Reading one byte at a time crosses every probe boundary and must agree.
    expect(await lineStartFrom(readAtOf(TEXT), position, 1)).toBe(start);
  });

  it('finds the end of a long line over many probes, and the end of data with no newline after', async () => {
    const long = Buffer.concat([Buffer.from('x'.repeat(1000)), Buffer.from('\nnext')]);
    expect(await lineStartFrom(readAtOf(long), 5, 64)).toBe(1001);
    expect(await lineStartFrom(readAtOf(long), 1003, 64)).toBe(long.length);
  });
});

describe('lineSpan', () => {
  const spans = async (ranges: ByteRange[], path: string) => Promise.all(ranges.map((range) => lineSpan(path, range)));

  it('gives each range of a file the lines that start in it, by hand', async () => {
    const path = join(tmp, 'text');
    await writeFile(path, TEXT);
    // [0,4) owns "ab\n" and "cd\r\n" (it starts at 3); [4,8) owns "ef\n"; [8,11) owns "g".
    expect(await spans([{ start: 0, end: 4 }, { start: 4, end: 8 }, { start: 8, end: 11 }], path)).toEqual([{ from: 0, to: 7 }, { from: 7, to: 10 }, { from: 10, to: 11 }]);
    // Ranges of 2 bytes: [4,6) and [8,10) hold no line start, so they are empty (from = to).
    expect(await spans(tile(11, 2), path)).toEqual([
      { from: 0, to: 3 }, { from: 3, to: 7 }, { from: 7, to: 7 }, { from: 7, to: 10 }, { from: 10, to: 10 }, { from: 10, to: 11 },
    ]);
  });
});

describe('readSources over byte ranges', () => {
  /** Records and malformed lines of `path` read range by range, renumbered as the reduce does. */
  async function readInRanges(path: string, rangeBytes: number, maxLineBytes: number): Promise<{ records: LogRecord[]; malformed: MalformedLine[] }> {
    const records: LogRecord[] = [];
    const malformed: MalformedLine[] = [];
    let before = 0;
    const { size } = await stat(path);
    for (const range of tile(size, rangeBytes)) {
      const stream = readSources([{ name: path, path, range }], { format: 'combined', partOfScan: true, malformedSampleSize: 100, maxLineBytes });
      for await (const batch of stream) records.push(...batch.map((r) => ({ ...r, line: r.line + before })));
      malformed.push(...stream.summary.malformedSample.map((m) => ({ ...m, line: m.line + before })));
      before += stream.summary.files[0]!.lines;
    }
    return { records, malformed };
  }

  async function readWhole(path: string, maxLineBytes: number): Promise<{ records: LogRecord[]; malformed: MalformedLine[] }> {
    const stream = readSources([{ name: path, path }], { format: 'combined', malformedSampleSize: 100, maxLineBytes });
    const records: LogRecord[] = [];
    for await (const batch of stream) records.push(...batch);
    return { records, malformed: stream.summary.malformedSample };
  }

  // A real combined log with CRLF lines, malformed, binary, blank and `#` lines; the same without its
  // last newline; and with most of its lines over maxLineBytes (malformed, skipped without buffering).
  it.each([
    ['as it is', false, 64 * 1024, 5],
    ['without its last newline', true, 64 * 1024, 5],
    ['with lines over maxLineBytes', false, 150, 1],
  ])('reads every line once, with its true number, for ranges of any size (%s)', async (_, chop, maxLineBytes, records) => {
    let path = MALFORMED;
    if (chop) {
      path = join(tmp, 'chopped.log');
      await writeFile(path, (await readFile(MALFORMED)).subarray(0, -1));
    }
    const whole = await readWhole(path, maxLineBytes);
    expect(whole.records.length).toBe(records);
    expect(whole.malformed.length).toBe(11 - records);
    const { size } = await stat(path);
    // Sizes that put boundaries everywhere: in CRLFs, on newlines, in binary lines; one range of it all.
    for (const rangeBytes of [3, 7, 16, 50, 97, 256, 500, size - 1, size]) {
      const ranged = await readInRanges(path, rangeBytes, maxLineBytes);
      expect(ranged, `ranges of ${rangeBytes} bytes`).toEqual(whole);
    }
  });
});
