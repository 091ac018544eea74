// The most frequent strings of a stream in bounded memory (Space-Saving, Metwally et al. 2005).

/**
 * Tracks at most `capacity` strings. A new string, once the table is full, replaces the one with
 * the smallest count and inherits that count (+1), so heavy hitters are never lost and their
 * counts are overestimated by at most the evicted minimum. The report only needs the top few
 * URIs and user agents per IP, so a capacity of about twice the number shown is plenty.
 *
 * With such small capacities two parallel arrays and a linear scan beat a Map: most lookups compare
 * a string with itself (the pipeline shares one string per distinct request), which is a pointer
 * comparison, and there are tens of thousands of these tables, one per client.
 */
export class TopK {
  readonly #capacity: number;
  /** In first-seen order (an evicted entry's successor goes to the end), which breaks ties in top(). */
  readonly #keys: string[] = [];
  readonly #counts: number[] = [];

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  add(value: string, weight = 1): void {
    const keys = this.#keys;
    const counts = this.#counts;
    const at = keys.indexOf(value);
    if (at >= 0) {
      counts[at]! += weight;
      return;
    }
    if (keys.length < this.#capacity) {
      keys.push(value);
      counts.push(weight);
      return;
    }
    let min = 0;
    for (let i = 1; i < counts.length; i++) if (counts[i]! < counts[min]!) min = i;
    const inherited = counts[min]!;
    keys.splice(min, 1);
    counts.splice(min, 1);
    keys.push(value);
    counts.push(inherited + weight);
  }

  /** The `limit` heaviest entries, heaviest first; ties in first-seen order. */
  top(limit = this.#capacity): Array<[string, number]> {
    return this.#keys
      .map((key, i): [string, number] => [key, this.#counts[i]!])
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit);
  }
}
