import { describe, expect, it } from 'vitest';
import { ProbePairs, sharedProbes } from '../../src/clients/shared-probes.js';

function pairs(list: Array<[number, number]>): ProbePairs {
  const p = new ProbePairs();
  for (const [ipId, textId] of list) p.add(ipId, textId);
  return p;
}

describe('sharedProbes', () => {
  it('counts, per probe-only client, its probes that at least minCompanions other probe-only clients sent', () => {
    // Texts 0 and 1 are probed by clients 0, 1, 2 (probe-only) and 3 (not probe-only); text 2 by client 0 alone.
    const p = pairs([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [2, 0], [2, 1], [3, 0], [3, 1]]);
    const probeOnly = (ipId: number) => ipId !== 3;
    const { shared, companions } = sharedProbes(p, 3, probeOnly, 4, 2);
    // Client 0: texts 0 and 1 have 2 other probe-only senders each (client 3 does not count); text 2 none.
    expect([...shared]).toEqual([2, 2, 2, 0]);
    expect([...companions]).toEqual([2, 2, 2, 0]);
    // With 3 companions needed, nobody shares.
    expect([...sharedProbes(p, 3, probeOnly, 4, 3).shared]).toEqual([0, 0, 0, 0]);
  });

  it('grows past its first block of pairs', () => {
    const list: Array<[number, number]> = Array.from({ length: 3000 }, (_, k) => [k % 3, k % 1000]);
    const { shared } = sharedProbes(pairs(list), 1000, () => true, 3, 2);
    // Every text is probed by all three clients, each client probes 1000 texts.
    expect([...shared]).toEqual([1000, 1000, 1000]);
  });
});
