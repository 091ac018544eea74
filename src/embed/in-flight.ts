// A bound on how many promises run at once, for dispatch loops that must not run ahead of the model.

export class InFlight {
  readonly #running = new Set<Promise<unknown>>();
  readonly #limit: number;
  /** The first task that failed, kept after it leaves the running set: later adds and all() rethrow it. */
  #failed: { error: unknown } | undefined;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /**
   * Tracks `task` and returns once fewer than `limit` tasks run. Once any task has failed, this rejects
   * with the first failure (the task is still tracked, for settled()), whether or not an add was
   * waiting when it failed: a dispatch loop then stops early instead of queueing more work.
   */
  async add(task: Promise<unknown>): Promise<void> {
    const tracked: Promise<unknown> = task.then(
      () => this.#running.delete(tracked),
      (error: unknown) => {
        this.#running.delete(tracked);
        this.#failed ??= { error };
        throw error;
      },
    );
    tracked.catch(() => {}); // observed by race/all, or kept in #failed; never an unhandled rejection
    this.#running.add(tracked);
    this.#throwIfFailed();
    if (this.#running.size >= this.#limit) await Promise.race(this.#running);
    this.#throwIfFailed();
  }

  /** Waits for every tracked task; rejects with the first failure, also one that settled before this call. */
  async all(): Promise<void> {
    this.#throwIfFailed();
    await Promise.all(this.#running);
    this.#throwIfFailed();
  }

  /** Waits until every tracked task has settled, failed or not. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.#running);
  }

  #throwIfFailed(): void {
    if (this.#failed) throw this.#failed.error;
  }
}
