// The contract between the ingest driver and one log format. A format is pure: text in, LogRecord or
// a malformed code out; reading, framing, counting and sampling live in the driver.
import type { LogRecord } from '../types.js';
import type { MalformedCode } from './malformed-codes.js';

/** A record, or the code saying why the line is malformed. */
export type ParseResult = LogRecord | MalformedCode;

/** Parses the lines of one file; may keep per-file state (CloudFront's `#Fields:` header). */
export interface LineParser {
  /** One entry: a line without its newline, not blank, not a `#` line (for `json` framing: one object). */
  parse(text: string, file: string, line: number): ParseResult;
  /** Sees each `#` line, which is never a record (CloudFront `#Version:`/`#Fields:`). */
  comment?(text: string): void;
}

export interface ParserOptions {
  /** An Apache LogFormat string; required by `custom-apache`, ignored by the others. */
  logFormat?: string;
}

export interface LogFormat {
  /** The registry name, as `--format` takes it and summaries report it. */
  readonly name: string;
  /** One line for `--help` and error messages. */
  readonly description: string;
  /** `line`: one entry per physical line; `json`: JSON objects that may be pretty-printed over many lines. */
  readonly framing: 'line' | 'json';
  /**
   * How well the first lines of a file (blank lines removed, `#` lines kept) match this format,
   * from 0 to 1; auto-detection picks the best score of at least DETECT_THRESHOLD.
   */
  detect(sample: readonly string[]): number;
  /** A parser for one file. Throws UsageError when the options are invalid for this format. */
  createParser(options?: ParserOptions): LineParser;
}

/** The share of sample lines a format must parse to be chosen; tolerates a few garbage first lines. */
export const DETECT_THRESHOLD = 0.5;

/** The usual detect(): the share of non-`#` sample lines that a fresh parser accepts. */
export function scoreByParsing(
  parser: LineParser,
  sample: readonly string[],
  accept: (record: LogRecord, text: string) => boolean = () => true,
): number {
  let total = 0;
  let parsed = 0;
  for (const text of sample) {
    if (text.charCodeAt(0) === 35 /* # */) {
      parser.comment?.(text);
      continue;
    }
    total++;
    const result = parser.parse(text, '', total);
    if (typeof result !== 'string' && accept(result, text)) parsed++;
  }
  return total === 0 ? 0 : parsed / total;
}
