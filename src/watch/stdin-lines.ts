// `semlog watch -`: complete lines from a stream that cannot be reopened or resumed (stdin), in the
// same pieces as a followed file gives. A last line without a newline counts when the stream ends.

import { EXCERPT_CHARS } from '../parse/line-splitter.js';
import type { ReadPiece } from './read-new-lines.js';

export class StdinLines {
  /** Stands for stdin in the state the parsers keep per input; not saved (stdin cannot be resumed). */
  readonly file = { name: '-', format: null as string | null };
  #held: Buffer[] = [];
  #heldBytes = 0;
  #skipping = false;
  #line = 0;
  #ended = false;
  #error: unknown;
  #head: Buffer | undefined = undefined;
  #listener: () => void = () => {};

  constructor(stream: NodeJS.ReadableStream, private readonly maxLineBytes: number) {
    stream.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.#held.push(bytes);
      this.#heldBytes += bytes.length;
      this.#listener();
    });
    stream.on('end', () => {
      this.#ended = true;
      this.#listener();
    });
    stream.on('error', (error) => {
      this.#error = error;
      this.#ended = true;
      this.#listener();
    });
  }

  /** Called whenever data arrives or the stream ends. */
  onChange(listener: () => void): void {
    this.#listener = listener;
  }

  /** Everything read, the stream ended, and every line was taken. */
  get done(): boolean {
    return this.#ended && this.#heldBytes === 0;
  }

  get error(): unknown {
    return this.#error;
  }

  /** The complete lines held so far, as one chunk; undefined when there are none. */
  take(): { lineBefore: number; pieces: ReadPiece[]; head?: Buffer } | undefined {
    if (this.#heldBytes === 0) return undefined;
    let all = Buffer.concat(this.#held);
    if (this.#ended && all[all.length - 1] !== 10) all = Buffer.concat([all, Buffer.from('\n')]);
    const pieces: ReadPiece[] = [];
    const lineBefore = this.#line;
    let pos = 0;
    if (this.#skipping) {
      const newline = all.indexOf(10);
      if (newline === -1) return this.#keep(all, all.length, pieces, lineBefore);
      pieces.push({ kind: 'lineEnd' });
      this.#line++;
      this.#skipping = false;
      pos = newline + 1;
    }
    const last = all.lastIndexOf(10);
    if (last >= pos) {
      const bytes = all.subarray(pos, last + 1);
      pieces.push({ kind: 'lines', bytes });
      for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) this.#line++;
      pos = last + 1;
    }
    if (all.length - pos > this.maxLineBytes) {
      pieces.push({ kind: 'overlong', excerpt: all.toString('utf8', pos, pos + EXCERPT_CHARS * 4).slice(0, EXCERPT_CHARS) });
      this.#skipping = true;
      pos = all.length;
    }
    return this.#keep(all, pos, pieces, lineBefore);
  }

  #keep(all: Buffer, consumed: number, pieces: ReadPiece[], lineBefore: number) {
    const rest = all.subarray(consumed);
    this.#held = rest.length === 0 ? [] : [Buffer.from(rest)];
    this.#heldBytes = rest.length;
    if (pieces.length === 0) return undefined;
    // Detection reads the first lines given; stdin's first chunk is its head.
    const first = pieces.find((p) => p.kind === 'lines');
    const head = this.#head === undefined && first?.kind === 'lines' ? (this.#head = first.bytes) : undefined;
    return { lineBefore, pieces, ...(head !== undefined && { head }) };
  }
}
