// Parsing in a second thread gives what parsing on the main thread gives: the same records in the same
// batches, the same malformed lines and the same summary, for every format, gzip, damage, stdin in
// small pieces, and a real 8.9 MB CloudFront log that 'auto' sends to the thread. And a thread that
// breaks is a clear error, not a short report.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { EXIT, InterruptedError, ModelError, UsageError } from '../../src/errors.js';
import { FileIngest } from '../../src/parse/file-ingest.js';
import { readLogs, type ReadLogsOptions } from '../../src/parse/read-logs.js';
import { getFormat } from '../../src/parse/registry.js';
import { ParseThread } from '../../src/parse/thread/parse-thread.js';
import { PARSE_THREAD_MIN_BYTES, PARSE_THREAD_MIN_GZIP_BYTES, wantsParseThread } from '../../src/parse/thread/wants-parse-thread.js';
import type { LogRecord, MalformedLine } from '../../src/types.js';
import { needs } from '../helpers/needs.js';
import { FIXTURES, NETNEA_FORMAT, SHARED_DATA } from './helpers.js';

const FAILING_WORKER = fileURLToPath(new URL('../fixtures/parse-thread/failing-worker.mjs', import.meta.url));
const SLOW_WORKER = fileURLToPath(new URL('../fixtures/parse-thread/slow-worker.mjs', import.meta.url));
const BUILT_WORKER = fileURLToPath(new URL('../../dist/parse/thread/parse-worker.js', import.meta.url));
const ELASTIC = FIXTURES + 'combined/elastic-apache.log';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'semlog-parse-thread-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Every batch as yielded, and the summary; and how many parse threads readLogs started. */
async function read(paths: readonly string[], options: ReadLogsOptions) {
  const start = vi.spyOn(ParseThread, 'start');
  const stream = readLogs(paths, options);
  const batches: LogRecord[][] = [];
  for await (const batch of stream) batches.push(batch);
  const threads = start.mock.results.filter((r) => r.type === 'return' && r.value !== undefined).length;
  start.mockRestore();
  return { batches, summary: stream.summary, threads };
}

/** Reads `paths` on the main thread and in the parse thread, checks both give the same, and returns it. */
async function same(paths: readonly string[], options: ReadLogsOptions = {}, stdin?: () => NodeJS.ReadableStream) {
  const here = await read(paths, { ...options, parseThread: false, ...(stdin && { stdin: stdin() }) });
  const there = await read(paths, { ...options, parseThread: true, ...(stdin && { stdin: stdin() }) });
  expect(here.threads).toBe(0);
  expect(there.threads).toBe(1);
  expect(there.batches).toEqual(here.batches);
  expect(there.summary).toEqual(here.summary);
  return here;
}

