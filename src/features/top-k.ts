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
  /**
   * The first entry, while it is the only one: most clients of a CDN log send one URI and one user
   * agent, and two arrays per table from the first entry cost ~340 bytes (bench/features/client-memory.md).
   */
  #firstKey: string | undefined;
  #firstCount = 0;
  /**
   * From the second entry on (then #firstKey is unused): in first-seen order (an evicted entry's
   * successor goes to the end), which breaks ties in top().
   */
  #keys: string[] | undefined;
  #counts: number[] | undefined;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  add(value: string, weight = 1): void {
    const keys = this.#keys;
    if (keys === undefined) {
      this.#addWhileOne(value, weight);
      return;
    }
    const counts = this.#counts!;
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

  /** add() while the table holds at most one entry, kept in fields. */
  #addWhileOne(value: string, weight: number): void {
    const first = this.#firstKey;
    if (first === undefined) {
      this.#firstKey = value;
      this.#firstCount = weight;
    } else if (first === value) {
      this.#firstCount += weight;
    } else if (this.#capacity >= 2) {
      // Empty literals and one push each: a single allocation per array, with room to grow.
      const keys: string[] = [];
      const counts: number[] = [];
      keys.push(first, value);
      counts.push(this.#firstCount, weight);
      this.#keys = keys;
      this.#counts = counts;
      this.#firstKey = undefined;
    } else {
      // A full table of one: the new key replaces the old and inherits its count (Space-Saving).
      this.#firstKey = value;
      this.#firstCount += weight;
    }
  }

  /** The entries as two arrays, whichever way they are kept (to read, not to change). */
  #entries(): { keys: readonly string[]; counts: readonly number[] } {
    if (this.#keys !== undefined) return { keys: this.#keys, counts: this.#counts! };
    return this.#firstKey === undefined ? { keys: [], counts: [] } : { keys: [this.#firstKey], counts: [this.#firstCount] };
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
    const here = this.#entries();
    const there = other.#entries();
    const mine = here.keys.length === this.#capacity ? Math.min(...here.counts) : 0;
    const theirs = there.keys.length === other.#capacity ? Math.min(...there.counts) : 0;
    const keys = [...here.keys];
    const counts = [...here.counts];
    const seen = new Set<string>();
    for (let j = 0; j < there.keys.length; j++) {
      const key = there.keys[j]!;
      seen.add(key);
      const at = here.keys.indexOf(key);
      if (at >= 0) counts[at]! += there.counts[j]!;
      else {
        keys.push(key);
        counts.push(there.counts[j]! + mine);
      }
    }
    for (let i = 0; i < here.keys.length; i++) if (!seen.has(here.keys[i]!)) counts[i]! += theirs;
    // The heaviest `capacity` entries, kept in their first-seen order.
    const kept = keys
      .map((_, i) => i)
      .sort((a, b) => counts[b]! - counts[a]! || a - b)
      .slice(0, this.#capacity)
      .sort((a, b) => a - b);
    this.#set(kept.map((i) => keys[i]!), kept.map((i) => counts[i]!));
  }

  /** Holds these entries: one in the fields, more in the arrays. */
  #set(keys: string[], counts: number[]): void {
    if (keys.length <= 1) {
      this.#keys = undefined;
      this.#counts = undefined;
      this.#firstKey = keys[0];
      this.#firstCount = counts[0] ?? 0;
    } else {
      this.#keys = keys;
      this.#counts = counts;
      this.#firstKey = undefined;
    }
  }

  /** What the table holds, for another process to restore and merge (fromState). */
  state(): TopKState {
    const { keys, counts } = this.#entries();
    return { capacity: this.#capacity, entries: keys.map((key, i): [string, number] => [key, counts[i]!]) };
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
    top.#set(entries.map(([key]) => key), entries.map(([, count]) => count));
    return top;
  }

  /** The `limit` heaviest entries, heaviest first; ties in first-seen order. */
  top(limit = this.#capacity): Array<[string, number]> {
    const { keys, counts } = this.#entries();
    return keys
      .map((key, i): [string, number] => [key, counts[i]!])
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit);
  }
}
