// Turns lines into JSON entries for formats with `json` framing: one object per line as AWS delivers
// them, or an object pretty-printed over many lines (AWS documentation examples, hand-made test files).
import { MALFORMED, type MalformedCode } from './malformed-codes.js';

/** Receives each entry with the line it starts on; `code` is set when the entry is already malformed. */
export type EntrySink = (text: string, line: number, code: MalformedCode | null) => void;

/**
 * A multi-line object starts with a line that is only `{` (how pretty-printers write it) and ends
 * when its braces balance. Any other line is one entry, so one truncated line cannot swallow the
 * lines after it. A new `{` line in column 0 also ends an unfinished object; the object is then
 * malformed, like one that grows past `maxBytes`.
 */
export class JsonFramer {
  private parts: string[] = [];
  private startLine = 0;
  private size = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly maxBytes: number) {}

  push(text: string, line: number, sink: EntrySink): void {
    if (this.parts.length > 0) {
      if (text.charCodeAt(0) === 123 /* { */) this.flushUnfinished(sink);
      else return this.continueObject(text, sink);
    }
    if (text.trim() !== '{') return sink(text, line, null);
    this.parts.push(text);
    this.startLine = line;
    this.size = text.length;
    this.depth = 1;
  }

  /** Call at the end of the input: an unfinished object is malformed. */
  end(sink: EntrySink): void {
    if (this.parts.length > 0) this.flushUnfinished(sink);
  }

  private continueObject(text: string, sink: EntrySink): void {
    this.parts.push(text);
    this.size += text.length + 1;
    if (this.size > this.maxBytes) return this.flush(sink, MALFORMED.lineTooLong);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 123 || c === 91 /* [ */) this.depth++;
      else if ((c === 125 || c === 93) /* } ] */ && --this.depth === 0) return this.flush(sink, null);
    }
  }

  private flushUnfinished(sink: EntrySink): void {
    this.flush(sink, MALFORMED.badJson);
  }

  private flush(sink: EntrySink, code: MalformedCode | null): void {
    const text = this.parts.join('\n');
    const line = this.startLine;
    this.parts = [];
    this.size = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    sink(text, line, code);
  }
}