describe('parse thread: the same records, batches and summary as the main thread', () => {
  test('the compiled worker exists (npm test builds first): without it every test here would read on the main thread', () => {
    expect(existsSync(BUILT_WORKER)).toBe(true);
  });

  test('every fixture format, in small batches: combined, common, CloudFront (#Fields), ALB, WAF JSON (pretty and per line)', async () => {
    const dirs = ['combined', 'common', 'cloudfront', 'alb', 'waf'].map((d) => FIXTURES + d);
    const { summary, batches } = await same(dirs, { batchSize: 7 });
    expect(summary.formats).toEqual(['combined', 'common', 'cloudfront', 'alb', 'waf']);
    expect(summary.records).toBeGreaterThan(150);
    // AWS records carry extras through the thread.
    expect(batches.flat().some((r) => r.extras !== null)).toBe(true);
  });

  test('malformed lines: the same sample, codes and counts, in order', async () => {
    const { summary } = await same([FIXTURES + 'malformed/combined-with-malformed.log'], { batchSize: 2 });
    expect(summary.malformed).toBe(6);
    expect(summary.malformedSample.map((m: MalformedLine) => m.code)).toContain('SEMLOG_BINARY_LINE');
  });

  test('a custom LogFormat (netnea) is made on the thread from the same string', async () => {
    const { summary } = await same([FIXTURES + 'custom'], { logFormat: NETNEA_FORMAT });
    expect(summary.records).toBeGreaterThan(0);
    expect(summary.malformed).toBe(0);
  });

  test('gzip, and a truncated gzip: the records before the damage and the same damage', async () => {
    const lines = (await readFile(ELASTIC, 'utf8')).trimEnd().split('\n');
    const text = Array.from({ length: 20_000 }, (_, i) => lines[i % lines.length]).join('\n') + '\n';
    const whole = join(tmp, 'whole.log.gz');
    const cut = join(tmp, 'cut.log.gz');
    const gz = gzipSync(text);
    await writeFile(whole, gz);
    await writeFile(cut, gz.subarray(0, Math.floor(gz.length / 2)));
    // Everything decoded before the damage reaches the reader, however fast it reads
    // (gunzip-chunks.ts): the same records on both threads, every time.
    for (let round = 0; round < 3; round++) {
      const { summary } = await same([whole, cut, ELASTIC]);
      expect(summary.files.map((f) => f.damaged?.code)).toEqual([undefined, 'SEMLOG_GZIP_TRUNCATED', undefined]);
      expect(summary.files[1]!.records).toBeGreaterThan(1000);
    }
  });

  test('stdin in 37-byte pieces: lines across pieces, and more pieces in flight than the thread holds', async () => {
    const text = await readFile(FIXTURES + 'combined/ocatak-netsparker-wrapped-crlf.log');
    const pieces = () => Readable.from(Array.from({ length: Math.ceil(text.length / 37) }, (_, i) => text.subarray(i * 37, i * 37 + 37)));
    const { summary } = await same(['-'], { batchSize: 3 }, pieces);
    expect(summary.records).toBe(10);
  });

  const shared = needs(existsSync(SHARED_DATA), `${SHARED_DATA} (CI puts ../shared next to the repository)`);
  test.runIf(shared)("real data: 'auto' parses the 8.9 MB CloudFront sample in the thread, with the same result", async () => {
    const path = SHARED_DATA + 'aws-format-samples/cloudfront/aws-waf-security-automations_cf-access-log-sample_SYNTHETIC.log';
    expect(await wantsParseThread({ name: path, path }, 'auto')).toBe(true);
    const here = await read([path], { parseThread: false });
    const auto = await read([path], {});
    expect(auto.threads).toBe(1);
    expect(auto.batches).toEqual(here.batches);
    expect(auto.summary).toEqual(here.summary);
    expect(here.summary.records).toBeGreaterThan(25_000);
  });
});

describe('parse thread: direct use', () => {
  test('one input through ParseThread gives FileIngest batches, and the next input follows on the same thread', async () => {
    const chunk = await readFile(ELASTIC);
    const format = getFormat('combined');
    const local = new FileIngest({ file: 'x.log', format, parser: format.createParser({}), maxLineBytes: 65536, batchSize: 5, onMalformed: () => {} });
    local.push(chunk);
    local.end();
    const expected = local.takeBatches(true);
    expect(expected.map((b) => b.length)).toEqual([5, 5, 5, 5, 1]);
    const thread = ParseThread.start()!;
    try {
      for (const file of ['x.log', 'x.log']) {
        const ingest = thread.open({ file, format, maxLineBytes: 65536, batchSize: 5, onMalformed: () => {} }, {});
        await ingest.push(chunk);
        await ingest.end();
        expect(ingest.takeBatches()).toEqual(expected);
        expect(ingest.lineCount).toBe(local.lineCount);
      }
    } finally {
      await thread.close();
    }
  });
});

