// Counts distinct values in bounded memory: exact up to a cap, then an adaptive-sampling estimate.

/** Distinct values kept in the linear-search array before a Set takes over. */
const SMALL_SET = 16;
/** Sampling levels stop here: 30-bit hashes, and 2^29 is far beyond any count semlog makes. */
const MAX_LEVEL = 29;
/** No value in #first (kept hashes are 30-bit, never negative). */
const NONE = -1;

/** A DistinctCounter as data (JSON-safe): its capacity, sampling level and kept 30-bit hashes. */
export interface DistinctCounterState {
  capacity: number;
  level: number;
  hashes: number[];
}

/**
 * Keeps the 32-bit hashes of the values it has seen. While fewer than `capacity` are kept the
 * count is exact. When the set would overflow, it keeps only hashes whose low `level` bits are
 * zero (a uniform 1/2^level sample of the distinct values) and multiplies by 2^level. This is
 * Wegman's adaptive sampling: memory never exceeds `capacity` numbers, and the estimate stays
 * unbiased, so a scanner with 50,000 distinct URIs is not reported as having exactly `capacity`.
 */
export class DistinctCounter {
  readonly #capacity: number;
  #level = 0;
  #mask = 0;
  /**
   * Most clients send a handful of distinct values. The first is kept in a field (NONE until there is
   * one); from the second they live in a small array searched linearly, cheaper to build and to probe
   * than a Set, which takes over past SMALL_SET values. Most clients of a CDN log send one path and
   * one user agent: an array per counter from the first value cost ~170 bytes (bench/features/client-memory.md).
   */
  #first = NONE;
  #few: number[] | undefined;
  /** Past SMALL_SET values (or capacity): then #first and #few are unused. */
  #hashes: Set<number> | undefined;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  add(hash32: number): void {
    // 30 bits stay a V8 small integer (31-bit Smis with pointer compression): a Set of them is several
    // times faster than one of heap numbers. Collisions stay negligible at a few thousand values.
    this.#keep(hash32 >>> 2);
  }

  /**
   * Adds every value `other` has seen, as if its stream had been added here: the result is exactly
   * the counter one pass over both streams ends in, whatever the order (the kept hashes and the level
   * depend only on the set of distinct values). The other's kept hashes are those at its level; this
   * counter's level is raised to it first, then as far as the union needs. Both must have the same
   * capacity.
   */
  merge(other: DistinctCounter): void {
    if (other.#capacity !== this.#capacity) throw new RangeError(`cannot merge distinct counters of capacity ${this.#capacity} and ${other.#capacity}`);
    if (other.#level > this.#level) this.#raiseTo(other.#level);
    for (const hash of other.#kept()) this.#keep(hash);
  }

  /** What the counter holds, for another process to restore and merge (fromState). */
  state(): DistinctCounterState {
    return { capacity: this.#capacity, level: this.#level, hashes: [...this.#kept()] };
  }

  /** The counter state() described; throws RangeError on a state no counter can be in. */
  static fromState(state: DistinctCounterState): DistinctCounter {
    const { capacity, level, hashes } = state;
    const valid =
      Number.isInteger(capacity) && capacity >= 1 && Number.isInteger(level) && level >= 0 && level <= MAX_LEVEL &&
      Array.isArray(hashes) && (hashes.length <= capacity || level === MAX_LEVEL) &&
      hashes.every((hash) => Number.isInteger(hash) && hash >= 0 && hash < 2 ** 30 && (hash & (2 ** level - 1)) === 0) &&
      new Set(hashes).size === hashes.length;
    if (!valid) throw new RangeError('not a distinct counter state: capacity, level or hashes out of range');
    const counter = new DistinctCounter(capacity);
    if (level > 0) counter.#raiseTo(level);
    for (const hash of hashes) counter.#keep(hash);
    return counter;
  }

  /** Keeps one 30-bit hash when its low `level` bits are zero, raising the level while too many are kept. */
  #keep(hash: number): void {
    if (this.#hashes === undefined) {
      const few = this.#few;
      if (few === undefined) {
        const first = this.#first;
        if (first === NONE) {
          this.#first = hash;
          return;
        }
        if (first === hash) return;
        if (this.#capacity >= 2) {
          // An empty literal and one push: a single allocation, with room to grow.
          const two: number[] = [];
          two.push(first, hash);
          this.#few = two;
          return;
        }
      } else {
        if (few.includes(hash)) return;
        if (few.length < SMALL_SET && few.length < this.#capacity) {
          few.push(hash);
          return;
        }
      }
      this.#toSet();
    }
    if ((hash & this.#mask) !== 0) return;
    const hashes = this.#hashes!;
    hashes.add(hash);
    while (hashes.size > this.#capacity && this.#level < MAX_LEVEL) this.#raiseTo(this.#level + 1);
  }

  /** Moves the values kept in #first and #few to the Set. */
  #toSet(): void {
    this.#hashes = new Set(this.#small());
    this.#first = NONE;
    this.#few = undefined;
  }

  /** The values of the small mode, in the order they came. */
  #small(): readonly number[] {
    return this.#few ?? (this.#first === NONE ? [] : [this.#first]);
  }

  /** Samples at `level` (not below the current one): drops the kept hashes whose low `level` bits are not zero. */
  #raiseTo(level: number): void {
    if (this.#hashes === undefined) this.#toSet();
    this.#level = level;
    this.#mask = 2 ** level - 1;
    for (const kept of this.#hashes!) if ((kept & this.#mask) !== 0) this.#hashes!.delete(kept);
  }

  #kept(): Iterable<number> {
    return this.#hashes ?? this.#small();
  }

  /** Distinct values seen: exact while `exact` is true, an estimate afterwards. */
  get count(): number {
    const kept = this.#hashes !== undefined ? this.#hashes.size : this.#few !== undefined ? this.#few.length : this.#first === NONE ? 0 : 1;
    return kept * 2 ** this.#level;
  }

  get exact(): boolean {
    return this.#level === 0;
  }
}
