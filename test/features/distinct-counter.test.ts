import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctCounter } from '../../src/features/distinct-counter.js';
import { fnv1a32, hash52 } from '../../src/features/hash.js';
import { TopK } from '../../src/features/top-k.js';

describe('fnv1a32 / hash52', () => {
  it('matches the published FNV-1a test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('keeps hash52 within the exact integer range', () => {
    expect(Number.isSafeInteger(hash52('session=abc'))).toBe(true);
    expect(hash52('a')).not.toBe(hash52('b'));
  });
});

describe('DistinctCounter', () => {
  it('is exact up to its capacity, repeats included', () => {
    const counter = new DistinctCounter(100);
    for (let i = 0; i < 300; i++) counter.add(fnv1a32(`/p/${i % 100}`));
    expect(counter.count).toBe(100);
    expect(counter.exact).toBe(true);
  });

  it('estimates within 25% far beyond capacity, never holding more than capacity', () => {
    const counter = new DistinctCounter(512);
    for (let i = 0; i < 50_000; i++) counter.add(fnv1a32(`/p/${i}`));
    expect(counter.exact).toBe(false);
    expect(Math.abs(counter.count - 50_000) / 50_000).toBeLessThan(0.25);
  });
});

describe('DistinctCounter error at the default caps (docs/structured-detector.md states these)', () => {
  /** Root-mean-square relative error and mean relative error over 100 independent sets of 20,000 values. */
  function errorAt(capacity: number): { rms: number; bias: number } {
    const n = 20_000;
    let squares = 0;
    let sum = 0;
    for (let trial = 0; trial < 100; trial++) {
      const counter = new DistinctCounter(capacity);
      for (let i = 0; i < n; i++) counter.add(fnv1a32(`/t${trial}/p/${i}`));
      const error = (counter.count - n) / n;
      squares += error * error;
      sum += error;
    }
    return { rms: Math.sqrt(squares / 100), bias: sum / 100 };
  }

  it('128 (URIs per client): about 15 %; 16 (user agents): about 40 %; 1,024 (clients per window): about 2 %; unbiased', () => {
    const uris = errorAt(128);
    const agents = errorAt(16);
    const clients = errorAt(1024);
    expect(uris.rms).toBeLessThan(0.18);
    expect(agents.rms).toBeLessThan(0.45);
    expect(clients.rms).toBeLessThan(0.04);
    for (const { bias } of [uris, agents, clients]) expect(Math.abs(bias)).toBeLessThan(0.05);
  });
});

describe('TopK', () => {
  it('keeps heavy hitters and their counts when light items churn through', () => {
    const top = new TopK(4);
    for (let i = 0; i < 100; i++) {
      top.add('/login');
      if (i % 2 === 0) top.add('/home');
      top.add(`/rare/${i}`);
    }
    const [first, second] = top.top(2);
    expect(first).toEqual(['/login', 100]);
    expect(second?.[0]).toBe('/home');
  });
});

