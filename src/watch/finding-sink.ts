// Where `semlog watch` writes its NDJSON: a file it appends to (--out), whose length goes into the
// state with every batch, so that after a crash the findings of a batch whose state was never saved
// are cut off and judged again: each line's findings are written exactly once.

import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { InputError } from '../errors.js';

export interface FindingSink {
  /** Resolves when `text` is written; rejects when it cannot be, and watchLogs ends with that error, the batch's state unsaved. */
  write(text: string): Promise<void>;
  /** The output file's length after the last write; null for a stream, which cannot be cut back. */
  readonly bytes: number | null;
  close(): void;
}

/** Appends to `path`, first cutting it back to `committedBytes` (what the saved state accounts for). */
export function openFileSink(path: string, committedBytes: number | null): FindingSink {
  let fd: number;
  let bytes: number;
  try {
    fd = openSync(path, 'a');
    bytes = fstatSync(fd).size;
    if (committedBytes !== null && committedBytes < bytes) {
      ftruncateSync(fd, committedBytes);
      bytes = committedBytes;
    }
  } catch (cause) {
    throw outputError(path, cause);
  }
  return {
    get bytes() {
      return bytes;
    },
    async write(text) {
      if (text === '') return;
      const data = Buffer.from(text);
      try {
        for (let done = 0; done < data.length; ) done += writeSync(fd, data, done);
        // From the file, not a running sum: someone may have rotated or truncated it meanwhile.
        bytes = fstatSync(fd).size;
      } catch (cause) {
        throw outputError(path, cause);
      }
    },
    close() {
      closeSync(fd);
    },
  };
}

function outputError(path: string, cause: unknown): InputError {
  return new InputError('SEMLOG_OUTPUT_FAILED', `cannot write ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
    hint: 'check that the folder exists, is writable and has free space',
    cause,
  });
}
