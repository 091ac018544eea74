// A bound on how many promises run at once, for dispatch loops that must not run ahead of the model.

export class InFlight {
  readonly #running = new Set<Promise<unknown>>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /**
   * Tracks `task` and returns once fewer than `limit` tasks run. A task that fails makes this (or a
   * later add/all) reject, so a dispatch loop stops early instead of queueing more work.
   */
  async add(task: Promise<unknown>): Promise<void> {
    const tracked: Promise<unknown> = task.finally(() => this.#running.delete(tracked));
    tracked.catch(() => {}); // observed by race/all; never an unhandled rejection meanwhile
    this.#running.add(tracked);
    if (this.#running.size >= this.#limit) await Promise.race(this.#running);
  }

  /** Waits for every tracked task; rejects with the first failure. */
  async all(): Promise<void> {
    await Promise.all(this.#running);
  }

  /** Waits until every tracked task has settled, failed or not. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.#running);
  }
}
