import { describe, expect, it } from 'vitest';
import { RecencyMap } from '../../src/watch/recency-map.js';

describe('RecencyMap', () => {
  it('forgets the least recently used key to make room for a new one, and says which', () => {
    const forgotten: Array<[string, number]> = [];
    const map = new RecencyMap<string, number>(2, (key, value) => forgotten.push([key, value]));
    map.set('a', 1);
    map.set('b', 2);
    // Using a makes b the least recently used.
    expect(map.use('a')).toBe(1);
    map.set('c', 3);
    expect(forgotten).toEqual([['b', 2]]);
    expect([...map.values()]).toEqual([1, 3]);
    expect(map.has('b')).toBe(false);
    expect(map.size).toBe(2);
  });

  it('does not mark a key used on peek, and setting a kept key forgets nothing', () => {
    const forgotten: string[] = [];
    const map = new RecencyMap<string, number>(2, (key) => forgotten.push(key));
    map.set('a', 1);
    map.set('b', 2);
    expect(map.peek('a')).toBe(1);
    // a is still the least recently used: a new key forgets it.
    map.set('a', 10);
    expect(forgotten).toEqual([]);
    expect([...map.values()]).toEqual([2, 10]);
    map.set('c', 3);
    expect(forgotten).toEqual(['b']);
    expect(map.peek('a')).toBe(10);
  });

  it('tells onForget of the key forgotten before the new key is in', () => {
    const sizes: number[] = [];
    const map: RecencyMap<string, number> = new RecencyMap<string, number>(1, () => sizes.push(map.size));
    map.set('a', 1);
    map.set('b', 2);
    expect(sizes).toEqual([0]);
    expect([...map.values()]).toEqual([2]);
  });

  it('keeps undefined values apart from missing keys, and deletes without telling onForget', () => {
    const forgotten: string[] = [];
    const map = new RecencyMap<string, number | undefined>(3, (key) => forgotten.push(key));
    map.set('none', undefined);
    expect(map.has('none')).toBe(true);
    expect(map.use('none')).toBeUndefined();
    expect(map.use('missing')).toBeUndefined();
    expect(map.has('missing')).toBe(false);
    expect(map.delete('none')).toBe(true);
    expect(map.delete('none')).toBe(false);
    expect(forgotten).toEqual([]);
    expect(map.size).toBe(0);
  });

  it('refuses a size that keeps no key', () => {
    expect(() => new RecencyMap(0)).toThrow(RangeError);
    expect(() => new RecencyMap(1.5)).toThrow(RangeError);
    expect(() => new RecencyMap(Number.NaN)).toThrow(RangeError);
  });
});
