// How often each text was seen, for the `count` of a finding, over at most `maxTexts` texts: when
// full, the texts seen least recently are forgotten (a Map keeps insertion order; a text seen again
// moves to the end), so that memory stays flat over days of traffic.

export class CappedCounts {
  readonly #counts = new Map<string, number>();

  constructor(private readonly maxTexts: number) {}

  /** Counts one more occurrence of `text`; returns its count so far. */
  add(text: string): number {
    const count = (this.#counts.get(text) ?? 0) + 1;
    this.#counts.delete(text);
    this.#counts.set(text, count);
    if (this.#counts.size > this.maxTexts) this.#counts.delete(this.#counts.keys().next().value!);
    return count;
  }

  get size(): number {
    return this.#counts.size;
  }
}
