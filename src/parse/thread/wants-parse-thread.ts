// When a parse thread pays: starting one takes a few tens of milliseconds on another core, and
// parsing a megabyte takes about five on this one, so only large inputs are worth it.

import { open, stat } from 'node:fs/promises';
import { isGzipMagic } from '../read-chunks.js';
import type { InputSource } from '../resolve-inputs.js';

/** readLogs' `parseThread`: 'auto' decides by the input's size. */
export type ParseThreadChoice = 'auto' | boolean;

/** Bytes of log text from which 'auto' parses in a second thread (about 35,000 lines of a combined log). */
export const PARSE_THREAD_MIN_BYTES = 8 * 1024 * 1024;
/** The same for a gzipped file, which holds several times its size in text. */
export const PARSE_THREAD_MIN_GZIP_BYTES = 1024 * 1024;

/**
 * Whether `input` is parsed in the parse thread. 'auto': a local file, byte range or listed S3 object
 * of at least PARSE_THREAD_MIN_BYTES (PARSE_THREAD_MIN_GZIP_BYTES gzipped: by its magic bytes, or an
 * object by its `.gz` name); stdin, whose size is not known in advance, is parsed on the main thread.
 */
export async function wantsParseThread(input: InputSource, choice: ParseThreadChoice): Promise<boolean> {
  if (choice !== 'auto') return choice;
  // A listed object is judged by its size, and by its name for gzip: its first bytes are not at hand.
  if (input.path === null) return input.size !== undefined && input.size >= (input.name.endsWith('.gz') ? PARSE_THREAD_MIN_GZIP_BYTES : PARSE_THREAD_MIN_BYTES);
  if (input.range !== undefined) return input.range.end - input.range.start >= PARSE_THREAD_MIN_BYTES;
  try {
    const { size } = await stat(input.path);
    if (size >= PARSE_THREAD_MIN_BYTES) return true;
    return size >= PARSE_THREAD_MIN_GZIP_BYTES && (await startsGzipped(input.path));
  } catch {
    return false; // the read that follows reports what is wrong with the file
  }
}

async function startsGzipped(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && isGzipMagic(buffer);
  } finally {
    await handle.close();
  }
}
