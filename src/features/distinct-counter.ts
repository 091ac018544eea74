// Counts distinct values in bounded memory: exact up to a cap, then an adaptive-sampling estimate.

/** Distinct values kept in the linear-search array before a Set takes over. */
const SMALL_SET = 16;

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
   * Most clients send a handful of distinct values: those live in a small array searched linearly,
   * cheaper to build and to probe than a Set, which takes over past SMALL_SET values.
   */
  #few: number[] | undefined = [];
  #hashes: Set<number> | undefined;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  add(hash32: number): void {
    // 30 bits stay a V8 small integer (31-bit Smis with pointer compression): a Set of them is several
    // times faster than one of heap numbers. Collisions stay negligible at a few thousand values.
    const hash = hash32 >>> 2;
    const few = this.#few;
    if (few !== undefined) {
      if (few.includes(hash)) return;
      if (few.length < SMALL_SET && few.length < this.#capacity) {
        few.push(hash);
        return;
      }
      this.#hashes = new Set(few);
      this.#few = undefined;
    }
    if ((hash & this.#mask) !== 0) return;
    const hashes = this.#hashes!;
    hashes.add(hash);
    while (hashes.size > this.#capacity && this.#level < 29) {
      this.#level++;
      this.#mask = 2 ** this.#level - 1;
      for (const kept of hashes) if ((kept & this.#mask) !== 0) hashes.delete(kept);
    }
  }

  /** Distinct values seen: exact while `exact` is true, an estimate afterwards. */
  get count(): number {
    return (this.#few?.length ?? this.#hashes!.size) * 2 ** this.#level;
  }

  get exact(): boolean {
    return this.#level === 0;
  }
}
