// ClientTally: the per-client counts campaign links use, by hand.
import { describe, expect, it } from 'vitest';
import { ClientTally } from '../../src/campaigns/client-tally.js';

describe('ClientTally', () => {
  it('gives the clients reaching a share in first-counted order, zeros included in the order only', () => {
    const tally = new ClientTally(10);
    tally.add(7, 0);
    tally.add(3, 2);
    tally.add(7, 3);
    tally.add(9, 1);
    tally.add(3, 1);
    // Of a mass of 6: client 7 has 3 (0.5), client 3 has 3 (0.5), client 9 has 1.
    expect([...tally.reaching(6, 0.5)]).toEqual([7, 3]);
    expect([...tally.reaching(6, 0.6)]).toEqual([]);
    expect([...tally.reaching(0, 0.5)]).toEqual([]);
  });

  it('forgets every count on reset, however often it is reused', () => {
    const tally = new ClientTally(4);
    for (let round = 0; round < 1_000; round++) {
      tally.reset();
      tally.add(round % 4, 5);
      tally.add((round + 1) % 4, 1);
      expect([...tally.reaching(6, 0.5)]).toEqual([round % 4]);
      expect([...tally.reaching(6, 0.1)]).toEqual([round % 4, (round + 1) % 4]);
    }
  });
});
