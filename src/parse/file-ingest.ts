// The pure core of reading one input: chunks in, LogRecords and malformed lines out. No I/O, no
// promises, so it is tested with plain Buffers and runs at the speed of the line parsers.
import type { LogRecord, MalformedLine } from '../types.js';
import { isBinaryLine } from './is-binary-line.js';
import { JsonFramer } from './json-framer.js';
import { EXCERPT_CHARS, LineSplitter } from './line-splitter.js';
import type { LineParser, LogFormat } from './log-format.js';
import { MALFORMED, type MalformedCode } from './malformed-codes.js';

/** Only spaces and tabs: other Unicode spaces in a line are content, not blankness. */
const BLANK = /^[ \t]*$/;

export interface FileIngestOptions {
  /** The name records carry (`file`). */
  file: string;
  format: LogFormat;
  parser: LineParser;
  maxLineBytes: number;
  /** Records per batch handed out by takeBatches(). */
  batchSize: number;
  /** Called for every malformed line, in order. */
  onMalformed: (line: MalformedLine) => void;
}

export class FileIngest {
  /** The batch being filled, and the full ones not yet taken. */
  private batch: LogRecord[] = [];
  private full: LogRecord[][] = [];
  private readonly batchSize: number;
  private readonly splitter: LineSplitter;
  private readonly framer: JsonFramer | null;
  private readonly file: string;
  private readonly parser: LineParser;
  private readonly onMalformed: (line: MalformedLine) => void;
  recordCount = 0;
  malformedCount = 0;

  constructor(options: FileIngestOptions) {
    this.file = options.file;
    this.batchSize = options.batchSize;
    this.parser = options.parser;
    this.onMalformed = options.onMalformed;
    this.framer = options.format.framing === 'json' ? new JsonFramer(options.maxLineBytes) : null;
    this.splitter = new LineSplitter(options.maxLineBytes, {
      line: (text, line, hasNul) => (hasNul ? this.malformed(MALFORMED.binaryLine, text, line) : this.acceptLine(text, line)),
      overflow: (excerpt, line, truncated) =>
        this.malformed(truncated ? MALFORMED.truncatedLine : MALFORMED.lineTooLong, excerpt, line),
    });
  }

  /** Physical lines so far, every kind counted: the number of the last one. */
  get lineCount(): number {
    return this.splitter.lineCount;
  }

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  /** The input ended normally. */
  end(): void {
    this.splitter.end();
    this.framer?.end(this.acceptEntry);
  }

  /** The input broke off: a partial last line or object is malformed (SEMLOG_TRUNCATED_LINE). */
  endDamaged(): void {
    this.splitter.endDamaged();
    this.framer?.end((text, line) => this.malformed(MALFORMED.truncatedLine, text, line));
  }

  /** Hands over the full batches (the caller owns them); with `all`, the partial one too. */
  takeBatches(all = false): LogRecord[][] {
    const batches = this.full;
    this.full = [];
    if (all && this.batch.length > 0) {
      batches.push(this.batch);
      this.batch = [];
    }
    return batches;
  }

  private acceptLine(text: string, line: number): void {
    const first = text.charCodeAt(0);
    // Blank lines and `#` lines (headers, comments) are neither records nor malformed.
    if (first === 35 /* # */) return this.parser.comment?.(text);
    if ((first === 32 || first === 9 || text.length === 0) && BLANK.test(text)) return;
    if (this.framer !== null) return this.framer.push(text, line, this.acceptEntry);
    this.acceptEntry(text, line, null);
  }

  private readonly acceptEntry = (text: string, line: number, code: MalformedCode | null): void => {
    if (code !== null) return this.malformed(code, text, line);
    const result = this.parser.parse(text, this.file, line);
    if (typeof result !== 'string') {
      this.recordCount++;
      if (this.batch.push(result) === this.batchSize) {
        this.full.push(this.batch);
        this.batch = [];
      }
    } else this.malformed(isBinaryLine(text) ? MALFORMED.binaryLine : result, text, line);
  };

  private malformed(code: MalformedCode, text: string, line: number): void {
    this.malformedCount++;
    this.onMalformed({ file: this.file, line, code, excerpt: text.slice(0, EXCERPT_CHARS) });
  }
}
