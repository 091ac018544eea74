// The most frequent strings of a stream in bounded memory (Space-Saving, Metwally et al. 2005).

/**
 * A TopK as data (JSON-safe): its capacity and its entries in first-seen order, each with its count
 * and, when the count may be overestimated, by how much at most (no third number: exact).
 */
export interface TopKState {
  capacity: number;
  entries: Array<[string, number] | [string, number, number]>;
}

/**
 * Tracks at most `capacity` strings. A new string, once the table is full, replaces the one with
 * the smallest count and inherits that count (+1), so heavy hitters are never lost and their
 * counts are overestimated by at most the evicted minimum. The report only needs the top few
 * URIs and user agents per IP, so a capacity of about twice the number shown is plenty.
 *
 * Each entry remembers what it inherited (its overestimate), and `top()` gives the count it is
 * sure of: the inherited part is not evidence. A client that asks for 3,700 distinct URIs once or
 * twice each fills its table with entries that inherited ~200 each; shown as "208 requests to
 * /x", that read as hammering /x (a log mirror on secrepo's web logs did).
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
  /**
   * What each entry inherited when it took an evicted entry's place, in the order of #keys (or of
   * #firstKey alone: only a table of capacity 1 evicts while it holds one entry); made at the first
   * eviction, so that a table that never evicts pays one field for it.
   */
  #inherited: number[] | undefined;

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
      this.#inherited?.push(0);
      return;
    }
    let min = 0;
    for (let i = 1; i < counts.length; i++) if (counts[i]! < counts[min]!) min = i;
    const inherited = counts[min]!;
    const over = (this.#inherited ??= counts.map(() => 0));
    // The evicted entry leaves, the ones after it move up, the new one goes to the end: shifted in
    // place, as three splice() calls would, without the array of removed entries each one returns
    // (a client asking for ever new URIs evicts on every request).
    const last = keys.length - 1;
    for (let i = min; i < last; i++) {
      keys[i] = keys[i + 1]!;
      counts[i] = counts[i + 1]!;
      over[i] = over[i + 1]!;
    }
    keys[last] = value;
    counts[last] = inherited + weight;
    over[last] = inherited;
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
      this.#inherited?.push(0); // the first key's (a merge or a restored state may have lent it some), then the new one's
      this.#firstKey = undefined;
    } else {
      // A full table of one: the new key replaces the old and inherits its count (Space-Saving).
      this.#firstKey = value;
      this.#inherited = [this.#firstCount];
      this.#firstCount += weight;
    }
  }

  /** The entries' keys and counts, whichever way they are kept (to read, not to change). */
  #keysAndCounts(): { keys: readonly string[]; counts: readonly number[] } {
    if (this.#keys !== undefined) return { keys: this.#keys, counts: this.#counts! };
    return this.#firstKey === undefined ? { keys: [], counts: [] } : { keys: [this.#firstKey], counts: [this.#firstCount] };
  }

  /** The entries as three arrays: #keysAndCounts() and what each inherited, zeros for a table that never evicted. */
  #entries(): { keys: readonly string[]; counts: readonly number[]; inherited: readonly number[] } {
    const { keys, counts } = this.#keysAndCounts();
    return { keys, counts, inherited: this.#inherited ?? keys.map(() => 0) };
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
   * requests / capacity): Space-Saving's own bound. What an entry is given for the other table's
   * possible evictions counts as inherited, so `top()` stays a count the entry is sure of. Both must
   * have the same capacity.
   */
  merge(other: TopK): void {
    if (other.#capacity !== this.#capacity) throw new RangeError(`cannot merge top-k tables of capacity ${this.#capacity} and ${other.#capacity}`);
    const here = this.#entries();
    const there = other.#entries();
    const mine = here.keys.length === this.#capacity ? Math.min(...here.counts) : 0;
    const theirs = there.keys.length === other.#capacity ? Math.min(...there.counts) : 0;
    const keys = [...here.keys];
    const counts = [...here.counts];
    const inherited = [...here.inherited];
    const seen = new Set<string>();
    for (let j = 0; j < there.keys.length; j++) {
      const key = there.keys[j]!;
      seen.add(key);
      const at = here.keys.indexOf(key);
      if (at >= 0) {
        counts[at]! += there.counts[j]!;
        inherited[at]! += there.inherited[j]!;
      } else {
        keys.push(key);
        counts.push(there.counts[j]! + mine);
        inherited.push(there.inherited[j]! + mine);
      }
    }
    for (let i = 0; i < here.keys.length; i++) {
      if (seen.has(here.keys[i]!)) continue;
      counts[i]! += theirs;
      inherited[i]! += theirs;
    }
    // The heaviest `capacity` entries, kept in their first-seen order.
    const kept = keys
      .map((_, i) => i)
      .sort((a, b) => counts[b]! - counts[a]! || a - b)
      .slice(0, this.#capacity)
      .sort((a, b) => a - b);
    this.#set(kept.map((i) => keys[i]!), kept.map((i) => counts[i]!), kept.map((i) => inherited[i]!));
  }

  /** Holds these entries: one in the fields, more in the arrays (the inherited ones only if any is not 0). */
  #set(keys: string[], counts: number[], inherited: number[]): void {
    if (keys.length <= 1) {
      this.#keys = undefined;
      this.#counts = undefined;
      this.#inherited = (inherited[0] ?? 0) > 0 ? [inherited[0]!] : undefined;
      this.#firstKey = keys[0];
      this.#firstCount = counts[0] ?? 0;
    } else {
      this.#keys = keys;
      this.#counts = counts;
      this.#inherited = inherited.some((n) => n > 0) ? inherited : undefined;
      this.#firstKey = undefined;
    }
  }

  /** What the table holds, for another process to restore and merge (fromState). */
  state(): TopKState {
    const { keys, counts, inherited } = this.#entries();
    return {
      capacity: this.#capacity,
      entries: keys.map((key, i): [string, number] | [string, number, number] => (inherited[i]! > 0 ? [key, counts[i]!, inherited[i]!] : [key, counts[i]!])),
    };
  }

  /** The table state() described; throws RangeError on a state no table can be in. */
  static fromState(state: TopKState): TopK {
    const { capacity, entries } = state;
    const valid =
      Number.isInteger(capacity) && capacity >= 1 && Array.isArray(entries) && entries.length <= capacity &&
      entries.every(
        (entry) =>
          Array.isArray(entry) && (entry.length === 2 || entry.length === 3) && typeof entry[0] === 'string' && Number.isFinite(entry[1]) && entry[1] > 0 &&
          // What an entry inherited is part of its count, never all of it: it was added at least once.
          (entry.length === 2 || (Number.isFinite(entry[2]) && entry[2] >= 0 && entry[2] < entry[1])),
      ) &&
      new Set(entries.map(([key]) => key)).size === entries.length;
    if (!valid) throw new RangeError('not a top-k state: capacity or entries out of range, or a key twice');
    const top = new TopK(capacity);
    top.#set(entries.map(([key]) => key), entries.map(([, count]) => count), entries.map((entry) => entry[2] ?? 0));
    return top;
  }

  /**
   * The `limit` entries with the highest counts they are sure of (their count less what they
   * inherited, never above the true count), highest first; ties in first-seen order. Exact while the
   * table has evicted nothing.
   */
  top(limit = this.#capacity): Array<[string, number]> {
    // Not through #entries(), which makes an array of zeros for a table that never evicted: top() runs
    // for every client's two tables when the features are snapshot.
    const { keys, counts } = this.#keysAndCounts();
    const inherited = this.#inherited;
    return keys
      .map((key, i): [string, number] => [key, counts[i]! - (inherited?.[i] ?? 0)])
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit);
  }
}
