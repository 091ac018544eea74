// Distinct clients per string key, kept exactly up to a cap: "how many *other* clients use this
// character in this parameter?" is the question every field model asks, and an answer of "at least
// the cap" is as good as the exact number. Most keys have a few clients: a small array serves them,
// and a key switches to a Set once it holds more.

const SMALL = 16;

export class ClientSets {
  readonly cap: number;
  readonly #sets = new Map<string, number[] | Set<number>>();

  constructor(cap: number) {
    this.cap = cap;
  }

  add(key: string, client: number): void {
    let set = this.#sets.get(key);
    if (set === undefined) this.#sets.set(key, (set = []));
    if (Array.isArray(set)) {
      if (set.includes(client)) return;
      if (set.length < SMALL) {
        if (set.length < this.cap) set.push(client);
        return;
      }
      set = new Set(set);
      this.#sets.set(key, set);
    }
    if (set.size < this.cap) set.add(client);
  }

  /** Clients of `key` that are not in `excluded` (saturating at the cap). */
  others(key: string, excluded: ArrayLike<number>): number {
    const set = this.#sets.get(key);
    if (set === undefined) return 0;
    const has = Array.isArray(set) ? (c: number) => set.includes(c) : (c: number) => set.has(c);
    let n = Array.isArray(set) ? set.length : set.size;
    for (let i = 0; i < excluded.length; i++) if (has(excluded[i]!)) n--;
    return n;
  }

  get size(): number {
    return this.#sets.size;
  }
}
