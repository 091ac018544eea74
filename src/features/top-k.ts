// The most frequent strings of a stream in bounded memory (Space-Saving, Metwally et al. 2005).

/**
 * Tracks at most `capacity` strings. A new string, once the table is full, replaces the one with
 * the smallest count and inherits that count (+1), so heavy hitters are never lost and their
 * counts are overestimated by at most the evicted minimum. The report only needs the top few
 * URIs and user agents per IP, so a capacity of about twice the number shown is plenty.
 */
export class TopK {
  readonly #capacity: number;
  readonly #counts = new Map<string, number>();

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  add(value: string, weight = 1): void {
    const current = this.#counts.get(value);
    if (current !== undefined) {
      this.#counts.set(value, current + weight);
      return;
    }
    if (this.#counts.size < this.#capacity) {
      this.#counts.set(value, weight);
      return;
    }
    let minKey = '';
    let minCount = Infinity;
    for (const [key, count] of this.#counts) {
      if (count < minCount) {
        minKey = key;
        minCount = count;
      }
    }
    this.#counts.delete(minKey);
    this.#counts.set(value, minCount + weight);
  }

  /** The `limit` heaviest entries, heaviest first; ties in first-seen order. */
  top(limit = this.#capacity): Array<[string, number]> {
    return [...this.#counts].sort((a, b) => b[1] - a[1]).slice(0, limit);
  }
}
