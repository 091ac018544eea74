// `semlog watch -`: complete lines from a stream that cannot be reopened or resumed (stdin), in the
// same pieces as a followed file gives. A last line without a newline counts when the stream ends.
//
// Bounded like a followed file: a take gives at most the read budget of lines (a batch), and the
// stream is paused while twice that is held, so that a backlog piped in (`zcat old.log.gz | semlog
// watch -`) is read as fast as it is judged, not into memory. Before, the whole of a 280 MB pipe was
// held and judged as one batch (1.2 GB of memory).

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
  readonly #stream: NodeJS.ReadableStream;
  /** Bytes a take looks at: the read budget, and always more than a line may be long (so that one is cut). */
  readonly #takeBytes: number;
  #paused = false;

  /** `budgetBytes`: bytes of lines a take gives at most (a followed file's read budget). */
  constructor(stream: NodeJS.ReadableStream, private readonly maxLineBytes: number, budgetBytes: number) {
    this.#stream = stream;
    this.#takeBytes = Math.max(budgetBytes, maxLineBytes + 1);
    stream.on('data', this.#onData);
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

  readonly #onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.#held.push(bytes);
    this.#heldBytes += bytes.length;
    if (this.#heldBytes >= 2 * this.#takeBytes && !this.#paused) {
      this.#paused = true;
      this.#stream.pause();
    }
    this.#listener();
  };

  /**
   * Stops reading (the stream is left open: it is the caller's). A watcher that failed, e.g. on a
   * reader of its findings that went away, must end even though `tail -F … |` never ends its stdin.
   */
  close(): void {
    this.#stream.removeListener('data', this.#onData);
    this.#stream.pause();
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

  /**
   * The complete lines held so far, up to the read budget, as one chunk; undefined when there are none.
   * More may be held after it: take again without waiting.
   */
  take(): { lineBefore: number; pieces: ReadPiece[]; head?: Buffer } | undefined {
    if (this.#heldBytes === 0) return undefined;
    // The held chunks that make the budget; the others wait for the next take.
    let taken = 0;
    let bytes = 0;
    while (taken < this.#held.length && bytes < this.#takeBytes) bytes += this.#held[taken++]!.length;
    const later = this.#held.slice(taken);
    let all = Buffer.concat(this.#held.slice(0, taken));
    if (this.#ended && later.length === 0 && all[all.length - 1] !== 10) all = Buffer.concat([all, Buffer.from('\n')]);
    const pieces: ReadPiece[] = [];
    const lineBefore = this.#line;
    let pos = 0;
    if (this.#skipping) {
      const newline = all.indexOf(10);
      if (newline === -1) return this.#keep(all, all.length, later, pieces, lineBefore);
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
    return this.#keep(all, pos, later, pieces, lineBefore);
  }

  #keep(all: Buffer, consumed: number, later: Buffer[], pieces: ReadPiece[], lineBefore: number) {
    const rest = all.subarray(consumed);
    this.#held = rest.length === 0 ? later : [Buffer.from(rest), ...later];
    this.#heldBytes = this.#held.reduce((sum, chunk) => sum + chunk.length, 0);
    if (this.#paused && this.#heldBytes < this.#takeBytes) {
      this.#paused = false;
      this.#stream.resume();
    }
    if (pieces.length === 0) return undefined;
    // Detection reads the first lines given; stdin's first chunk is its head.
    const first = pieces.find((p) => p.kind === 'lines');
    const head = this.#head === undefined && first?.kind === 'lines' ? (this.#head = first.bytes) : undefined;
    return { lineBefore, pieces, ...(head !== undefined && { head }) };
  }
}
