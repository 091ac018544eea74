// DistinctCounter and TopK merge as a distributed scan's partial aggregates need (docs/scale-out.md):
// a distinct counter merges exactly, whatever the split and order; a top-k table exactly while
// nothing is evicted, and otherwise within Space-Saving's bound.
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctCounter } from '../../src/features/distinct-counter.js';
import { fnv1a32 } from '../../src/features/hash.js';
import { TopK } from '../../src/features/top-k.js';
import { readLogs } from '../../src/parse/read-logs.js';

/** What a counter is, for comparing two: its count, whether exact, and its kept hashes in order. */
function shape(counter: DistinctCounter) {
  const { level, hashes } = counter.state();
  return { count: counter.count, exact: counter.exact, level, hashes: [...hashes].sort((a, b) => a - b) };
}

function counterOf(values: readonly number[], capacity: number): DistinctCounter {
  const counter = new DistinctCounter(capacity);
  for (const value of values) counter.add(fnv1a32(`/p/${value}`));
  return counter;
}

function tableOf(values: readonly string[], capacity: number): TopK {
  const table = new TopK(capacity);
  for (const value of values) table.add(value);
  return table;
}

describe('DistinctCounter.merge', () => {
  it('counts a value both parts saw once (hand-computed)', () => {
    const a = counterOf([1, 2, 2], 10);
    a.merge(counterOf([2, 3], 10));
    expect([a.count, a.exact]).toEqual([3, true]);
  });

  it('ends in the state of one pass over every part, whatever the split, the order and the sampling level reached', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 500 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        (values, capacity, cuts, reversed) => {
          const [lo, hi] = cuts.map((cut) => cut % (values.length + 1)).sort((a, b) => a - b) as [number, number];
          const parts = [values.slice(0, lo), values.slice(lo, hi), values.slice(hi)].map((part) => counterOf(part, capacity));
          if (reversed) parts.reverse();
          const merged = parts[0]!;
          for (const part of parts.slice(1)) merged.merge(part);
          expect(shape(merged)).toEqual(shape(counterOf(values, capacity)));
        },
      ),
    );
  });

  it('survives JSON between processes and rejects states no counter can be in', () => {
    const sampled = counterOf(Array.from({ length: 2_000 }, (_, i) => i), 64);
    expect(sampled.exact).toBe(false);
    const restored = DistinctCounter.fromState(JSON.parse(JSON.stringify(sampled.state())));
    expect(shape(restored)).toEqual(shape(sampled));
    const { level, hashes } = sampled.state();
    expect(() => DistinctCounter.fromState({ capacity: 64, level, hashes: [...hashes, 1] })).toThrow(RangeError); // low bits set at that level
    expect(() => DistinctCounter.fromState({ capacity: 0, level: 0, hashes: [] })).toThrow(RangeError);
    expect(() => DistinctCounter.fromState({ capacity: 2, level: 0, hashes: [4, 8, 12] })).toThrow(RangeError);
    expect(() => DistinctCounter.fromState({ capacity: 4, level: 0, hashes: [4, 4] })).toThrow(RangeError);
    expect(() => new DistinctCounter(8).merge(new DistinctCounter(16))).toThrow(/capacity 8 and 16/);
  });
});

