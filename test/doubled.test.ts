import { describe, expect, it } from 'vitest';
import { doubled } from '../src/doubled.js';

describe('doubled', () => {
  it('returns an array of the same kind, twice as long, with the old entries in front and zeros after', () => {
    const grown = doubled(Uint16Array.from([7, 65535, 3]));
    expect(grown).toBeInstanceOf(Uint16Array);
    expect([...grown]).toEqual([7, 65535, 3, 0, 0, 0]);
    const times = doubled(Float64Array.from([1.5, Number.NaN]));
    expect(times).toBeInstanceOf(Float64Array);
    expect([...times]).toEqual([1.5, Number.NaN, 0, 0]);
  });
});
