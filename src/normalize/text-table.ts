// Deduplication of request texts: each distinct text gets an id and a count, and is embedded once.

import { doubled } from '../doubled.js';

/** A TextTable as data (JSON-safe): its texts by id and their counts. */
export interface TextTableState {
  texts: string[];
  counts: number[];
}

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

  /**
   * Joins `next`, the table of the part of the log right after this one's (a distributed scan's map
   * jobs, docs/scale-out.md step 3): counts add up, and the texts first seen in `next` get the next
   * ids in `next`'s order, so that merging parts in log order gives the ids of one pass (and hence
   * the same HNSW insertion order). Returns where each of `next`'s ids went.
   */
  merge(next: TextTable): Uint32Array<ArrayBuffer> {
    const idOf = new Uint32Array(next.size);
    const counts = next.counts;
    for (let id = 0; id < next.size; id++) {
      const mine = this.intern(next.#texts[id]!);
      this.#counts[mine]! += counts[id]!;
      idOf[id] = mine;
    }
    return idOf;
  }

  /** What the table holds, for another process to restore and merge (fromState). */
  state(): TextTableState {
    return { texts: [...this.#texts], counts: Array.from(this.counts) };
  }

  /** The table state() described; throws RangeError on a state no table can be in (a text twice, a count below 1). */
  static fromState(state: TextTableState): TextTable {
    const { texts, counts } = state;
    const valid =
      Array.isArray(texts) && Array.isArray(counts) && texts.length === counts.length && texts.every((text) => typeof text === 'string') &&
      counts.every((count) => Number.isInteger(count) && count >= 1 && count < 2 ** 32);
    if (!valid) throw new RangeError('not a text table state: texts and counts of different lengths, or a count out of range');
    const table = new TextTable();
    for (const [id, text] of texts.entries()) {
      if (table.intern(text) !== id) throw new RangeError(`not a text table state: the text of id ${id} is there twice`);
      table.#counts[id] = counts[id]!;
    }
    return table;
  }
}
