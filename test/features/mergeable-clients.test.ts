// The per-client state of consecutive parts of a log joins into the state of one pass (docs/scale-out.md,
// step 1): the burst and form-post runs that cross a cut are replayed, the rest adds up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormPosts, INSTANT_POST_MS } from '../../src/features/form-posts.js';
import { IpAccumulator } from '../../src/features/ip-accumulator.js';
import type { IpFeatureRow } from '../../src/features/ip-feature-row.js';
import { BURST_WINDOW_MS, UriBurst } from '../../src/features/uri-burst.js';
import type { LogRecord } from '../../src/types.js';
import { collect, SHARED_DATA } from '../parse/helpers.js';

type Request = [uri: string, timeMs: number | null];

function burstOf(requests: readonly Request[], mergeable = true): UriBurst {
  const burst = new UriBurst(mergeable);
  for (const [uri, timeMs] of requests) burst.add(uri, timeMs);
  return burst;
}

const peak = (burst: UriBurst) => [burst.peakUri, burst.peakCount];

/** Cuts `items` at `cuts` (any naturals) into parts in order, empty parts included. */
function split<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const at = [0, ...cuts.map((cut) => cut % (items.length + 1)).sort((a, b) => a - b), items.length];
  return at.slice(1).map((end, k) => items.slice(at[k], end));
}

/** Parts merged left to right, or the last two first (another grouping of the same order). */
function fold<T extends { merge(next: T): void }>(parts: T[], rightFirst: boolean): T {
  if (rightFirst && parts.length >= 3) {
    const tail = parts.at(-2)!;
    tail.merge(parts.at(-1)!);
    parts = [...parts.slice(0, -2), tail];
  }
  const [first, ...rest] = parts;
  for (const part of rest) first!.merge(part);
  return first!;
}

