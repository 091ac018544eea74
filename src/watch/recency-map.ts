// A Map that keeps at most `max` keys and forgets the least recently used first. The watcher runs for
// days, and every table it keeps beyond a client's window (routes, methods, probes, cookies, counts,
// profiles) must stay flat however much traffic passes: each is one of these.
//
// A JavaScript Map iterates in insertion order, so moving a key to the end on use makes its first key
// the least recently used one: no list or time stamps of our own.

export class RecencyMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #max: number;
  readonly #onForget: ((key: K, value: V) => void) | undefined;

  /**
   * `max`: keys kept, at least 1. `onForget`: told of each key forgotten to make room (not of those
   * deleted), for the tables that index what it held elsewhere.
   */
  constructor(max: number, onForget?: (key: K, value: V) => void) {
    if (!(Number.isInteger(max) && max >= 1)) throw new RangeError(`a recency map keeps at least one key (max ${max})`);
    this.#max = max;
    this.#onForget = onForget;
  }

  /** The value of `key`, without marking it used. */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** The value of `key`, marked used now. */
  use(key: K): V | undefined {
    const entries = this.#entries;
    if (!entries.has(key)) return undefined;
    const value = entries.get(key) as V;
    entries.delete(key);
    entries.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /**
   * Sets `key` to `value` and marks it used now. A new key when `max` keys are kept first forgets the
   * least recently used one, so the new key's own bookkeeping sees the table as it will be.
   */
  set(key: K, value: V): void {
    const entries = this.#entries;
    if (entries.has(key)) {
      entries.delete(key);
    } else if (entries.size >= this.#max) {
      const [oldest, held] = entries.entries().next().value!;
      entries.delete(oldest);
      this.#onForget?.(oldest, held);
    }
    entries.set(key, value);
  }

  /** Takes `key` out (onForget is not told). */
  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The values, least recently used first. */
  values(): IterableIterator<V> {
    return this.#entries.values();
  }

  /** The keys with their values, least recently used first. */
  entries(): IterableIterator<[K, V]> {
    return this.#entries.entries();
  }
}