describe('DistinctCounter and TopK against exact references', () => {
  it('count exactly like a Set up to capacity, whatever the order and repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (values, capacity) => {
        const counter = new DistinctCounter(capacity);
        for (const value of values) counter.add(fnv1a32(`/p/${value}`));
        const distinct = new Set(values).size;
        if (distinct <= capacity) {
          expect(counter.exact).toBe(true);
          expect(counter.count).toBe(distinct);
        } else {
          expect(counter.exact).toBe(false);
        }
      }),
    );
  });

  it('TopK gives exact counts, heaviest first and ties in first-seen order, while nothing is evicted', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('/a', '/b', '/c', '/d', '/e'), { maxLength: 200 }), (values) => {
        const top = new TopK(5);
        for (const value of values) top.add(value);
        const counts = new Map<string, number>();
        for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
        expect(top.top()).toEqual([...counts].sort((a, b) => b[1] - a[1]));
      }),
    );
  });

  it('DistinctCounter ends at the lowest sampling level that keeps at most capacity hashes, and keeps exactly those', () => {
    // The reference of Wegman's adaptive sampling: level L keeps the distinct 30-bit hashes whose low L
    // bits are zero. Covers the first value kept in a field, the small array and the Set, capacities 1-20.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (values, capacity) => {
        const counter = new DistinctCounter(capacity);
        for (const value of values) counter.add(fnv1a32(`/p/${value}`));
        const hashes = [...new Set(values.map((value) => fnv1a32(`/p/${value}`) >>> 2))];
        let level = 0;
        const keptAt = (l: number) => hashes.filter((hash) => (hash & (2 ** l - 1)) === 0);
        while (keptAt(level).length > capacity && level < 29) level++;
        const { level: stateLevel, hashes: kept } = counter.state();
        expect(stateLevel).toBe(level);
        expect([...kept].sort((a, b) => a - b)).toEqual(keptAt(level).sort((a, b) => a - b));
        expect(counter.count).toBe(keptAt(level).length * 2 ** level);
      }),
    );
  });

  it('TopK of one: the newcomer replaces the entry and inherits its count (hand-computed)', () => {
    const top = new TopK(1);
    for (const value of ['/a', '/a', '/b', '/b', '/c']) top.add(value);
    // /a 2; /b replaces it with 2 + 1, then 4; /c replaces /b with 4 + 1, of which 4 inherited:
    // top() gives the 1 it is sure of, the state keeps both.
    expect(top.top()).toEqual([['/c', 1]]);
    expect(top.state()).toEqual({ capacity: 1, entries: [['/c', 5, 4]] });
    expect(TopK.fromState(top.state()).state()).toEqual(top.state());
  });

  it('TopK keeps its first entry alone, then every entry in first-seen order, through JSON and merges', () => {
    const top = new TopK(4);
    top.add('/a', 3);
    expect(top.state().entries).toEqual([['/a', 3]]);
    top.add('/b');
    top.add('/a');
    expect(top.state().entries).toEqual([['/a', 4], ['/b', 1]]);
    const one = TopK.fromState({ capacity: 4, entries: [['/c', 2]] });
    one.add('/c');
    expect(one.top()).toEqual([['/c', 3]]);
    one.merge(top);
    expect(one.state().entries).toEqual([['/c', 3], ['/a', 4], ['/b', 1]]);
    const empty = new TopK(4);
    empty.merge(new TopK(4));
    expect(empty.top()).toEqual([]);
    empty.add('/d');
    expect(empty.top()).toEqual([['/d', 1]]);
  });

  it('TopK evicts the first-seen of the lightest entries and the newcomer inherits its count', () => {
    const top = new TopK(3);
    for (const value of ['/a', '/a', '/b', '/c', '/d']) top.add(value);
    // /b and /c tie at 1; /b came first and makes room for /d, which counts 1 + 1, 1 of it inherited.
    expect(top.state().entries).toEqual([['/a', 2], ['/c', 1], ['/d', 2, 1]]);
    expect(top.top()).toEqual([['/a', 2], ['/c', 1], ['/d', 1]]);
    top.add('/d');
    top.add('/d');
    expect(top.top()).toEqual([['/d', 3], ['/a', 2], ['/c', 1]]);
  });

  it('TopK keeps what its one entry inherited when a second entry arrives', () => {
    // A state of one entry that inherited 3 of its 5, then a new key: the arrays start from it.
    const top = TopK.fromState({ capacity: 4, entries: [['/x', 5, 3]] });
    top.add('/y');
    top.add('/x');
    expect(top.state().entries).toEqual([['/x', 6, 3], ['/y', 1]]);
    expect(top.top()).toEqual([['/x', 3], ['/y', 1]]);
  });

  it('TopK shows what an entry is sure of: a client of 3,700 distinct URIs is not 200 requests to one of them', () => {
    // The pattern of a log mirror on secrepo's web logs (python-requests, 4,156 requests, 3,712
    // distinct URIs, at most 3 to any one): every entry of a full table inherited ~200.
    const top = new TopK(20);
    const truth = new Map<string, number>();
    for (let i = 0; i < 4156; i++) {
      const uri = `/self.logs/access.log.${i % 3712}.gz`;
      top.add(uri);
      truth.set(uri, (truth.get(uri) ?? 0) + 1);
    }
    const shown = top.top(5);
    expect(Math.max(...top.state().entries.map((entry) => entry[1]))).toBeGreaterThan(200); // what it was shown as before
    for (const [uri, count] of shown) expect(count).toBeLessThanOrEqual(truth.get(uri)!);
    expect(Math.max(...shown.map(([, count]) => count))).toBeLessThanOrEqual(2);
    // A URI asked for 500 times among them keeps its count exactly: it is never evicted.
    const hammered = new TopK(20);
    for (let i = 0; i < 4156; i++) hammered.add(i % 8 === 0 ? '/login' : `/u${i}`);
    expect(hammered.top(1)).toEqual([['/login', 520]]);
  });
});