describe('parse thread: failures', () => {
  const combined = getFormat('combined');
  const options = { file: 'x.log', format: combined, maxLineBytes: 65536, batchSize: 5, onMalformed: () => {} };

  test.each([
    ['reports a failure', undefined, 'the parser threw'],
    ['ends without a word', 'exit', 'it ended'],
  ])('a thread that %s: a ModelError (exit 4) naming it, not a short read', async (_, workerData, message) => {
    const thread = ParseThread.start(undefined, FAILING_WORKER, workerData)!;
    try {
      const ingest = thread.open(options, {});
      await ingest.push(Buffer.from('first\n'));
      const error = await (async () => {
        try {
          await ingest.push(Buffer.from('second\n'));
          await ingest.end();
        } catch (caught) {
          return caught as ModelError;
        }
        throw new Error('expected the thread to fail');
      })();
      expect(error).toBeInstanceOf(ModelError);
      expect(error.exitCode).toBe(EXIT.model);
      expect(error.code).toBe('SEMLOG_PARSE_THREAD_FAILED');
      expect(error.message).toContain(message);
    } finally {
      await thread.close();
    }
  });

  test('a process with nothing else to do waits for the answer (the thread is unreferenced only while no answer is awaited)', async () => {
    // In a process of its own: the test runner's own handles would keep this one alive anyway.
    const dist = (path: string) => JSON.stringify(new URL(`../../dist/${path}`, import.meta.url).href);
    const script = `
      import { ParseThread } from ${dist('parse/thread/parse-thread.js')};
      import { getFormat } from ${dist('parse/registry.js')};
      const thread = ParseThread.start(undefined, ${JSON.stringify(SLOW_WORKER)});
      const ingest = thread.open({ file: 'x.log', format: getFormat('combined'), maxLineBytes: 65536, batchSize: 5, onMalformed() {} }, {});
      await ingest.push(Buffer.from('a line\\n'));
      await ingest.end();
      console.log('answered');
      await thread.close();`;
    const file = join(tmp, 'waits.mjs');
    await writeFile(file, script);
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.stderr.on('data', (data: Buffer) => (err += data.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect({ code, out, err }).toEqual({ code: 0, out: 'answered\n', err: '' });
  });

  test('abort mid-read → InterruptedError', async () => {
    const controller = new AbortController();
    const path = join(tmp, 'abort.log');
    const lines = (await readFile(ELASTIC, 'utf8')).trimEnd().split('\n');
    await writeFile(path, Array.from({ length: 20_000 }, (_, i) => lines[i % lines.length]).join('\n') + '\n');
    const stream = readLogs([path], { signal: controller.signal, parseThread: true, batchSize: 100 });
    await expect(
      (async () => {
        for await (const _ of stream) controller.abort();
      })(),
    ).rejects.toThrow(InterruptedError);
  });

  test("parseThread must be 'auto', true or false (exit 2)", () => {
    expect(() => readLogs([ELASTIC], { parseThread: 'yes' as never })).toThrow(UsageError);
  });
});

describe("parse thread: when 'auto' uses it", () => {
  test('by size: 8 MiB of text, 1 MiB of gzip; never stdin; a byte range by its length, an S3 object by its listed size', async () => {
    const big = join(tmp, 'big.log');
    const small = join(tmp, 'small.log');
    const zipped = join(tmp, 'zipped.log.gz');
    await writeFile(big, '');
    await truncate(big, PARSE_THREAD_MIN_BYTES);
    await writeFile(small, '');
    await truncate(small, PARSE_THREAD_MIN_BYTES - 1);
    // A gzip header and then zeros: only the size and the magic bytes are looked at.
    await writeFile(zipped, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(PARSE_THREAD_MIN_GZIP_BYTES)]));
    expect(await wantsParseThread({ name: big, path: big }, 'auto')).toBe(true);
    expect(await wantsParseThread({ name: small, path: small }, 'auto')).toBe(false);
    expect(await wantsParseThread({ name: zipped, path: zipped }, 'auto')).toBe(true);
    expect(await wantsParseThread({ name: small, path: small }, true)).toBe(true);
    expect(await wantsParseThread({ name: big, path: big }, false)).toBe(false);
    expect(await wantsParseThread({ name: '-', path: null }, 'auto')).toBe(false);
    // A listed S3 object: by its listed size, gzip by its name.
    expect(await wantsParseThread({ name: 's3://logs/alb/x.log.gz', path: null, size: PARSE_THREAD_MIN_GZIP_BYTES }, 'auto')).toBe(true);
    expect(await wantsParseThread({ name: 's3://logs/alb/x.log', path: null, size: PARSE_THREAD_MIN_GZIP_BYTES }, 'auto')).toBe(false);
    expect(await wantsParseThread({ name: 's3://logs/alb/x.log', path: null, size: PARSE_THREAD_MIN_BYTES }, 'auto')).toBe(true);
    expect(await wantsParseThread({ name: 's3://logs/alb/x.log', path: null }, 'auto')).toBe(false);
    expect(await wantsParseThread({ name: big, path: big, range: { start: 0, end: 1024 } }, 'auto')).toBe(false);
    expect(await wantsParseThread({ name: join(tmp, 'missing.log'), path: join(tmp, 'missing.log') }, 'auto')).toBe(false);
  });
});
