// The most frequent strings of a stream in bounded memory (Space-Saving, Metwally et al. 2005).

/** A TopK as data (JSON-safe): its capacity and its entries with their counts, in first-seen order. */
export interface TopKState {
  capacity: number;
  entries: Array<[string, number]>;
}

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

  /**
   * Adds what `other` counted, as Space-Saving summaries merge (Agarwal et al., "Mergeable
   * summaries", 2012): an entry one table lacks gets that table's smallest count when the table is
   * full (what it may have evicted) and nothing when it is not (it never evicted), and the heaviest
   * `capacity` entries stay, ties in first-seen order (this table's entries, then the other's new
   * ones). While the two tables together hold no more than `capacity` entries and neither is full,
   * nothing was or is evicted and the result is exactly the table of one pass over this stream and
   * then the other's. Otherwise every count still never falls below the entry's true count and
   * exceeds it by at most the two tables' smallest counts together (each at most its stream's
   * requests / capacity): Space-Saving's own bound. Both must have the same capacity.
   */
  merge(other: TopK): void {
    if (other.#capacity !== this.#capacity) throw new RangeError(`cannot merge top-k tables of capacity ${this.#capacity} and ${other.#capacity}`);
    const mine = this.#keys.length === this.#capacity ? Math.min(...this.#counts) : 0;
    const theirs = other.#keys.length === other.#capacity ? Math.min(...other.#counts) : 0;
    const keys = [...this.#keys];
    const counts = [...this.#counts];
    const seen = new Set<string>();
    for (let j = 0; j < other.#keys.length; j++) {
      const key = other.#keys[j]!;
      seen.add(key);
      const at = this.#keys.indexOf(key);
      if (at >= 0) counts[at]! += other.#counts[j]!;
      else {
        keys.push(key);
        counts.push(other.#counts[j]! + mine);
      }
    }
    for (let i = 0; i < this.#keys.length; i++) if (!seen.has(this.#keys[i]!)) counts[i]! += theirs;
    // The heaviest `capacity` entries, kept in their first-seen order.
    const kept = keys
      .map((_, i) => i)
      .sort((a, b) => counts[b]! - counts[a]! || a - b)
      .slice(0, this.#capacity)
      .sort((a, b) => a - b);
    this.#keys.length = 0;
    this.#counts.length = 0;
    for (const i of kept) {
      this.#keys.push(keys[i]!);
      this.#counts.push(counts[i]!);
    }
  }

  /** What the table holds, for another process to restore and merge (fromState). */
  state(): TopKState {
    return { capacity: this.#capacity, entries: this.#keys.map((key, i): [string, number] => [key, this.#counts[i]!]) };
  }

  /** The table state() described; throws RangeError on a state no table can be in. */
  static fromState(state: TopKState): TopK {
    const { capacity, entries } = state;
    const valid =
      Number.isInteger(capacity) && capacity >= 1 && Array.isArray(entries) && entries.length <= capacity &&
      entries.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && Number.isFinite(entry[1]) && entry[1] > 0) &&
      new Set(entries.map(([key]) => key)).size === entries.length;
    if (!valid) throw new RangeError('not a top-k state: capacity or entries out of range, or a key twice');
    const top = new TopK(capacity);
    for (const [key, count] of entries) {
      top.#keys.push(key);
      top.#counts.push(count);
    }
    return top;
  }

  /** The `limit` heaviest entries, heaviest first; ties in first-seen order. */
  top(limit = this.#capacity): Array<[string, number]> {
    return this.#keys
      .map((key, i): [string, number] => [key, this.#counts[i]!])
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit);
  }
}
