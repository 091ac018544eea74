import { describe, expect, it } from 'vitest';
import { LiveSiteMap } from '../../src/watch/live-site-map.js';

describe('LiveSiteMap', () => {
  it('knows whether another client uses a route and whether it answers anybody without an error', () => {
    const site = new LiveSiteMap(10);
    expect(site.othersUse('/a', 'x')).toBe(false);
    site.see('/a', 'x', 404);
    expect([site.othersUse('/a', 'x'), site.othersUse('/a', 'y'), site.answersOk('/a')]).toEqual([false, true, false]);
    site.see('/a', 'x', 404);
    expect(site.othersUse('/a', 'x')).toBe(false);
    site.see('/a', 'y', 200);
    expect([site.othersUse('/a', 'x'), site.othersUse('/a', 'y'), site.answersOk('/a')]).toEqual([true, true, true]);
    // No status logged: no answer known.
    site.see('/b', 'x', null);
    expect(site.answersOk('/b')).toBe(false);
  });

  it('returns one string per route, and forgets the route requested longest ago past its cap', () => {
    const site = new LiveSiteMap(2);
    const first = site.see('/a', 'x', 200);
    expect(site.see(`/${'a'}`, 'y', 200)).toBe(first);
    site.see('/b', 'x', 200);
    site.see('/a', 'x', 200); // /a is now the most recent
    site.see('/c', 'x', 200); // forgets /b
    expect(site.size).toBe(2);
    expect([site.answersOk('/a'), site.answersOk('/b'), site.answersOk('/c')]).toEqual([true, false, true]);
  });
});
