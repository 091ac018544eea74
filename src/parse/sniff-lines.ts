// Reads the first lines of an input for format detection, without reading the whole input: at most
// DETECT_LINES non-blank, non-`#` lines or SNIFF_MAX_BYTES of text, whichever comes first.
import { DETECT_LINES } from './detect.js';
import { LineSplitter } from './line-splitter.js';

export const SNIFF_MAX_BYTES = 1024 * 1024;

export interface Sniffed {
  /** The first non-blank lines (over-long lines left out), `#` lines included. */
  lines: string[];
  /** The chunks consumed, for inputs that cannot be re-opened (stdin). */
  consumed: Buffer[];
  /** The read error that stopped sniffing early, if any (the read phase reports it again). */
  error: unknown;
  /** Whether the whole input was seen (so "no record line" really means an empty input). */
  complete: boolean;
}

/** Consumes chunks from `chunks` until enough lines are seen; does not close it. */
export async function sniffLines(chunks: AsyncIterator<Buffer>, maxLineBytes: number): Promise<Sniffed> {
  const lines: string[] = [];
  let content = 0;
  let complete = false;
  const consumed: Buffer[] = [];
  const splitter = new LineSplitter(maxLineBytes, {
    line: (text) => {
      if (text.trim() === '' || content >= DETECT_LINES) return;
      lines.push(text);
      if (text.charCodeAt(0) !== 35 /* # */) content++;
    },
    overflow: () => {},
  });
  let bytes = 0;
  try {
    while (content < DETECT_LINES && bytes < SNIFF_MAX_BYTES) {
      const next = await chunks.next();
      if (next.done) {
        splitter.end();
        complete = true;
        break;
      }
      consumed.push(next.value);
      bytes += next.value.length;
      splitter.push(next.value);
    }
  } catch (error) {
    return { lines, consumed, error, complete: false };
  }
  return { lines, consumed, error: undefined, complete };
}
