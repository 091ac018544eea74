// Reads the first lines of an input for format detection, without reading the whole input: until
// `recognised` says the lines seen are enough, or DETECT_MAX_LINES non-blank, non-`#` lines, or
// SNIFF_MAX_BYTES of line text, or SNIFF_MAX_READ_BYTES read, whichever comes first. Over-long and
// binary lines are left out and count only against the last bound, so that a hostile first line (5 MB
// without a newline, a binary blob) does not end sniffing before the log behind it is seen.
import { DETECT_LINES, DETECT_MAX_LINES } from './detect.js';
import { isBinaryLine } from './is-binary-line.js';
import { LineSplitter } from './line-splitter.js';

export const SNIFF_MAX_BYTES = 1024 * 1024;
/** Bounds the bytes read (and, for stdin, held for replay) past over-long and binary lines. */
export const SNIFF_MAX_READ_BYTES = 64 * 1024 * 1024;

export interface Sniffed {
  /** The first non-blank lines (over-long and binary lines left out), `#` lines included. */
  lines: string[];
  /** The chunks consumed, for inputs that cannot be re-opened (stdin); empty unless `keep` was set. */
  consumed: Buffer[];
  /** The read error that stopped sniffing early, if any (the read phase reports it again). */
  error: unknown;
  /** Whether the whole input was seen (so "no record line" really means an empty input). */
  complete: boolean;
  /** Over-long and binary lines seen and left out of `lines`: an input of nothing else is not empty. */
  leftOut: number;
}

export interface SniffOptions {
  maxLineBytes: number;
  /** Keep the consumed chunks for replay (stdin and remote objects, which cannot be read twice). */
  keep: boolean;
  /** Whether the lines seen so far are enough, asked after DETECT_LINES content lines, 2 × DETECT_LINES, 4 ×, … */
  recognised: (lines: readonly string[]) => boolean;
}

/** Consumes chunks from `chunks` until enough lines are seen; does not close it. */
export async function sniffLines(chunks: AsyncIterator<Buffer>, options: SniffOptions): Promise<Sniffed> {
  const lines: string[] = [];
  let content = 0;
  let textBytes = 0;
  let enough = false;
  // Detection is asked again each time the lines seen double, so that asking costs no more than twice one detection.
  let nextCheck = DETECT_LINES;
  let complete = false;
  let leftOut = 0;
  const consumed: Buffer[] = [];
  const splitter = new LineSplitter(options.maxLineBytes, {
    line: (text, _line, hasNul) => {
      if (enough || text.trim() === '') return;
      if (hasNul || isBinaryLine(text)) {
        leftOut++;
        return;
      }
      lines.push(text);
      textBytes += text.length;
      if (text.charCodeAt(0) === 35 /* # */) return;
      content++;
      if (content === DETECT_MAX_LINES) enough = true;
      else if (content === nextCheck) {
        enough = options.recognised(lines);
        nextCheck *= 2;
      }
    },
    overflow: () => {
      leftOut++;
    },
  });
  let bytes = 0;
  try {
    while (!enough && textBytes < SNIFF_MAX_BYTES && bytes < SNIFF_MAX_READ_BYTES) {
      const next = await chunks.next();
      if (next.done) {
        splitter.end();
        complete = true;
        break;
      }
      if (options.keep) consumed.push(next.value);
      bytes += next.value.length;
      splitter.push(next.value);
    }
  } catch (error) {
    return { lines, consumed, error, complete: false, leftOut };
  }
  return { lines, consumed, error: undefined, complete, leftOut };
}