describe('TopK.merge', () => {
  it('lends a full table’s smallest count to the entries it lacks, and keeps the heaviest (hand-computed)', () => {
    const a = tableOf(['/a', '/a', '/b', '/c'], 3); // full: /a 2, /b 1, /c 1; smallest 1
    const b = tableOf(['/d', '/d', '/d', '/b'], 3); // not full: /d 3, /b 1; it evicted nothing
    a.merge(b);
    // /b 1 + 1, /d 3 + 1 (a may have evicted a /d), /c 1 + 0 drops out; true counts /a 2, /b 2, /d 3.
    // The 1 lent to /d counts as inherited: top() shows the 3 it is sure of.
    expect(a.state().entries).toEqual([['/a', 2], ['/b', 2], ['/d', 4, 1]]);
    expect(a.top()).toEqual([['/d', 3], ['/a', 2], ['/b', 2]]);
  });

  it('is the one-pass table while nothing is evicted', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('/a', '/b', '/c', '/d', '/e', '/f'), { maxLength: 120 }), fc.nat(), (values, cut) => {
        const at = cut % (values.length + 1);
        const merged = tableOf(values.slice(0, at), 7);
        merged.merge(tableOf(values.slice(at), 7));
        expect(merged.top()).toEqual(tableOf(values, 7).top());
      }),
    );
  });

  it('never counts an entry below its true count, nor above it by more than the parts’ smallest counts; top() never above it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 6 }), (numbers, cut, capacity) => {
        const values = numbers.map((n) => `/p/${n}`);
        const at = cut % (values.length + 1);
        const [a, b] = [tableOf(values.slice(0, at), capacity), tableOf(values.slice(at), capacity)];
        const smallest = (table: TopK) => (table.state().entries.length === capacity ? Math.min(...table.state().entries.map(([, n]) => n)) : 0);
        const slack = smallest(a) + smallest(b);
        a.merge(b);
        const counted = new Map(a.state().entries.map(([key, count]) => [key, count]));
        for (const [key, sure] of a.top()) {
          const truth = values.filter((value) => value === key).length;
          const count = counted.get(key)!;
          expect(count).toBeGreaterThanOrEqual(truth);
          expect(count - truth).toBeLessThanOrEqual(slack);
          expect(sure).toBeLessThanOrEqual(truth);
          expect(sure).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });

  it('survives JSON between processes and rejects states no table can be in', () => {
    const table = tableOf(['/x', '/y', '/x', '/z'], 4);
    expect(TopK.fromState(JSON.parse(JSON.stringify(table.state()))).top()).toEqual(table.top());
    expect(() => TopK.fromState({ capacity: 1, entries: [['/x', 1], ['/y', 1]] })).toThrow(RangeError);
    expect(() => TopK.fromState({ capacity: 2, entries: [['/x', 1], ['/x', 2]] })).toThrow(RangeError);
    expect(() => TopK.fromState({ capacity: 2, entries: [['/x', 0]] })).toThrow(RangeError);
    // What an entry inherited is less than its count and not negative.
    expect(() => TopK.fromState({ capacity: 2, entries: [['/x', 2, 2]] })).toThrow(RangeError);
    expect(() => TopK.fromState({ capacity: 2, entries: [['/x', 2, -1]] })).toThrow(RangeError);
    expect(TopK.fromState({ capacity: 2, entries: [['/x', 5, 3], ['/y', 3]] }).top()).toEqual([['/y', 3], ['/x', 2]]);
    expect(() => new TopK(2).merge(new TopK(3))).toThrow(/capacity 2 and 3/);
  });
});

const ELASTIC = new URL('../../../shared/data/elastic-apache-logs/apache_logs.log', import.meta.url).pathname;

describe.skipIf(!existsSync(ELASTIC))('merging per-client sketches of a real log split in three', () => {
  it('gives every client of elastic-apache-logs its one-pass distinct URIs, and its one-pass top URIs when nothing was evicted', async () => {
    type Sketches = Map<string, { uris: DistinctCounter; top: TopK }>;
    const sketchesOf = () => new Map() as Sketches;
    const whole = sketchesOf();
    const thirds = [sketchesOf(), sketchesOf(), sketchesOf()];
    let records = 0;
    const all: Array<{ ip: string; uri: string }> = [];
    for await (const batch of readLogs([ELASTIC])) for (const record of batch) all.push({ ip: record.clientIp, uri: `${record.path}?${record.query}` });
    for (const { ip, uri } of all) {
      // The same caps as a client's IpState by default: 128 distinct URIs, the top 5 shown (10 slots).
      for (const sketches of [whole, thirds[Math.floor((3 * records) / all.length)]!]) {
        let client = sketches.get(ip);
        if (client === undefined) sketches.set(ip, (client = { uris: new DistinctCounter(128), top: new TopK(10) }));
        client.uris.add(fnv1a32(uri));
        client.top.add(uri);
      }
      records++;
    }
    expect(records).toBe(10_000);
    const merged = sketchesOf();
    // Merged in reverse, as a reduce may receive the parts.
    for (const part of [...thirds].reverse()) {
      for (const [ip, client] of part) {
        const into = merged.get(ip);
        if (into === undefined) merged.set(ip, { uris: DistinctCounter.fromState(client.uris.state()), top: TopK.fromState(client.top.state()) });
        else {
          into.uris.merge(client.uris);
          into.top.merge(client.top);
        }
      }
    }
    expect(merged.size).toBe(whole.size);
    expect(whole.size).toBeGreaterThan(1_000);
    let sampled = 0;
    let exactTops = 0;
    for (const [ip, client] of whole) {
      const into = merged.get(ip)!;
      expect(shape(into.uris)).toEqual(shape(client.uris));
      if (!client.uris.exact) sampled++;
      if (client.uris.count < 10) {
        // Nothing evicted in any part or in the merge: the same counts, though ties may list in another order.
        expect(new Map(into.top.top())).toEqual(new Map(client.top.top()));
        exactTops++;
      }
    }
    // Two of its 1,753 clients ask for more than 128 distinct URIs and are sampled; 1,652 ask for fewer than 10.
    expect(sampled).toBe(2);
    expect(exactTops).toBe(1_652);
  });
});
