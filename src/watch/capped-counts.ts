// How often each text was seen, for the `count` of a finding, over at most `maxTexts` texts: when
// full, the texts seen least recently are forgotten (a Map keeps insertion order; a text seen again
// moves to the end), so that memory stays flat over days of traffic. A long text is kept by its start,
// length and hash: a request line can be 64 KiB, and 200,000 of them would hold gigabytes.

import { fnv1a32 } from '../features/hash.js';
import { flatCopy } from '../text/flat-copy.js';
import { RecencyMap } from './recency-map.js';

/** Texts longer than this are counted under a key of their start, length and hash. */
const MAX_KEY_CHARS = 512;

/** The key of `text`: itself, or for a long one its start (copied flat: text/flat-copy.ts), length and hash. */
function keyOf(text: string): string {
  return text.length <= MAX_KEY_CHARS ? text : `${flatCopy(text.slice(0, 256))}\u0000${text.length}\u0000${fnv1a32(text)}`;
}

export class CappedCounts {
  readonly #counts: RecencyMap<string, number>;

  constructor(maxTexts: number) {
    this.#counts = new RecencyMap(maxTexts);
  }

  /** Counts one more occurrence of `text`; returns its count so far. */
  add(text: string): number {
    const key = keyOf(text);
    const count = (this.#counts.peek(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return count;
  }

  get size(): number {
    return this.#counts.size;
  }
}
