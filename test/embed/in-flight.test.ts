import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/embed/in-flight.js';

/** Lets every promise that can settle now settle: one turn of the event loop, not a time. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const deferred = () => {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
};

describe('InFlight', () => {
  it('makes add wait while the limit is reached, and go on when a task ends', async () => {
    const inFlight = new InFlight(2);
    const a = deferred();
    const b = deferred();
    await inFlight.add(a.promise); // 1 running: returns at once
    let third = false;
    const adding = inFlight.add(b.promise).then(() => (third = true));
    await settle();
    expect(third).toBe(false);
    a.resolve();
    await adding;
    expect(third).toBe(true);
    b.resolve();
    await inFlight.all();
  });

  it('surfaces a failure on the next wait, and settled() waits for everything anyway', async () => {
    const inFlight = new InFlight(1);
    const failing = deferred();
    const slow = deferred();
    const first = inFlight.add(failing.promise);
    failing.reject(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    const second = inFlight.add(slow.promise); // waits: the limit is reached
    let done = false;
    const settling = inFlight.settled().then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    slow.resolve();
    await Promise.all([second, settling]);
    expect(done).toBe(true);
  });
});
