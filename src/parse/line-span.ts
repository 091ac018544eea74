// Where the lines of one byte range of a plain file begin and end (the Hadoop split rule): a range
// owns the lines that *start* inside it. It skips the end of a line begun before its start, and reads
// past its end to finish the last line it owns; so ranges that tile a file read every line exactly once.

import { open } from 'node:fs/promises';

/** Bytes [start, end) of a file, as the coordinator of a distributed scan cut it. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Reads up to `length` bytes at `position`; none at the end of the data. */
export type ReadAt = (position: number, length: number) => Promise<Buffer>;

/** Enough to find the next newline of a log line in one read, mostly. */
const PROBE_BYTES = 64 * 1024;

/**
 * The position of the first line that starts at or after `position`: `position` itself when a line
 * starts there (0, or just after a newline), else just after the next newline, else the end of the
 * data. Both ends of a range go through it, so two ranges that meet agree on where the one ends and
 * the other begins. Only `\n` counts: a CR before it stays with its line, whatever side of a range
 * boundary it falls on.
 */
export async function lineStartFrom(readAt: ReadAt, position: number, probeBytes = PROBE_BYTES): Promise<number> {
  if (position === 0) return 0;
  // The byte before `position` is read too: a newline there means a line starts right at `position`.
  let at = position - 1;
  for (;;) {
    const bytes = await readAt(at, probeBytes);
    if (bytes.length === 0) return at;
    const newline = bytes.indexOf(10);
    if (newline !== -1) return at + newline + 1;
    at += bytes.length;
  }
}

/** The bytes [from, to) holding exactly the lines that `range` owns in the file at `path` (from ≥ to: none). */
export async function lineSpan(path: string, range: ByteRange): Promise<{ from: number; to: number }> {
  const file = await open(path, 'r');
  try {
    const readAt: ReadAt = async (position, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    };
    return { from: await lineStartFrom(readAt, range.start), to: await lineStartFrom(readAt, range.end) };
  } finally {
    await file.close();
  }
}
