// Buffers → lines. Splits on the newline byte (UTF-8 never uses 0x0A inside a character), decodes each
// line once, strips a CR before the newline, and never holds more than maxLineBytes of one line.
import { isAscii } from 'node:buffer';
import { AsciiBlocks } from './ascii-blocks.js';

/** How much of a line a malformed entry shows. */
export const EXCERPT_CHARS = 200;

export interface LineSink {
  /** A complete line, 1-based physical line number, without `\n` and a CR before it; `hasNul` if it contains a NUL byte. */
  line(text: string, line: number, hasNul: boolean): void;
  /** A line longer than maxLineBytes (or cut off by damaged input), with its first bytes decoded. */
  overflow(excerpt: string, line: number, truncated: boolean): void;
}

export class LineSplitter {
  private lineNo = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while the rest of an over-long line is being skipped; holds its decoded start. */
  private skippedExcerpt: string | null = null;
  private readonly ascii = new AsciiBlocks();
  /** Whether the current chunk has a NUL byte anywhere: one memchr per chunk instead of one scan per line. */
  private chunkHasNul = false;

  constructor(private readonly maxLineBytes: number, private readonly sink: LineSink) {}

  /** The number of the last line handed to the sink. */
  get lineCount(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    this.ascii.reset(chunk);
    this.chunkHasNul = chunk.indexOf(0) !== -1;
    let start = 0;
    let newline = chunk.indexOf(10);
    if (newline !== -1 && (this.pendingBytes > 0 || this.skippedExcerpt !== null)) {
      this.hold(chunk, 0, newline);
      this.emitPending(this.ascii.encodingOf(0, newline));
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    while (newline !== -1) {
      this.emit(chunk, start, newline, this.ascii.encodingOf(start, newline));
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.hold(chunk, start, chunk.length);
  }

  /** End of input: a last line without a newline is still a line. */
  end(): void {
    if (this.pendingBytes > 0 || this.skippedExcerpt !== null) this.emitPending('utf8');
  }

  /** The input broke off (damaged .gz, read error): a partial last line is reported as cut off. */
  endDamaged(): void {
    if (this.pendingBytes === 0 && this.skippedExcerpt === null) return;
    const excerpt = this.skippedExcerpt ?? excerptOf(Buffer.concat(this.pending), 0, this.pendingBytes);
    this.reset();
    this.sink.overflow(excerpt, ++this.lineNo, true);
  }

  private emit(buffer: Buffer, start: number, newline: number, encoding: 'latin1' | 'utf8'): void {
    const end = newline > start && buffer[newline - 1] === 13 ? newline - 1 : newline;
    this.lineNo++;
    if (end - start > this.maxLineBytes) this.sink.overflow(excerptOf(buffer, start, end), this.lineNo, false);
    else {
      const hasNul = this.chunkHasNul && buffer.indexOf(0, start) !== -1 && buffer.indexOf(0, start) < end;
      this.sink.line(buffer.toString(encoding, start, end), this.lineNo, hasNul);
    }
  }

  private hold(buffer: Buffer, start: number, end: number): void {
    if (this.skippedExcerpt !== null) return;
    if (this.pendingBytes + (end - start) > this.maxLineBytes + 1) {
      // Too long already: remember how it starts and drop the bytes, so memory stays bounded.
      this.pending.push(buffer.subarray(start, Math.min(end, start + EXCERPT_CHARS * 4)));
      this.skippedExcerpt = excerptOf(Buffer.concat(this.pending), 0, EXCERPT_CHARS * 4);
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copy: the caller may reuse the chunk, and a slice would pin the whole chunk in memory.
    this.pending.push(Buffer.from(buffer.subarray(start, end)));
    this.pendingBytes += end - start;
  }

  /** `encoding` is the one of the chunk that completed the line; latin1 only if the held part is ASCII too. */
  private emitPending(encoding: 'latin1' | 'utf8'): void {
    if (this.skippedExcerpt !== null) {
      const excerpt = this.skippedExcerpt;
      this.reset();
      this.sink.overflow(excerpt, ++this.lineNo, false);
      return;
    }
    const whole = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.reset();
    const chunkHasNul = this.chunkHasNul;
    this.chunkHasNul = whole.indexOf(0) !== -1;
    this.emit(whole, 0, whole.length, encoding === 'latin1' && isAscii(whole) ? 'latin1' : 'utf8');
    this.chunkHasNul = chunkHasNul;
  }

  private reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skippedExcerpt = null;
  }
}

/** The first EXCERPT_CHARS characters of `buffer[start, end)`. */
function excerptOf(buffer: Buffer, start: number, end: number): string {
  return buffer.toString('utf8', start, Math.min(end, start + EXCERPT_CHARS * 4)).slice(0, EXCERPT_CHARS);
}
