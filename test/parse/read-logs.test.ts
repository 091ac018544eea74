import { chmod, copyFile, link, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError, InterruptedError, UsageError } from '../../src/errors.js';
import { readLogs } from '../../src/parse/read-logs.js';
import type { ProgressEvent } from '../../src/types.js';
import { FIXTURES, NETNEA_FORMAT, collect, rejection } from './helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'semlog-read-logs-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const ELASTIC = FIXTURES + 'combined/elastic-apache.log';
const MALFORMED = FIXTURES + 'malformed/combined-with-malformed.log';

/** `count` real combined lines (the elastic fixture, repeated), newline-terminated. */
async function manyLines(count: number): Promise<string> {
  const lines = (await readFile(ELASTIC, 'utf8')).trimEnd().split('\n');
  return Array.from({ length: count }, (_, i) => lines[i % lines.length]).join('\n') + '\n';
}

describe('readLogs: lines and malformed lines', () => {
  test('malformed lines are counted and sampled with file, line, code and excerpt; blank and # lines are neither', async () => {
    const { records, summary } = await collect([MALFORMED]);
    expect(records.map((r) => r.line)).toEqual([1, 4, 6, 12, 14]);
    expect(records[1]?.path).toBe('/images/jordan-80.png'); // CRLF line: no stray \r anywhere
    expect(records[1]?.userAgent.endsWith('\r')).toBe(false);
    expect(summary.malformed).toBe(6);
    expect(summary.malformedSample.map((m) => [m.line, m.code])).toEqual([
      [5, 'SEMLOG_BAD_STATUS'], [7, 'SEMLOG_BAD_TIME'], [8, 'SEMLOG_UNTERMINATED_QUOTE'],
      [9, 'SEMLOG_BAD_SYNTAX'], [10, 'SEMLOG_BINARY_LINE'], [11, 'SEMLOG_BINARY_LINE'],
    ]);
    expect(summary.malformedSample[3]).toEqual({ file: MALFORMED, line: 9, code: 'SEMLOG_BAD_SYNTAX', excerpt: 'just some words' });
    expect(summary.files).toEqual([{ file: MALFORMED, format: 'combined', records: 5, malformed: 6, bytes: expect.any(Number), lines: 14 }]);
  });

  test('malformedSampleSize caps the sample, not the count', async () => {
    const { summary } = await collect([MALFORMED], { malformedSampleSize: 2 });
    expect([summary.malformed, summary.malformedSample.length]).toEqual([6, 2]);
  });

  test('a 5 MB line is one malformed line; the lines around it parse', async () => {
    const path = join(tmp, 'huge-line.log');
    const [first, second] = (await readFile(ELASTIC, 'utf8')).split('\n');
    await writeFile(path, `${first}\n${'A'.repeat(5 * 1024 * 1024)}\n${second}\n`);
    const { records, summary } = await collect([path]);
    expect(records.map((r) => r.line)).toEqual([1, 3]);
    expect(summary.malformedSample).toEqual([{ file: path, line: 2, code: 'SEMLOG_LINE_TOO_LONG', excerpt: 'A'.repeat(200) }]);
  });

  test('a 5 MB first line does not hide the format: it is one malformed line and the 500 lines after it parse', async () => {
    const path = join(tmp, 'huge-first-line.log');
    await writeFile(path, `${'A'.repeat(5 * 1024 * 1024)}\n${await manyLines(500)}`);
    const { records, summary } = await collect([path]);
    expect(records.map((r) => r.line)).toEqual(Array.from({ length: 500 }, (_, i) => i + 2));
    expect(summary.files[0]).toMatchObject({ format: 'combined', records: 500, malformed: 1 });
    expect(summary.malformedSample).toEqual([{ file: path, line: 1, code: 'SEMLOG_LINE_TOO_LONG', excerpt: 'A'.repeat(200) }]);
  });

  test('stdin (-): a first line longer than --max-line-bytes does not hide the format, and is reported', async () => {
    const text = `${'B'.repeat(3 * 1024 * 1024)}\n${await manyLines(50)}`;
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    const { records, summary } = await collect(['-'], { stdin: Readable.from(chunks) });
    expect(records.map((r) => r.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(summary.malformedSample.map((m) => [m.line, m.code])).toEqual([[1, 'SEMLOG_LINE_TOO_LONG']]);
    expect(summary.files[0]?.bytes).toBe(Buffer.byteLength(text));
  });

  test('a file of nothing but binary or over-long lines is not empty: its format is unknown, and the error says why', async () => {
    const binary = join(tmp, 'only-binary.bin');
    await writeFile(binary, Buffer.from('\u0000\u0001\u0002 abc\n\u0000\u0000\u0000\n'));
    const long = join(tmp, 'only-long.log');
    await writeFile(long, `${'A'.repeat(200_000)}\n`);
    const errors = [await rejection(collect([binary])), await rejection(collect([long]))];
    expect(errors.map((e) => e.code)).toEqual(['SEMLOG_UNKNOWN_FORMAT', 'SEMLOG_UNKNOWN_FORMAT']);
    expect(errors[0]?.message).toBe(`cannot detect the log format of ${binary} (2 line(s), each binary or longer than --max-line-bytes)`);
    expect(errors[1]?.message).toBe(`cannot detect the log format of ${long} (1 line(s), each binary or longer than --max-line-bytes)`);
  });

  test('binary garbage at the start of a .gz: the format is detected from the lines after it', async () => {
    const path = join(tmp, 'garbage-start.log.gz');
    let seed = 7;
    const garbage = Buffer.from(Array.from({ length: 30_000 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24 || 1));
    garbage.fill(0, 100, 120); // NUL bytes: binary for certain
    await writeFile(path, gzipSync(Buffer.concat([garbage, Buffer.from(`\n${await manyLines(100)}`)])));
    const { records, summary } = await collect([path]);
    expect(summary.files[0]).toMatchObject({ format: 'combined', records: 100 });
    const garbageLines = garbage.toString('latin1').split('\n').length;
    expect(records[0]?.line).toBe(garbageLines + 1);
    expect(summary.malformed).toBe(summary.files[0]?.malformed);
    expect(summary.malformed).toBeGreaterThan(0);
    expect(summary.malformedSample.every((m) => m.line <= garbageLines)).toBe(true);
  });

  test('a first line that is JSON but not a WAF record, then combined lines: combined, and the JSON line is malformed', async () => {
    const path = join(tmp, 'json-first.log');
    await writeFile(path, `{"level":"info","msg":"rotated","ts":1715000000}\n${await manyLines(100)}`);
    const { records, summary } = await collect([path]);
    expect(summary.files[0]).toMatchObject({ format: 'combined', records: 100, malformed: 1 });
    expect(records[0]?.line).toBe(2);
    expect(summary.malformedSample).toEqual([{ file: path, line: 1, code: 'SEMLOG_BAD_SYNTAX', excerpt: '{"level":"info","msg":"rotated","ts":1715000000}' }]);
  });

  test('binary garbage: never a crash; every non-blank line is a record or a malformed line', async () => {
    let seed = 42;
    const bytes = Buffer.from(Array.from({ length: 200_000 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    const path = join(tmp, 'garbage.bin');
    await writeFile(path, bytes);
    const { records, summary } = await collect([path], { format: 'combined' });
    const nonBlank = bytes.toString('latin1').split('\n').filter((l) => !/^[ \t]*\r?$/.test(l) && !l.startsWith('#')).length;
    expect(records).toHaveLength(0);
    expect(summary.malformed).toBe(nonBlank);
    const { malformedSample } = (await collect([path], { format: 'combined', malformedSampleSize: nonBlank })).summary;
    const binary = malformedSample.filter((m) => m.code === 'SEMLOG_BINARY_LINE').length;
    expect(binary / nonBlank).toBeGreaterThan(0.8); // short random lines may be mostly printable: another code then
    expect(malformedSample.every((m) => m.code.startsWith('SEMLOG_') && m.excerpt.length <= 200)).toBe(true);
    // Auto-detection refuses it instead of guessing.
    expect((await rejection(collect([path]))).code).toBe('SEMLOG_UNKNOWN_FORMAT');
  });

  test('batches hold batchSize records (the last of a file fewer) and never mix files', async () => {
    const path = join(tmp, 'batches.log');
    await writeFile(path, await manyLines(250));
    const stream = readLogs([path, ELASTIC], { batchSize: 100 });
    const sizes: Array<[number, string]> = [];
    for await (const batch of stream) sizes.push([batch.length, batch[0]?.file === path ? 'a' : 'b']);
    expect(sizes).toEqual([[100, 'a'], [100, 'a'], [50, 'a'], [21, 'b']]);
  });
});

describe('readLogs: inputs', () => {
  test('.gz is detected by content and gives the same records', async () => {
    const path = join(tmp, 'elastic.log.gz');
    await writeFile(path, gzipSync(await readFile(ELASTIC)));
    const plain = await collect([ELASTIC]);
    const gz = await collect([path]);
    expect(gz.records.map((r) => ({ ...r, file: '' }))).toEqual(plain.records.map((r) => ({ ...r, file: '' })));
    expect(gz.summary.files[0]?.bytes).toBe(plain.summary.files[0]?.bytes);
  });

  test('a truncated .gz keeps every record before the damage, reports it, and the next file is still read', async () => {
    const text = await manyLines(20_000);
    const gz = gzipSync(text);
    const path = join(tmp, 'truncated.log.gz');
    await writeFile(path, gz.subarray(0, Math.floor(gz.length / 2)));
    const { records, summary } = await collect([path, ELASTIC]);
    const damagedRecords = records.filter((r) => r.file === path);
    expect(damagedRecords.length).toBeGreaterThan(1000);
    expect(damagedRecords.length).toBeLessThan(20_000);
    // Every line up to the damage, in order, with none skipped.
    expect(damagedRecords.map((r) => r.line)).toEqual(damagedRecords.map((_, i) => i + 1));
    expect(summary.files[0]?.damaged?.code).toBe('SEMLOG_GZIP_TRUNCATED');
    expect(summary.damaged).toBe(1);
    expect(records.filter((r) => r.file === ELASTIC)).toHaveLength(21);
    expect(summary.files[1]?.damaged).toBeUndefined();
  });

  test('a .gz corrupt from its first block is damaged, not an empty file', async () => {
    const gz = gzipSync(await readFile(ELASTIC));
    gz.fill(0xff, 20, 80);
    const path = join(tmp, 'corrupt-start.log.gz');
    await writeFile(path, gz);
    const { summary } = await collect([path, ELASTIC]);
    expect(summary.files[0]).toMatchObject({ format: 'unknown', records: 0, damaged: { code: 'SEMLOG_GZIP_CORRUPT' } });
    expect(summary.damaged).toBe(1);
    expect(summary.formats).toEqual(['combined']);
  });

  test('stdin (-): gzip damage met while detecting the format is still reported', async () => {
    const gz = gzipSync(await manyLines(2_000));
    const { records, summary } = await collect(['-'], { stdin: Readable.from([gz.subarray(0, 600)]) });
    expect(records.length).toBeGreaterThan(0);
    expect(summary.files[0]?.damaged?.code).toBe('SEMLOG_GZIP_TRUNCATED');
  });

  test('stdin (-): a line split across chunks, CRLF, gzip', async () => {
    const text = (await readFile(FIXTURES + 'combined/ocatak-netsparker-wrapped-crlf.log')).toString('latin1');
    const chunks = Array.from({ length: Math.ceil(text.length / 7) }, (_, i) => Buffer.from(text.slice(i * 7, i * 7 + 7), 'latin1'));
    const { records, summary } = await collect(['-'], { stdin: Readable.from(chunks) });
    expect(records).toHaveLength(10);
    expect(records.every((r) => r.file === '-' && r.clientIp === '192.168.4.164' && !r.userAgent.endsWith('"'))).toBe(true);
    expect(summary.files[0]).toMatchObject({ file: '-', format: 'combined', records: 10, malformed: 0 });
    const gz = gzipSync(text);
    const zipped = await collect(['-'], { stdin: Readable.from([gz.subarray(0, 1), gz.subarray(1)]) });
    expect(zipped.records).toEqual(records);
  });

  test('a named pipe (as a shell\'s <(…) gives): every line from line 1, detected or told the format, plain or gzip', async () => {
    const text = await manyLines(5_000);
    const lines = text.trimEnd().split('\n').length;
    const expected = await collect([ELASTIC]);
    const cases: Array<{ data: Buffer; options: { format?: string } }> = [
      { data: Buffer.from(text), options: {} },
      { data: Buffer.from(text), options: { format: 'combined' } },
      { data: gzipSync(text), options: {} },
    ];
    for (const [k, { data, options }] of cases.entries()) {
      const fifo = join(tmp, `pipe-${k}`);
      await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo: ${code}`)))));
      // The writer's open waits for the reader; it ends when every byte went through.
      const writer = writeFile(fifo, data);
      const { records, summary } = await collect([fifo], options);
      await writer;
      // Before the fix, sniffing read the head of the pipe and a second open read on from there.
      expect(summary.files[0]).toMatchObject({ file: fifo, format: 'combined', records: lines, malformed: 0 });
      expect(records[0]!.line).toBe(1);
      expect(records.at(-1)!.line).toBe(lines);
      expect(records.slice(0, expected.records.length).map((r) => r.path)).toEqual(expected.records.map((r) => r.path));
    }
  });

  test('a folder of mixed formats: recursive, sorted, hidden files skipped, detected per file, names joined to the folder as given', async () => {
    const root = join(tmp, 'mixed');
    for (const dir of ['a', 'b/deeper', 'c', '.git']) await mkdir(join(root, dir), { recursive: true });
    await copyFile(FIXTURES + 'common/tomcat-banner.log', join(root, 'b/deeper/tomcat.log'));
    await copyFile(FIXTURES + 'cloudfront/aws-log-parser_cloudfront-multiple.log', join(root, 'a/cf.log'));
    await copyFile(FIXTURES + 'waf/test_waf_log.jsonl', join(root, 'c/waf.log'));
    await writeFile(join(root, 'alb.log.gz'), gzipSync(await readFile(FIXTURES + 'alb/aws-log-parser_alb-entries.log')));
    await copyFile(ELASTIC, join(root, 'B-combined.log'));
    await writeFile(join(root, 'empty.log'), '\n\n');
    await writeFile(join(root, '.git/config'), 'not a log');
    const { summary } = await collect([root]);
    expect(summary.files.map((f) => [f.file.slice(root.length), f.format, f.records])).toEqual([
      ['/B-combined.log', 'combined', 21],
      ['/a/cf.log', 'cloudfront', 6],
      ['/alb.log.gz', 'alb', 12],
      ['/b/deeper/tomcat.log', 'common', 20],
      ['/c/waf.log', 'waf', 20],
      ['/empty.log', 'empty', 0],
    ]);
    expect(summary.formats).toEqual(['combined', 'cloudfront', 'alb', 'common', 'waf']);
    expect(summary.records).toBe(79);
    expect(summary.malformed).toBe(0);
    const relative = await collect([`${root}/c/`]);
    expect(relative.summary.files[0]?.file).toBe(`${root}/c/waf.log`);
  });

  test('in a folder, a file that is not a log is skipped and reported; named directly, it is an error', async () => {
    const root = join(tmp, 'with-readme');
    await mkdir(root, { recursive: true });
    await copyFile(ELASTIC, join(root, 'access.log'));
    await writeFile(join(root, 'README.md'), '# Logs of the shop\nRotated nightly.\n');
    const { summary } = await collect([root]);
    expect(summary.files.map((f) => [f.file.slice(root.length), f.format, f.records])).toEqual([
      ['/README.md', 'skipped', 0],
      ['/access.log', 'combined', 21],
    ]);
    expect(summary.skipped).toEqual([{ file: join(root, 'README.md'), reason: expect.stringContaining('cannot detect the log format') }]);
    // The file's own entry says why too (a `#` line is a header, not its first line): the reports show it.
    expect(summary.files[0]?.skipped).toBe(`cannot detect the log format of ${join(root, 'README.md')} (first line: "Rotated nightly.")`);
    expect(summary.files[1]?.skipped).toBeUndefined();
    expect(summary.formats).toEqual(['combined']);
    expect((await rejection(collect([join(root, 'README.md')]))).code).toBe('SEMLOG_UNKNOWN_FORMAT');
    // A folder where nothing is a log is an error, not an empty success.
    const none = join(tmp, 'only-readme');
    await mkdir(none, { recursive: true });
    await writeFile(join(none, 'README.md'), 'no logs here\n');
    const error = await rejection(collect([none]));
    expect(error.code).toBe('SEMLOG_UNKNOWN_FORMAT');
    // It names the file and its first line (it used to say 'first line: ""').
    expect(error.message).toBe(`the one file found was skipped: cannot detect the log format of ${join(none, 'README.md')} (first line: "no logs here")`);
    expect((error as InputError).hint).toMatch(/^pass --format with one of: /);
    // Beside a note, the file that may be a log is the one named.
    await writeFile(join(none, 'payloads.txt'), "/top.php?stuff='uname >q36497765 #\n");
    expect((await rejection(collect([none]))).message).toBe(
      `all 2 files found were skipped; the first that is not a note (README, .md): cannot detect the log format of ${join(none, 'payloads.txt')} (first line: "/top.php?stuff='uname >q36497765 #")`,
    );
    // Notes only: the first of them.
    await rm(join(none, 'payloads.txt'));
    await writeFile(join(none, 'LICENSE'), 'MIT\n');
    expect((await rejection(collect([none]))).message).toMatch(/^all 2 files found were skipped; the first: cannot detect the log format of /);
  });

  test('with a format given, a file of a folder that does not fit it is skipped and reported; named on its own, it is read as told', async () => {
    // Tomcat's log folder: the access logs in the LogFormat given beside catalina.out; netnea's
    // custom layout with its README.
    const root = join(tmp, 'given-format');
    await mkdir(root, { recursive: true });
    await copyFile(FIXTURES + 'custom/netnea-tutorial-8.log', join(root, 'access.log'));
    const catalina = '07-Dec-2026 03:00:01.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [1234] milliseconds\n';
    await writeFile(join(root, 'catalina.out'), catalina.repeat(30));
    // Garbage before the log does not make it a misfit: the windows slide on, as detection's do.
    await writeFile(join(root, 'late.log'), 'garbage\n'.repeat(30) + (await readFile(FIXTURES + 'custom/netnea-tutorial-8.log', 'utf8')));
    const { summary } = await collect([root], { logFormat: NETNEA_FORMAT });
    expect(summary.files.map((f) => [f.file.slice(root.length), f.format, f.records, f.malformed])).toEqual([
      ['/access.log', 'custom-apache', 10, 0],
      ['/catalina.out', 'skipped', 0, 0],
      ['/late.log', 'custom-apache', 10, 30],
    ]);
    expect(summary.files[1]!.skipped).toBe(
      `${join(root, 'catalina.out')} does not look like a custom-apache log, the format given (first line: ${JSON.stringify(catalina.trimEnd().slice(0, 120))})`,
    );
    // Named on its own, the file is read in the format given: every line malformed, none dropped.
    const named = await collect([join(root, 'catalina.out')], { format: 'combined' });
    expect(named.summary.files[0]).toMatchObject({ format: 'combined', records: 0, malformed: 30 });
    // A folder where nothing fits the format given is an error, not an empty success.
    const none = join(tmp, 'given-format-none');
    await mkdir(none, { recursive: true });
    await copyFile(ELASTIC, join(none, 'access.log'));
    const error = await rejection(collect([none], { format: 'cloudfront' }));
    expect(error.code).toBe('SEMLOG_UNKNOWN_FORMAT');
    expect(error.message).toMatch(/^the one file found was skipped: \S+access\.log does not look like a cloudfront log, the format given \(first line: "83\.149\.9\.216 /);
    expect((await collect([none], { format: 'combined' })).summary.records).toBe(21);
  });

  test('many # lines before the first record do not hide the format; a pretty-printed WAF record starts on its first line', async () => {
    const path = join(tmp, 'commented-cloudfront.log');
    const data = await readFile(FIXTURES + 'cloudfront/aws-log-parser_cloudfront-multiple.log', 'utf8');
    await writeFile(path, '#comment\n'.repeat(40) + data);
    expect((await collect([path])).summary.files[0]).toMatchObject({ format: 'cloudfront', records: 6 });
    const waf = await collect([FIXTURES + 'waf/aws-log-parser_waf_log_pretty.json']);
    expect(waf.records.map((r) => [r.line, r.clientIp])).toEqual([[2, '192.10.23.23']]);
  });

  test('globs, sorted', async () => {
    const { summary } = await collect([`${FIXTURES}cloudfront/*.txt`]);
    expect(summary.files.map((f) => f.file.slice(FIXTURES.length))).toEqual([
      'cloudfront/node-cloudfront-log-parser_web-1-0-2019-12.txt',
      'cloudfront/node-cloudfront-log-parser_web-1-0.txt',
    ]);
  });

  test('--log-format implies custom-apache', async () => {
    const { summary } = await collect([FIXTURES + 'custom/netnea-tutorial-8.log'], { logFormat: NETNEA_FORMAT });
    expect([summary.records, summary.malformed, summary.formats]).toEqual([10, 0, ['custom-apache']]);
  });

  test('reading is pulled by the consumer: a slow consumer does not make the reader run ahead', async () => {
    let pulled = 0;
    const line = (await readFile(ELASTIC, 'utf8')).split('\n')[0];
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 500; i++) {
          pulled++;
          yield Buffer.from(`${line}\n`.repeat(100));
        }
      })(),
    );
    const iterator = readLogs(['-'], { stdin: source, batchSize: 100 })[Symbol.asyncIterator]();
    await iterator.next();
    expect(pulled).toBeLessThan(60);
    await iterator.return?.();
  });
});

describe('readLogs: errors', () => {
  test('an unknown --format is a UsageError right away, listing the valid names', () => {
    expect(() => readLogs([ELASTIC], { format: 'apache-error' })).toThrow(UsageError);
    expect(() => readLogs([ELASTIC], { format: 'apache-error' })).toThrow(expect.objectContaining({
      hint: expect.stringContaining('auto, combined, common, vhost-combined, cloudfront, alb, waf, custom-apache'),
    }));
  });

  test('invalid option combinations and values are UsageErrors', () => {
    expect(() => readLogs([ELASTIC], { format: 'alb', logFormat: '%h' })).toThrow(/cannot be combined/);
    expect(() => readLogs([ELASTIC], { format: 'custom-apache' })).toThrow(/needs a LogFormat/);
    expect(() => readLogs([ELASTIC], { logFormat: '%h%u' })).toThrow(UsageError);
    expect(() => readLogs([ELASTIC], { maxLineBytes: 0 })).toThrow(UsageError);
    expect(() => readLogs([ELASTIC], { batchSize: 1.5 })).toThrow(UsageError);
  });

  test('path errors come before any record, with their code', async () => {
    const missing = await rejection(collect([ELASTIC, join(tmp, 'nope.log')]));
    expect([missing.code, missing.exitCode, missing.hint !== undefined]).toEqual(['SEMLOG_INPUT_NOT_FOUND', 3, true]);
    expect((await rejection(collect([join(tmp, 'nothing-*.log')]))).code).toBe('SEMLOG_NO_INPUT');
    await mkdir(join(tmp, 'empty-dir'));
    expect((await rejection(collect([join(tmp, 'empty-dir')]))).code).toBe('SEMLOG_NO_INPUT');
  });

  test('iteration fails on the first next(), before any batch, when a later file is bad', async () => {
    const iterator = readLogs([ELASTIC, join(tmp, 'missing.log')])[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow(InputError);
  });

  test('a file reached twice (named twice, inside a folder also named, another spelling, a hard link) is a UsageError, not read twice', async () => {
    const dir = join(tmp, 'twice');
    await mkdir(dir);
    const log = join(dir, 'access.log');
    await copyFile(ELASTIC, log);
    await link(log, join(tmp, 'hard-link.log'));
    const cases: Array<[string[], RegExp]> = [
      [[log, log], /access\.log is given twice: it would be read twice/],
      [[dir, log], /access\.log is given twice: it would be read twice/],
      [[log, `${dir}/../twice/./access.log`], /twice\/\.\/access\.log is the same file as \S+access\.log: it would be read twice/],
      [[log, join(tmp, 'hard-link.log')], /hard-link\.log is the same file as \S+access\.log/],
    ];
    for (const [paths, message] of cases) {
      const error = await rejection(collect(paths));
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
    }
    expect((await collect([dir, ELASTIC])).summary.files).toHaveLength(2); // a copy is another file
  });

  test('an undetectable file is SEMLOG_UNKNOWN_FORMAT with a hint naming --format and --log-format', async () => {
    const error = await rejection(collect([FIXTURES + 'custom/netnea-tutorial-5.log']));
    expect(error.code).toBe('SEMLOG_UNKNOWN_FORMAT');
    expect(error.hint).toMatch(/--format .*combined.*--log-format/);
  });

  test('an unreadable file is SEMLOG_INPUT_UNREADABLE (as root, checked by a child process running as nobody)', async () => {
    // A folder anyone may enter, so that only the file's own mode keeps nobody out.
    const open = await mkdtemp(join(tmpdir(), 'semlog-unreadable-'));
    await chmod(open, 0o755);
    const path = join(open, 'secret.log');
    await copyFile(ELASTIC, path);
    await chmod(path, 0o000);
    if (process.getuid?.() !== 0) {
      expect((await rejection(collect([path]))).code).toBe('SEMLOG_INPUT_UNREADABLE');
      expect((await rejection(collect([path], { format: 'combined' }))).code).toBe('SEMLOG_INPUT_UNREADABLE');
      return;
    }
    // Root reads every file whatever its mode: the same calls run in a child that dropped to nobody.
    const readLogsModule = new URL('../../dist/parse/read-logs.js', import.meta.url).href;
    const script = `
      import { readLogs } from ${JSON.stringify(readLogsModule)};
      const codeOf = async (options) => { try { for await (const _ of readLogs([${JSON.stringify(path)}], options)); return 'read'; } catch (error) { return error.code; } };
      console.log(JSON.stringify([await codeOf({}), await codeOf({ format: 'combined' })]));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { uid: 65534, gid: 65534, cwd: open });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.on('close', resolve)), stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual(['SEMLOG_INPUT_UNREADABLE', 'SEMLOG_INPUT_UNREADABLE']);
  });

  test('abort → InterruptedError, before the start and mid-stream', async () => {
    const before = new AbortController();
    before.abort();
    await expect(collect([ELASTIC], { signal: before.signal })).rejects.toThrow(InterruptedError);
    const path = join(tmp, 'abort.log');
    await writeFile(path, await manyLines(5000));
    const mid = new AbortController();
    const stream = readLogs([path], { signal: mid.signal, batchSize: 100 });
    await expect(
      (async () => {
        for await (const _ of stream) mid.abort();
      })(),
    ).rejects.toThrow(InterruptedError);
  });

  test.each([true, false])('an abort stops a small file at the next batch (parseThread %s)', async (parseThread) => {
    const path = join(tmp, `abort-small-${parseThread}.log`);
    await writeFile(path, await manyLines(2000));
    const mid = new AbortController();
    let batches = 0;
    const error = await (async () => {
      for await (const _ of readLogs([path], { signal: mid.signal, batchSize: 100, parseThread })) {
        batches++;
        mid.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(batches).toBe(1);
  });

  test('a LogStream is iterated once', async () => {
    const stream = readLogs([ELASTIC]);
    for await (const _ of stream) break;
    expect(() => stream[Symbol.asyncIterator]()).toThrow(UsageError);
  });
});

describe('readLogs: progress', () => {
  test('reports stage parse, throttled, ending with records + malformed', async () => {
    const path = join(tmp, 'progress.log');
    await writeFile(path, await manyLines(30_000));
    const events: ProgressEvent[] = [];
    const { summary } = await collect([path, MALFORMED], { onProgress: (e) => events.push(e), batchSize: 100 });
    expect(events.every((e) => e.stage === 'parse')).toBe(true);
    expect(events.length).toBeLessThan(30_000 / 100); // throttled: not one per batch
    expect(events.at(-1)?.done).toBe(summary.records + summary.malformed);
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
  });
});
