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

  it('rejects the add waiting when a task fails, and settled() waits for everything anyway', async () => {
    const inFlight = new InFlight(1);
    const failing = deferred();
    const slow = deferred();
    const first = inFlight.add(failing.promise);
    failing.reject(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    const second = expect(inFlight.add(slow.promise)).rejects.toThrow('boom');
    let done = false;
    const settling = inFlight.settled().then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    slow.resolve();
    await Promise.all([second, settling]);
    expect(done).toBe(true);
  });

  it('stops the next add and all() after a failure that no add was waiting for', async () => {
    const inFlight = new InFlight(4);
    const failing = deferred();
    const slow = deferred();
    await inFlight.add(failing.promise); // below the limit: returns at once
    failing.reject(new Error('boom'));
    await settle();
    // The failed task has left the running set; it is remembered all the same.
    await expect(inFlight.add(slow.promise)).rejects.toThrow('boom');
    await expect(inFlight.all()).rejects.toThrow('boom');
    let done = false;
    const settling = inFlight.settled().then(() => (done = true));
    await settle();
    expect(done).toBe(false); // the task added after the failure is still tracked
    slow.resolve();
    await settling;
    await expect(inFlight.all()).rejects.toThrow('boom');
  });

  it('keeps the first failure when several fail', async () => {
    const inFlight = new InFlight(4);
    const first = deferred();
    const second = deferred();
    await inFlight.add(first.promise);
    await inFlight.add(second.promise);
    first.reject(new Error('first'));
    await settle();
    second.reject(new Error('second'));
    await inFlight.settled();
    await expect(inFlight.all()).rejects.toThrow('first');
    await expect(inFlight.add(Promise.resolve())).rejects.toThrow('first');
  });

  it('resolves all() when every task succeeded', async () => {
    const inFlight = new InFlight(2);
    const done: number[] = [];
    for (let i = 0; i < 5; i++) await inFlight.add(Promise.resolve().then(() => void done.push(i)));
    await inFlight.all();
    expect(done).toEqual([0, 1, 2, 3, 4]);
  });
});
