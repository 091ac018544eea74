// Counts per client id for one client at a time, reset in time proportional to what was counted. The
// campaign rules count, for each client, its matches with every other client; a Map cleared for each
// client dropped its table and grew a new one, and on the every-site 1M-line bench log those tables
// were 360 MB of short-lived objects that outlived a scavenge (old-space growth, the scan's peak memory).

export class ClientTally {
  readonly #counts: Float64Array;
  /** The epoch in which each client was last counted: it is in the tally when equal to the current one. */
  readonly #mark: Int32Array;
  /** Counted clients in first-counted order (what a Map's insertion order gave). */
  readonly #order: Int32Array;
  #size = 0;
  #epoch = 1;

  /** For client ids below `clients`. */
  constructor(clients: number) {
    this.#counts = new Float64Array(clients);
    this.#mark = new Int32Array(clients);
    this.#order = new Int32Array(clients);
  }

  /** Adds `n` to a client's count (0 puts the client in the tally with nothing counted yet). */
  add(client: number, n: number): void {
    if (this.#mark[client] !== this.#epoch) {
      this.#mark[client] = this.#epoch;
      this.#counts[client] = 0;
      this.#order[this.#size++] = client;
    }
    this.#counts[client]! += n;
  }

  /** The clients counted since the last reset whose count reaches `minShare` of `mass`, in first-counted order. */
  reaching(mass: number, minShare: number): Set<number> {
    const reached = new Set<number>();
    if (mass > 0) {
      for (let k = 0; k < this.#size; k++) {
        const client = this.#order[k]!;
        if (this.#counts[client]! / mass >= minShare) reached.add(client);
      }
    }
    return reached;
  }

  /** Forgets every count. */
  reset(): void {
    this.#size = 0;
    this.#epoch++;
  }
}
