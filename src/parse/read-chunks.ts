// Bytes of one input as an async sequence of Buffers: a file, stdin or a remote object, gunzipped when
// it starts with the gzip magic bytes (content decides, not the `.gz` suffix). Pull-based, so
// backpressure is free: nothing is read until the consumer asks for the next chunk.
import { createReadStream } from 'node:fs';
import { Readable, addAbortSignal } from 'node:stream';
import { gunzipChunks } from './gunzip-chunks.js';
import { lineSpan, type ByteRange } from './line-span.js';
import type { InputSource } from './resolve-inputs.js';

/** Read size: large enough to amortize per-chunk work, small enough to keep memory flat. */
export const CHUNK_BYTES = 256 * 1024;

export interface Damage {
  code: string;
  message: string;
}

/**
 * The chunks of a file (`path`), a remote object (`open`) or `stdin` (neither), decompressed if gzip;
 * of a file's `range`, the lines that range owns (line-span.ts).
 */
export async function* readChunks(
  input: Pick<InputSource, 'path' | 'open' | 'range'>,
  stdin: NodeJS.ReadableStream,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  if (input.range !== undefined && input.path !== null) {
    yield* readRange(input.path, input.range, signal);
    return;
  }
  const stream = openRaw(input, stdin, signal);
  // Without this, an abort would wait for the next chunk, which on an idle pipe may never come.
  if (signal !== undefined && stream instanceof Readable) addAbortSignal(signal, stream);
  const raw = stream as AsyncIterable<Buffer | string>;
  const iterator = raw[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  // The magic is two bytes; a pipe may deliver fewer in its first chunk.
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, toBuffer(next.value)]);
  }
  const rest: AsyncIterable<Buffer> = (async function* () {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toBuffer(next.value);
  })();
  try {
    if (!isGzipMagic(head)) {
      if (head.length > 0) yield head;
      yield* rest;
      return;
    }
    yield* gunzipChunks(prepend(head, rest));
  } finally {
    await iterator.return?.();
  }
}

/** Whether data starting with `head` is gzip: content decides, not a `.gz` suffix. */
export function isGzipMagic(head: Buffer): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Never gunzipped: the coordinator splits only plain files (gzip cannot be entered mid-stream), and a
 * line that happens to begin with the gzip magic bytes must stay a line, as it is in a whole-file read.
 */
async function* readRange(path: string, range: ByteRange, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const { from, to } = await lineSpan(path, range);
  if (to <= from) return;
  const stream = createReadStream(path, { start: from, end: to - 1, highWaterMark: CHUNK_BYTES });
  if (signal !== undefined) addAbortSignal(signal, stream);
  for await (const chunk of stream) yield chunk as Buffer;
}

function openRaw(input: Pick<InputSource, 'path' | 'open'>, stdin: NodeJS.ReadableStream, signal?: AbortSignal) {
  if (input.open !== undefined) return input.open(signal);
  return input.path === null ? stdin : createReadStream(input.path, { highWaterMark: CHUNK_BYTES });
}

async function* prepend(head: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield head;
  yield* rest;
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** What went wrong mid-input, in the words the summary uses. */
export function damageOf(error: unknown): Damage {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'Z_BUF_ERROR') return { code: 'SEMLOG_GZIP_TRUNCATED', message: `gzip data ends early (${message})` };
  if (code === 'Z_DATA_ERROR') return { code: 'SEMLOG_GZIP_CORRUPT', message: `gzip data is corrupt (${message})` };
  if (code?.startsWith('SEMLOG_')) return { code, message };
  return { code: 'SEMLOG_READ_ERROR', message };
}
