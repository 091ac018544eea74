import { describe, expect, it } from 'vitest';
import { CappedCounts } from '../../src/watch/capped-counts.js';

describe('CappedCounts', () => {
  it('counts texts, forgetting the one seen least recently past its cap', () => {
    const counts = new CappedCounts(2);
    expect([counts.add('a'), counts.add('b'), counts.add('a'), counts.add('c')]).toEqual([1, 1, 2, 1]);
    // b was seen least recently: forgotten, and new again.
    expect(counts.add('b')).toBe(1);
    expect(counts.size).toBe(2);
  });

  it('counts long texts apart by their whole content, under a short key', () => {
    const counts = new CappedCounts(10);
    const long = (tail: string) => `GET /${'a'.repeat(60_000)}${tail}`;
    expect([counts.add(long('x')), counts.add(long('x')), counts.add(long('y'))]).toEqual([1, 2, 1]);
    expect(counts.size).toBe(2);
  });
});
