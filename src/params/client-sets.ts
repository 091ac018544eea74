// Distinct clients per string key, kept exactly up to a cap: "how many *other* clients use this
// character in this parameter?" is the question every field model asks, and an answer of "at least
// the cap" is as good as the exact number.

export class ClientSets {
  readonly cap: number;
  readonly #sets = new Map<string, number[]>();

  constructor(cap: number) {
    this.cap = cap;
  }

  add(key: string, client: number): void {
    let set = this.#sets.get(key);
    if (set === undefined) this.#sets.set(key, (set = []));
    if (set.length < this.cap && !set.includes(client)) set.push(client);
  }

  /** Clients of `key` that are not in `excluded` (saturating at the cap). */
  others(key: string, excluded: ArrayLike<number>): number {
    const set = this.#sets.get(key);
    if (set === undefined) return 0;
    let n = set.length;
    for (let i = 0; i < excluded.length; i++) if (set.includes(excluded[i]!)) n--;
    return n;
  }

  get size(): number {
    return this.#sets.size;
  }
}
