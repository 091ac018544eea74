import { describe, expect, it } from 'vitest';
import { CappedDistinct } from '../../src/sitemap/capped-distinct.js';
import { routeOf } from '../../src/sitemap/route-of.js';
import { buildSiteMap } from '../../src/sitemap/site-map.js';

/** Occurrence rows from [textId, ipId, status] triples. */
function rows(triples: Array<[number, number, number]>) {
  return { size: triples.length, textId: (i: number) => triples[i]![0], ipId: (i: number) => triples[i]![1], status: (i: number) => triples[i]![2] };
}

describe('routeOf', () => {
  it('keeps the path of a request text, without method and query', () => {
    expect(routeOf('GET /item/0?id=0')).toBe('/item/0');
    expect(routeOf('POST /login')).toBe('/login');
    expect(routeOf('GET /?q=a?b')).toBe('/');
  });
});

describe('CappedDistinct', () => {
  it('counts distinct members exactly up to the cap, and others() leaves one out', () => {
    const sets = new CappedDistinct(2, 3);
    for (const member of [5, 5, 6, 7, 8, 9]) sets.add(0, member);
    expect(sets.count(0)).toBe(3);
    expect([...sets.members(0)]).toEqual([5, 6, 7]);
    expect(sets.others(0, 6)).toBe(2);
    expect(sets.others(0, 9)).toBe(3); // past the cap: not counted, so not subtracted
    expect(sets.count(1)).toBe(0);
  });
});

describe('CappedDistinct.join', () => {
  it('keeps each key\'s first members over consecutive parts, in log order (hand-computed)', () => {
    // Cap 3. Part 1 (ids as they are): key 0 gets 5, 6; key 1 gets 7, 8, 9 and is full.
    const first = new CappedDistinct(2, 3);
    for (const [key, member] of [[0, 5], [1, 7], [0, 6], [1, 8], [1, 9]] as const) first.add(key, member);
    // Part 2: its key 0 is key 1 overall and its key 1 is key 0; its members 0-4 are 10, 11, 12, 13, 5.
    const second = new CappedDistinct(2, 3);
    for (const [key, member] of [[0, 0], [1, 2], [0, 1], [1, 3], [1, 4]] as const) second.add(key, member);
    const identity = Array.from({ length: 10 }, (_, m) => m);
    const joined = CappedDistinct.join([{ set: first, keyOf: [0, 1], memberOf: identity }, { set: second, keyOf: [1, 0], memberOf: [10, 11, 12, 13, 5] }], 2, 3);
    // Key 0: 5, 6, then part 2's 12 fills it (13 and 5 come too late). Key 1 was full in part 1.
    expect([...joined.members(0)]).toEqual([5, 6, 12]);
    expect([...joined.members(1)]).toEqual([7, 8, 9]);
  });
});

describe('buildSiteMap', () => {
  it('counts the distinct clients of each route and those it answers without an error', () => {
    const texts = ['GET /a?x=0', 'GET /a?x=1', 'GET /admin/', 'POST /a'];
    // Clients 0 and 1 read /a; client 2 reads /a with an error and probes /admin/ (404).
    const map = buildSiteMap(texts, rows([[0, 0, 200], [1, 1, 200], [0, 0, 304], [3, 2, 500], [2, 2, 404]]));
    expect(map.routes).toEqual(['/a', '/admin/']);
    expect([...map.routeOfText]).toEqual([0, 0, 1, 0]);
    expect(map.routeClients.count(0)).toBe(3);
    expect(map.routeOkClients.count(0)).toBe(2);
    expect(map.routeClients.count(1)).toBe(1);
    expect(map.routeOkClients.count(1)).toBe(0);
    expect([...map.textClients.members(0)]).toEqual([0]);
  });

  it('does not depend on the order of the records', () => {
    const texts = ['GET /a', 'GET /b'];
    const triples: Array<[number, number, number]> = [[0, 0, 200], [1, 1, 404], [0, 2, 200], [1, 2, 200]];
    const forward = buildSiteMap(texts, rows(triples));
    const backward = buildSiteMap(texts, rows([...triples].reverse()));
    for (const route of [0, 1]) {
      expect(backward.routeClients.count(route)).toBe(forward.routeClients.count(route));
      expect(backward.routeOkClients.count(route)).toBe(forward.routeOkClients.count(route));
    }
  });
});
