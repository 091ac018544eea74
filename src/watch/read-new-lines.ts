// Reads what a followed file gained since `offset`, complete lines only: a line still being written
// (no newline yet) stays in the file until its newline arrives, so the offset that is saved is always
// the start of a line. A line longer than maxLineBytes is reported once and skipped up to its newline.

import { readSync } from 'node:fs';
import { EXCERPT_CHARS } from '../parse/line-splitter.js';

export type ReadPiece =
  /** Complete lines, each ending with its newline. */
  | { kind: 'lines'; bytes: Buffer }
  /** An over-long line starts here (it is the next line); its bytes are skipped. */
  | { kind: 'overlong'; excerpt: string }
  /** The newline of the over-long line being skipped. */
  | { kind: 'lineEnd' };

export interface ReadPosition {
  offset: number;
  skipping: boolean;
}

export interface NewLines extends ReadPosition {
  pieces: ReadPiece[];
}

/** At most `budgetBytes` (but always enough to see a whole line of maxLineBytes) from `fd`, whose size is `size`. */
export function readNewLines(fd: number, from: ReadPosition, size: number, maxLineBytes: number, budgetBytes: number): NewLines {
  const pieces: ReadPiece[] = [];
  let { offset, skipping } = from;
  const length = Math.min(size - offset, Math.max(budgetBytes, maxLineBytes + 2));
  if (length <= 0) return { pieces, offset, skipping };
  const buffer = Buffer.allocUnsafe(length);
  const got = readFully(fd, buffer, offset);
  const chunk = buffer.subarray(0, got);
  let pos = 0;
  if (skipping) {
    const newline = chunk.indexOf(10);
    if (newline === -1) return { pieces, offset: offset + got, skipping };
    pieces.push({ kind: 'lineEnd' });
    pos = newline + 1;
    skipping = false;
  }
  const last = chunk.lastIndexOf(10);
  if (last >= pos) {
    pieces.push({ kind: 'lines', bytes: chunk.subarray(pos, last + 1) });
    pos = last + 1;
  }
  // No newline in more than maxLineBytes: whatever comes, this line is too long to keep.
  if (got - pos > maxLineBytes) {
    pieces.push({ kind: 'overlong', excerpt: chunk.toString('utf8', pos, pos + EXCERPT_CHARS * 4).slice(0, EXCERPT_CHARS) });
    skipping = true;
    pos = got;
  }
  offset += pos;
  return { pieces, offset, skipping };
}

function readFully(fd: number, buffer: Buffer, position: number): number {
  let got = 0;
  while (got < buffer.length) {
    const n = readSync(fd, buffer, got, buffer.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
