// Deduplication of request texts: each distinct text gets an id and a count, and is embedded once.

import { doubled } from '../doubled.js';

export class TextTable {
  readonly #ids = new Map<string, number>();
  readonly #texts: string[] = [];
  #counts = new Uint32Array(1024);

  /** Adds one occurrence of `text` and returns its id. */
  add(text: string): number {
    const id = this.intern(text);
    this.count(id);
    return id;
  }

  /** The id of `text`, new texts getting the next one; counts nothing (see count). */
  intern(text: string): number {
    let id = this.#ids.get(text);
    if (id === undefined) {
      id = this.#texts.length;
      this.#ids.set(text, id);
      this.#texts.push(text);
      if (id >= this.#counts.length) this.#counts = doubled(this.#counts);
    }
    return id;
  }

  /** Adds one occurrence of the text with this id. */
  count(id: number): void {
    this.#counts[id]!++;
  }

  get size(): number {
    return this.#texts.length;
  }

  /** The distinct texts, indexed by id. */
  get texts(): readonly string[] {
    return this.#texts;
  }

  /** Occurrences per id (a view; length equals `size`). */
  get counts(): Uint32Array {
    return this.#counts.subarray(0, this.#texts.length);
  }

  text(id: number): string {
    return this.#texts[id]!;
  }
}
