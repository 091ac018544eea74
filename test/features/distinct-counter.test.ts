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
