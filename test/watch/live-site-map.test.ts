import { describe, expect, it } from 'vitest';
import { LiveSiteMap, MAX_METHODS } from '../../src/watch/live-site-map.js';

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

  it('knows whether a client other than a given one got an answer below 400 with a method', () => {
    const site = new LiveSiteMap(10);
    site.answer('PROPFIND', 'x', 405);
    site.answer('PROPFIND', 'y', null); // no status logged: no answer known
    expect([site.othersAnswered('PROPFIND', 'x'), site.othersAnswered('PROPFIND', 'y')]).toEqual([false, false]);
    site.answer('PROPFIND', 'x', 207);
    expect([site.othersAnswered('PROPFIND', 'x'), site.othersAnswered('PROPFIND', 'y')]).toEqual([false, true]);
    site.answer('PROPFIND', 'y', 207);
    expect([site.othersAnswered('PROPFIND', 'x'), site.othersAnswered('PROPFIND', 'y')]).toEqual([true, true]);
  });

  it(`forgets the method answered longest ago past ${MAX_METHODS} methods`, () => {
    const site = new LiveSiteMap(10);
    site.answer('GET', 'x', 200);
    site.answer('HEAD', 'x', 200);
    for (let k = 0; k < MAX_METHODS - 2; k++) site.answer(`M${k}`, 'x', 200);
    site.answer('GET', 'x', 200); // GET is now the most recent; HEAD the oldest
    site.answer('ONE-MORE', 'x', 200);
    expect([site.othersAnswered('GET', 'y'), site.othersAnswered('HEAD', 'y'), site.othersAnswered('ONE-MORE', 'y')]).toEqual([true, false, true]);
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

  it('learns the catch-all page as scan does: a 200 size that 10 routes of one client each got', () => {
    const site = new LiveSiteMap(100);
    for (let k = 0; k < 9; k++) site.see(`/guess-${k}`, 'x', 200, 1520);
    expect([site.isCatchAll(1520), site.takeLearned()]).toEqual([false, []]);
    // A page two clients read, of that size, does not count (a single-page app's home page).
    site.see('/', 'y', 200, 1520);
    site.see('/', 'z', 200, 1520);
    expect(site.isCatchAll(1520)).toBe(false);
    site.see('/guess-9', 'x', 200, 1520);
    expect(site.isCatchAll(1520)).toBe(true);
    expect(site.takeLearned()).toEqual([{ bytes: 1520, routes: 10 }]);
    expect(site.takeLearned()).toEqual([]);
    // Another client asks for one of the guessed paths: 9 single-client routes are left, and no longer
    // the catch-all page; learned again later, it is not said twice.
    site.see('/guess-0', 'y', 200, 1520);
    expect(site.isCatchAll(1520)).toBe(false);
    site.see('/guess-10', 'x', 200, 1520);
    expect([site.isCatchAll(1520), site.takeLearned()]).toEqual([true, []]);
    // Sizes not logged (0) are never one.
    expect(site.isCatchAll(0)).toBe(false);
  });

  it('takes a forgotten route out of the catch-all count', () => {
    const site = new LiveSiteMap(10);
    for (let k = 0; k < 10; k++) site.see(`/guess-${k}`, 'x', 200, 1520);
    expect(site.isCatchAll(1520)).toBe(true);
    site.see('/other', 'y', 200, 9000); // forgets /guess-0
    expect(site.isCatchAll(1520)).toBe(false);
  });

  it('made again from the changes taken after each batch, applied in turn: the same routes, forgotten in the same order', () => {
    const live = new LiveSiteMap(4);
    const again = new LiveSiteMap(4);
    const batches: Array<() => void> = [
      () => {
        live.see('/a', 'x', 404);
        live.see('/b', 'x', 200, 700);
        live.answer('PROPFIND', 'x', 207);
      },
      () => {
        live.see('/a', 'y', 200);
        for (let k = 0; k < 8; k++) live.see(`/c${k}`, 'z', 200, 900); // forgets /b and the first /c
        live.see('/a', 'z', 404);
      },
      () => {
        live.see('/c7', 'x', 404);
        live.answer('PROPFIND', 'y', 207);
      },
    ];
    for (const batch of batches) {
      batch();
      again.apply(live.takeChanges());
      expect(again.entries()).toEqual(live.entries());
    }
    expect(live.entries().routes.map(([route]) => route)).toEqual(['/c5', '/c6', '/a', '/c7']);
    expect([again.othersUse('/a', 'x'), again.othersUse('/b', 'y'), again.othersAnswered('PROPFIND', 'x')]).toEqual([true, false, true]);
    // What a batch that touched nothing changed: nothing.
    expect(live.takeChanges()).toEqual({ routes: [], methods: [] });
  });

  it('made again with its catch-all size counted, not learned a second time', () => {
    const live = new LiveSiteMap(100);
    for (let k = 0; k < 10; k++) live.see(`/guess-${k}`, 'x', 200, 1520);
    expect(live.takeLearned()).toHaveLength(1);
    const again = new LiveSiteMap(100);
    again.apply(live.takeChanges());
    expect(again.isCatchAll(1520)).toBe(true);
    // A guessed route that another client requests leaves the count, as in the map it was made from.
    for (const site of [live, again]) site.see('/guess-0', 'y', 404);
    expect([live.isCatchAll(1520), again.isCatchAll(1520)]).toEqual([false, false]);
    // Back at the bar: said in the run that learned it, not again.
    again.see('/guess-10', 'x', 200, 1520);
    expect([again.isCatchAll(1520), again.takeLearned()]).toEqual([true, []]);
  });
});
