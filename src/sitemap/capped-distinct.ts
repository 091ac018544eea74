// Distinct clients per key (route, text, cluster), counted exactly up to a small cap: the detectors
// only ask "one client, a few, or many", and a fixed-size slot table keeps memory at keys × cap.

export class CappedDistinct {
  readonly cap: number;
  readonly #members: Int32Array;
  readonly #counts: Uint8Array;

  constructor(keys: number, cap: number) {
    if (!(Number.isInteger(cap) && cap >= 1 && cap <= 255)) throw new RangeError(`cap must be an integer in [1, 255], got ${cap}`);
    this.cap = cap;
    this.#members = new Int32Array(keys * cap).fill(-1);
    this.#counts = new Uint8Array(keys);
  }

  /** Counts `member` for `key` unless it is already counted or the key is saturated. */
  add(key: number, member: number): void {
    const count = this.#counts[key]!;
    if (count === this.cap) return;
    const base = key * this.cap;
    for (let i = 0; i < count; i++) if (this.#members[base + i] === member) return;
    this.#members[base + count] = member;
    this.#counts[key] = count + 1;
  }

  /** Keys the sets are kept for. */
  get keys(): number {
    return this.#counts.length;
  }

  /**
   * The sets of consecutive parts of a log, in log order, as one (a distributed scan, docs/scale-out.md
   * step 2): part p's key k becomes `keyOf[k]` and its member m `memberOf[m]`. Each key keeps its first
   * `cap` members in log order, as one pass over the whole log does: a member among a key's first
   * `cap` over all parts is among the first `cap` of its own part (those before it in its part are
   * before it overall). Exact, given each part's sets and the parts in log order.
   */
  static join(parts: ReadonlyArray<{ set: CappedDistinct; keyOf: ArrayLike<number>; memberOf: ArrayLike<number> }>, keys: number, cap: number): CappedDistinct {
    const joined = new CappedDistinct(keys, cap);
    for (const { set, keyOf, memberOf } of parts) {
      for (let key = 0; key < set.keys; key++) {
        for (const member of set.members(key)) joined.add(keyOf[key]!, memberOf[member]!);
      }
    }
    return joined;
  }

  /** Distinct members of `key`, saturating at `cap`. */
  count(key: number): number {
    return this.#counts[key]!;
  }

  /** Whether `member` is counted for `key` (always false past saturation for uncounted members). */
  has(key: number, member: number): boolean {
    const base = key * this.cap;
    const count = this.#counts[key]!;
    for (let i = 0; i < count; i++) if (this.#members[base + i] === member) return true;
    return false;
  }

  /** The counted members of `key` (at most `cap`). */
  members(key: number): Int32Array {
    const base = key * this.cap;
    return this.#members.subarray(base, base + this.#counts[key]!);
  }

  /** Distinct members of `key` other than `member` (saturating). */
  others(key: number, member: number): number {
    const count = this.#counts[key]!;
    return this.has(key, member) ? count - 1 : count;
  }
}
