import { describe, expect, it } from 'vitest';
import { meanPoolNormalize } from '../../src/embed/mean-pool.js';

describe('meanPoolNormalize', () => {
  it('averages only unmasked tokens, then scales to unit length', () => {
    // batch 2, seq 3, dim 2
    const hidden = new Float32Array([1, 0, 3, 0, 100, 100, 0, 2, 0, 4, 0, 6]);
    const mask = [1, 1, 0, 1, 1, 1];
    const out = meanPoolNormalize(hidden, mask, 2, 3, 2);
    // row 0: mean of (1,0),(3,0) = (2,0) → (1,0); the padded (100,100) is ignored
    expect([...out.subarray(0, 2)]).toEqual([1, 0]);
    // row 1: mean (0,4) → (0,1)
    expect([...out.subarray(2, 4)]).toEqual([0, 1]);
  });

  it('keeps an all-zero row at zero instead of NaN', () => {
    const out = meanPoolNormalize(new Float32Array(4), [1, 1], 1, 2, 2);
    expect([...out]).toEqual([0, 0]);
  });
});
