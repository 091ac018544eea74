// One alert per key per cooldown, with a summary of what it held back: on a hand-made clock.
import { describe, expect, it } from 'vitest';
import { AlertThrottle } from '../../src/watch/alert-throttle.js';

const f = (ip: string, score: number, tags: string[] = []) => ({ ip, score, tags });

describe('AlertThrottle', () => {
  it('sends the first finding of a key, holds back the rest until the cooldown ends, then summarises them', () => {
    const t = new AlertThrottle(1000);
    expect(t.admit('client a', f('a', 5, ['xss']), 0)).toBe(true);
    expect(t.admit('client a', f('a', 7, ['xss', 'sqli']), 100)).toBe(false);
    expect(t.admit('client a', f('a', 6, ['sqli']), 999)).toBe(false);
    // Another key has its own cooldown.
    expect(t.admit('client b', f('b', 1), 500)).toBe(true);
    expect(t.due(999)).toEqual([]);
    expect(t.due(1000)).toEqual([{ key: 'client a', findings: 2, clients: 1, maxScore: 7, tags: ['sqli', 'xss'], sinceMs: 0, untilMs: 1000 }]);
    // The summary opened a new cooldown for a: its next finding is held back again.
    expect(t.admit('client a', f('a', 2), 1200)).toBe(false);
    // b held nothing back: its cooldown just ends, and its next finding is sent.
    expect(t.due(1500)).toEqual([]);
    expect(t.admit('client b', f('b', 1), 1600)).toBe(true);
    expect(t.due(2000)).toEqual([{ key: 'client a', findings: 1, clients: 1, maxScore: 2, tags: [], sinceMs: 1000, untilMs: 2000 }]);
    // A quiet key is forgotten when its cooldown ends.
    expect(t.due(3000)).toEqual([]);
    expect(t.open).toBe(0);
  });

  it('counts the distinct clients of a campaign key', () => {
    const t = new AlertThrottle(60_000);
    expect(t.admit('campaign xss', f('10.0.0.1', 1, ['xss']), 0)).toBe(true);
    for (let i = 2; i <= 5; i++) t.admit('campaign xss', f(`10.0.0.${i}`, 1, ['xss']), i);
    t.admit('campaign xss', f('10.0.0.5', 3, ['xss']), 10);
    expect(t.due(60_000)).toMatchObject([{ key: 'campaign xss', findings: 5, clients: 4, maxScore: 3 }]);
  });

  it('drains what is held back at shutdown, with the time it was held', () => {
    const t = new AlertThrottle(1000);
    t.admit('client a', f('a', 1), 0);
    t.admit('client a', f('a', 1), 10);
    t.admit('client c', f('c', 1), 20);
    expect(t.drain(400)).toEqual([{ key: 'client a', findings: 1, clients: 1, maxScore: 1, tags: [], sinceMs: 0, untilMs: 400 }]);
    expect(t.open).toBe(0);
  });
});
