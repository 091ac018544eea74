// Dense ids for strings in first-seen order: client IPs, file names, tags, routes, request methods.

export class Interner {
  readonly #ids = new Map<string, number>();
  readonly values: string[] = [];

  /** The id of `value`, a new value getting the next one. */
  id(value: string): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.#ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of `value`, or undefined when it was never interned. */
  find(value: string): number | undefined {
    return this.#ids.get(value);
  }
}