describe('UriBurst.merge', () => {
  it('continues a run across the cut (hand-computed)', () => {
    // /login at 0, 10, 20 s, then 30, 40 s in the next part: one run of 5 within the minute.
    const merged = burstOf([['/login', 0], ['/login', 10_000], ['/login', 20_000]]);
    merged.merge(burstOf([['/login', 30_000], ['/login', 40_000]]));
    expect(peak(merged)).toEqual(['/login', 5]);
    expect(peak(burstOf([['/login', 30_000], ['/login', 40_000]]))).toEqual(['/login', 2]);
  });

  it('splits the next part\'s streak where the run that began before the cut ends (hand-computed)', () => {
    // The run began at 0: 50 s continues it (3), 70 s is past the minute and starts a run at 70 s
    // that 100 s continues (2). Alone, the next part would count 50, 70, 100 as one run of 3.
    const merged = burstOf([['/a', 0], ['/a', 30_000]]);
    merged.merge(burstOf([['/a', 50_000], ['/a', 70_000], ['/a', 100_000], ['/b', 101_000]]));
    expect(peak(merged)).toEqual(['/a', 3]);
    merged.merge(burstOf([['/b', 102_000], ['/b', 103_000], ['/b', 104_000]]));
    expect(peak(merged)).toEqual(['/b', 4]);
  });

  it('keeps the earlier run on a tie, and skips untimed requests (hand-computed)', () => {
    const merged = burstOf([['/a', 0], ['/a', 1_000], ['/x', null]]);
    merged.merge(burstOf([['/b', 2_000], ['/b', 3_000]]));
    expect(peak(merged)).toEqual(['/a', 2]);
    expect(BURST_WINDOW_MS).toBe(60_000);
  });

  it('is the burst of one pass over every part, for any split and grouping', () => {
    const request = fc.tuple(fc.constantFrom('/a', '/b', '/c'), fc.option(fc.integer({ min: 0, max: 200_000 }), { freq: 8 }));
    fc.assert(
      fc.property(fc.array(request, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), (requests, cuts, rightFirst) => {
        const merged = fold(split(requests, cuts).map((part) => burstOf(part)), rightFirst);
        expect(peak(merged)).toEqual(peak(burstOf(requests, false)));
        // The merged state goes on as one pass does.
        merged.add('/a', 100_000);
        const single = burstOf(requests, false);
        single.add('/a', 100_000);
        expect(peak(merged)).toEqual(peak(single));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a burst that did not keep its streak', () => {
    expect(() => burstOf([]).merge(burstOf([], false))).toThrow(TypeError);
  });
});

type Form = [method: string, path: number, timeMs: number | null];

function formsOf(requests: readonly Form[], mergeable = true): FormPosts {
  const forms = new FormPosts(mergeable);
  for (const [method, path, timeMs] of requests) forms.add(method, path, `/form/${path}`, timeMs);
  return forms;
}

const counts = (forms: FormPosts) => ({ posts: forms.posts, instant: forms.instant, uri: forms.firstInstantUri });

describe('FormPosts.merge', () => {
  it('makes a POST instant after the GET of its form in the part before (hand-computed)', () => {
    const merged = formsOf([['GET', 1, 0], ['GET', 2, 5_000]]);
    merged.merge(formsOf([['POST', 2, 5_000 + INSTANT_POST_MS], ['POST', 2, 9_000], ['GET', 3, 10_000], ['POST', 3, 10_500]]));
    expect(counts(merged)).toEqual({ posts: 3, instant: 2, uri: '/form/2' });
  });

  it('judges POSTs before any GET of two parts against a third part before them (hand-computed)', () => {
    const middle = formsOf([['POST', 7, 1_000]]);
    middle.merge(formsOf([['POST', 7, 1_500], ['GET', 8, 2_000], ['POST', 8, 2_100]]));
    expect(counts(middle)).toEqual({ posts: 3, instant: 1, uri: '/form/8' });
    const merged = formsOf([['GET', 7, 600]]);
    merged.merge(middle);
    expect(counts(merged)).toEqual({ posts: 3, instant: 3, uri: '/form/7' });
  });

  it('is the form posts of one pass over every part, for any split and grouping', () => {
    const request = fc.tuple(fc.constantFrom('GET', 'POST', 'HEAD'), fc.integer({ min: 1, max: 3 }), fc.option(fc.integer({ min: 0, max: 5_000 }), { freq: 8 }));
    fc.assert(
      fc.property(fc.array(request, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), (requests, cuts, rightFirst) => {
        const merged = fold(split(requests, cuts).map((part) => formsOf(part)), rightFirst);
        expect(counts(merged)).toEqual(counts(formsOf(requests, false)));
      }),
      { numRuns: 500 },
    );
  });
});

/** A row as the comparison needs it: the top lists apart (they merge exactly only while they fit). */
function withoutTops(row: IpFeatureRow) {
  const { topUris, topUserAgents, ...rest } = row;
  return rest;
}

function accumulate(records: readonly LogRecord[], mergeable: boolean): IpAccumulator {
  const accumulator = new IpAccumulator({ mergeable });
  for (const record of records) accumulator.add(record);
  return accumulator;
}

describe('IpAccumulator.merge on real logs', () => {
  // almhuette: a login hammered at 313 requests a minute and contact-form spammers (bursts and
  // instant POSTs that a cut can split); basjes: sign-up bots; elastic: ordinary readers and crawlers.
  const logs = ['almhuette-raith-2019/access_2019-04-02_03.log', 'basjes-hackers-access/hackers-access.log', 'elastic-apache-logs/apache_logs.log'];

  it.each(logs)('%s cut in four parts gives every client the features of one pass', async (log) => {
    const { records } = await collect([`${SHARED_DATA}${log}`]);
    const single = accumulate(records, false);
    const rows = single.snapshot();
    // Cuts where they hurt: inside the busiest client's run and right after a GET before an instant POST.
    const busiest = rows.reduce((a, b) => ((b.busiestMinute?.[1] ?? 0) > (a.busiestMinute?.[1] ?? 0) ? b : a));
    const runAt = records.findIndex((r) => r.clientIp === busiest.ip && `${r.path}${r.query ? `?${r.query}` : ''}` === busiest.busiestMinute?.[0]);
    const postAt = records.findIndex((r, i) => r.method === 'POST' && i > 0 && records.slice(Math.max(0, i - 50), i).some((g) => g.method === 'GET' && g.clientIp === r.clientIp && g.path === r.path));
    const cuts = [runAt + 3, postAt > 0 ? postAt : records.length >> 1, Math.floor(records.length * 0.8)];
    for (const rightFirst of [false, true]) {
      const merged = fold(split(records, cuts).map((part) => accumulate(part, true)), rightFirst);
      expect(merged.ips).toEqual(single.ips);
      expect(merged.recordCount).toBe(records.length);
      expect(merged.loggedFields).toEqual(single.loggedFields);
      const mergedRows = merged.snapshot();
      expect(mergedRows.map(withoutTops)).toEqual(rows.map(withoutTops));
      // Top lists are exact for clients whose parts never filled their table (most of them).
      const fits = rows.filter((row) => row.features.unique_uris! <= 10);
      expect(fits.length).toBeGreaterThan(rows.length / 2);
      const byIp = new Map(mergedRows.map((row) => [row.ip, row]));
      for (const row of fits) expect(byIp.get(row.ip)!.topUris, row.ip).toEqual(row.topUris);
    }
  });

  it('the burst and instant POSTs across a cut are the ones of one pass (almhuette)', async () => {
    const { records } = await collect([`${SHARED_DATA}${logs[0]}`]);
    const rows = accumulate(records, false).snapshot();
    expect(rows.some((row) => (row.formPosts?.instant ?? 0) > 0)).toBe(true);
    expect(rows.some((row) => (row.busiestMinute?.[1] ?? 0) > 100)).toBe(true);
  });

  it('refuses accumulators that did not keep what a merge needs, or have other options', () => {
    expect(() => new IpAccumulator({ mergeable: true }).merge(new IpAccumulator())).toThrow(TypeError);
    expect(() => new IpAccumulator({ mergeable: true }).merge(new IpAccumulator({ mergeable: true, topUris: 3 }))).toThrow(RangeError);
  });
});

/** Through JSON and back, as a map job's partial reaches the reduce. */
const shipped = (accumulator: IpAccumulator) => IpAccumulator.fromState(JSON.parse(JSON.stringify(accumulator.state())));

describe('IpAccumulator state as JSON', () => {
  it('parts shipped as JSON and merged give every client the row of one pass (almhuette cut in three)', async () => {
    const { records } = await collect([`${SHARED_DATA}almhuette-raith-2019/access_2019-04-02_03.log`]);
    const rows = accumulate(records, false).snapshot();
    const parts = split(records, [2_000, 5_555]).map((part) => shipped(accumulate(part, true)));
    const merged = fold(parts, false);
    expect(merged.snapshot().map(withoutTops)).toEqual(rows.map(withoutTops));
    // A restored part goes on as the part itself does.
    const part = accumulate(records.slice(0, 3_000), true);
    const restored = shipped(part);
    for (const record of records.slice(3_000, 3_500)) {
      part.add(record);
      restored.add(record);
    }
    expect(restored.snapshot()).toEqual(part.snapshot());
    expect(restored.ips).toEqual(part.ips);
  });

  it('a burst and form posts mid-streak survive JSON (hand-computed)', () => {
    const burst = UriBurst.fromState(JSON.parse(JSON.stringify(burstOf([['/a', 0], ['/a', 1_000]]).state())));
    const before = burstOf([['/a', 0], ['/a', 500]]);
    before.merge(burst);
    expect(peak(before)).toEqual(['/a', 4]);
    const forms = FormPosts.fromState(JSON.parse(JSON.stringify(formsOf([['POST', 1, 100], ['GET', 2, 200]]).state())));
    const first = formsOf([['GET', 1, 0]]);
    first.merge(forms);
    expect(counts(first)).toEqual({ posts: 1, instant: 1, uri: '/form/1' });
  });

  it('refuses states no accumulator can be in', () => {
    const records = [{ file: 'x.log', line: 1, timeMs: 0, clientIp: '198.51.100.7', method: 'GET', path: '/', query: '', protocol: '', status: 200, bytes: 1, durationMs: null, userAgent: 'ua', referer: '', cookie: 'sid=1', host: '', user: '', extras: null }];
    const good = accumulate(records, true).state();
    const bad = (change: (state: any) => void) => {
      const state = JSON.parse(JSON.stringify(good));
      change(state);
      return () => IpAccumulator.fromState(state);
    };
    expect(bad(() => {})).not.toThrow();
    expect(bad((s) => (s.records = 2))).toThrow(RangeError);
    expect(bad((s) => (s.options.mergeable = false))).toThrow(RangeError);
    expect(bad((s) => (s.clients[0].state.errors = 5))).toThrow(RangeError);
    expect(bad((s) => (s.clients[0].state.paths.capacity = 3))).toThrow(RangeError);
    expect(bad((s) => s.clients.push(s.clients[0]))).toThrow(RangeError);
    expect(bad((s) => (s.cookies.cookies[0][1] = [4]))).toThrow(RangeError);
    expect(bad((s) => (s.clients[0].state.burst.peakCount = -1))).toThrow(RangeError);
    expect(bad((s) => (s.clients[0].state.forms.instant = 1))).toThrow(RangeError);
    expect(() => accumulate(records, false).state()).toThrow(TypeError);
  });
});
