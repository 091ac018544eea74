// Reads fanned out over every map job, at most `limit` at a time: in order, and stopping at a failure.
// Every read here settles when the test says so, never after a wall-clock delay.

import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/distributed/map-bounded.js';
import { readPartials } from '../../src/distributed/reduce-scan.js';
import type { PartialStore, PartialSummary } from '../../src/distributed/store/partial-store.js';

/** Reads that wait until released, counting how many are pending at once. */
function gatedReads<T>(answer: (item: number) => T) {
  const waiting: Array<() => void> = [];
  let pending = 0;
  let most = 0;
  const started: number[] = [];
  const read = (item: number) =>
    new Promise<T>((resolve, reject) => {
      started.push(item);
      most = Math.max(most, ++pending);
      waiting.push(() => {
        pending--;
        try {
          resolve(answer(item));
        } catch (error) {
          reject(error as Error);
        }
      });
    });
  /** Releases the pending reads in reverse order of start, until none is left. */
  const drain = async (result: Promise<unknown>) => {
    let settled = false;
    void result.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!settled) {
      waiting.splice(0).reverse().forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { read, drain, most: () => most, started };
}

describe('mapBounded', () => {
  it('gives every result in the items\' order with at most `limit` reads pending', async () => {
    const gate = gatedReads((item) => item * 10);
    const result = mapBounded([...Array(50).keys()], 4, gate.read);
    await gate.drain(result);
    expect(await result).toEqual([...Array(50).keys()].map((item) => item * 10));
    expect(gate.most()).toBe(4);
    expect(new Set(gate.started).size).toBe(50);
  });

  it('rejects with a failed read and starts no read after it', async () => {
    const gate = gatedReads((item) => {
      if (item === 5) throw new Error('partial 5 is missing');
      return item;
    });
    const result = mapBounded([...Array(40).keys()], 3, gate.read);
    await gate.drain(result);
    await expect(result).rejects.toThrow('partial 5 is missing');
    // Reads 0-5 and the few already pending beside 5 ran; none of the rest.
    expect(Math.max(...gate.started)).toBeLessThan(5 + 3);
  });

  it('handles no items and refuses a limit below 1', async () => {
    expect(await mapBounded([], 8, async () => 1)).toEqual([]);
    await expect(mapBounded([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});

describe('readPartials', () => {
  it('reads the summaries of 300 jobs at most 32 at a time, and merges them in job order', async () => {
    const summary = (index: number): PartialSummary => ({
      index,
      input: `part-${index}.log`,
      ingest: { files: [{ file: `part-${index}.log`, format: 'combined', bytes: 200, lines: 2, records: 2, malformed: 0 }], records: 2, malformed: 0, malformedSample: [], formats: ['combined'], damaged: 0, skipped: [] },
      distinctTexts: 1,
      warnings: [],
    });
    const gate = gatedReads(summary);
    const store = { readSummary: gate.read } as unknown as PartialStore;
    const stream = readPartials({ store, jobs: 300 });
    await gate.drain(stream);
    const { summary: merged } = await stream;
    expect(gate.most()).toBe(32);
    expect(merged.records).toBe(600);
    expect(merged.files.map((file) => file.file)).toEqual([...Array(300).keys()].map((index) => `part-${index}.log`));
  });
});
