// Knows which parts of a chunk are pure ASCII, so that the line splitter can decode those lines as
// latin1: same string, 3-4x faster than Node 20's UTF-8 decoder. One odd byte (a honeypot's overflow
// attempt) then only costs the lines of its own block, not the whole chunk.
import { isAscii } from 'node:buffer';

const BLOCK_BYTES = 4096;

export class AsciiBlocks {
  /** null when the whole chunk is ASCII; else one flag per block, 1 = ASCII. */
  private flags: Uint8Array | null = null;

  /** Scans `chunk` (vectorized, per block only when the whole chunk is not ASCII). */
  reset(chunk: Buffer): void {
    if (isAscii(chunk)) {
      this.flags = null;
      return;
    }
    const flags = new Uint8Array(Math.ceil(chunk.length / BLOCK_BYTES));
    for (let i = 0; i < flags.length; i++) {
      flags[i] = isAscii(chunk.subarray(i * BLOCK_BYTES, (i + 1) * BLOCK_BYTES)) ? 1 : 0;
    }
    this.flags = flags;
  }

  /** The encoding that decodes `chunk[start, end)` correctly and fastest. */
  encodingOf(start: number, end: number): 'latin1' | 'utf8' {
    const flags = this.flags;
    if (flags === null) return 'latin1';
    const last = Math.floor((end - 1) / BLOCK_BYTES);
    for (let block = Math.floor(start / BLOCK_BYTES); block <= last; block++) if (flags[block] === 0) return 'utf8';
    return 'latin1';
  }
}
