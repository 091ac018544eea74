// Counts distinct values in bounded memory: exact up to a cap, then an adaptive-sampling estimate.

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
  #hashes = new Set<number>();

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  add(hash32: number): void {
    // 30 bits stay a V8 small integer (31-bit Smis with pointer compression): a Set of them is several
    // times faster than one of heap numbers. Collisions stay negligible at a few thousand values.
    const hash = hash32 >>> 2;
    if ((hash & this.#mask) !== 0) return;
    this.#hashes.add(hash);
    while (this.#hashes.size > this.#capacity && this.#level < 29) {
      this.#level++;
      this.#mask = 2 ** this.#level - 1;
      for (const kept of this.#hashes) if ((kept & this.#mask) !== 0) this.#hashes.delete(kept);
    }
  }

  /** Distinct values seen: exact while `exact` is true, an estimate afterwards. */
  get count(): number {
    return this.#hashes.size * 2 ** this.#level;
  }

  get exact(): boolean {
    return this.#level === 0;
  }
}
