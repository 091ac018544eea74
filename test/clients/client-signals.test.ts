import { describe, expect, it } from 'vitest';
import { clientContext, excusedCrawlerMisses, followsDeadLinks, probesManyPaths } from '../../src/clients/client-context.js';
import { averagePace, compareClients, rankClient } from '../../src/clients/client-rank.js';
import { knownAgent } from '../../src/clients/known-agents.js';
import { dissolveUnsupported } from '../../src/cluster/client-support.js';
import { PointKind, type DbscanResult } from '../../src/cluster/dbscan.js';
import { headerAttackTags } from '../../src/features/header-attacks.js';
import { fieldNovelty } from '../../src/params/field-novelty.js';
import { unusualRequest } from '../../src/rank/unusual-request.js';
import { buildSiteMap } from '../../src/sitemap/site-map.js';
import type { IpVerdict } from '../../src/types.js';

/** Rows from [textId, ipId, status, tagMask, browserRequest (1: browsers send it by themselves)]. */
function rows(list: Array<[number, number, number, number?, number?]>) {
  return {
    size: list.length,
    textId: (i: number) => list[i]![0],
    ipId: (i: number) => list[i]![1],
    status: (i: number) => list[i]![2],
    tagMask: (i: number) => list[i]![3] ?? 0,
    browserRequest: (i: number) => list[i]![4] === 1,
  };
}
const PAYLOAD = 1;
const tagKinds = (mask: number) => ({ payload: (mask & PAYLOAD) !== 0, scannerAgent: (mask & 2) !== 0 });

describe('clientContext', () => {
  const texts = ['GET /', 'GET /a', ...Array.from({ length: 10 }, (_, k) => `GET /probe${k}`), "GET /a?id=0'"];
  // Clients 0–2 read / and /a; client 3 probes ten paths nobody else uses (404); client 4 sends two payloads.
  const list: Array<[number, number, number, number?]> = [
    [0, 0, 200], [1, 0, 200], [0, 1, 200], [1, 1, 200], [0, 2, 200],
    ...Array.from({ length: 10 }, (_, k): [number, number, number] => [2 + k, 3, 404]),
    [0, 3, 200], [1, 3, 200],
    [12, 4, 200, PAYLOAD], [12, 4, 500, PAYLOAD], [0, 4, 200],
  ];
  const site = buildSiteMap(texts, rows(list));
  const context = clientContext({ rows: rows(list), clients: 5, site, tagKinds });

  it('calls a client hostile for probes (8+, a quarter of its requests) or for two payloads', () => {
    expect([...context.hostile]).toEqual([0, 0, 0, 1, 1]);
    expect(context.evidence[3]).toMatchObject({ routes: 12, unseenRoutes: 10, paths: 12, probePaths: 10, payloadLines: 0 });
    expect(context.why(3)).toBe('10 of its 12 distinct requests probed (no other client uses them, or they answer only errors)');
    expect(context.why(4)).toBe('2 request(s) with attack payloads');
    expect([context.kinds(3), context.kinds(4)]).toEqual(['probes', 'attack payloads']);
  });

  it('calls a small scanner hostile when its 3+ probes are more than half of what it asks', () => {
    // Clients 0-2 read / and /a. Client 3: /probe0-2, all 404, nothing else (3 of 3). Client 4: the
    // same three probes and three ordinary pages (3 of 6: half, not more). Client 5: two probes only.
    const small: Array<[number, number, number, number?]> = [
      [0, 0, 200], [1, 0, 200], [0, 1, 200], [1, 1, 200], [0, 2, 200],
      [2, 3, 404], [3, 3, 404], [4, 3, 404],
      [2, 4, 404], [3, 4, 404], [4, 4, 404], [0, 4, 200], [1, 4, 200], [12, 4, 200],
      [5, 5, 404], [6, 5, 404],
    ];
    const smallSite = buildSiteMap(texts, rows(small));
    const found = clientContext({ rows: rows(small), clients: 6, site: smallSite, tagKinds });
    expect([...found.hostile]).toEqual([0, 0, 0, 1, 0, 0]);
    expect(found.evidence[4]).toMatchObject({ paths: 6, probePaths: 3 });
    expect(found.evidence[5]).toMatchObject({ paths: 2, probePaths: 2 });
  });

  it('never counts a request browsers send by themselves (icons) as a probe, whatever it gets', () => {
    const icons = ['GET /', 'GET /a', 'GET /favicon.ico', 'GET /apple-touch-icon.png', 'GET /apple-touch-icon-precomposed.png', 'GET /token.png'];
    // Clients 0-2 read / and /a. Client 3 is a phone: the four missing icons (404, nobody gets them)
    // six times each, and two pages. Client 4 asks for the same four paths, 404, as plain requests: a prober.
    const phone = (ipId: number, browser: number): Array<[number, number, number, number?, number?]> => [
      ...[2, 3, 4, 5].flatMap((text) => Array.from({ length: 6 }, (): [number, number, number, number, number] => [text, ipId, 404, 0, browser])),
      [0, ipId, 200], [1, ipId, 200],
    ];
    const list = [[0, 0, 200], [1, 0, 200], [0, 1, 200], [1, 1, 200], [0, 2, 200], [1, 2, 200], ...phone(3, 1), ...phone(4, 0)] as Array<[number, number, number, number?, number?]>;
    const found = clientContext({ rows: rows(list), clients: 5, site: buildSiteMap(icons, rows(list)), tagKinds });
    expect(found.evidence[3]).toMatchObject({ requests: 26, paths: 6, probePaths: 0, probeLines: 0 });
    expect(found.evidence[4]).toMatchObject({ requests: 26, paths: 6, probePaths: 4, probeLines: 24 });
    expect([...found.hostile]).toEqual([0, 0, 0, 0, 1]);
  });

  it('counts probes per distinct request, not per route: three guesses at one template are three', () => {
    const guesses = ['GET /', 'GET /backup.zip', 'GET /backup.tar', 'GET /backup.sql', 'GET /backup.zip?x=0'];
    const list: Array<[number, number, number, number?]> = [[0, 0, 200], [0, 1, 200], [1, 1, 404], [2, 1, 404], [3, 1, 404], [4, 1, 404], [1, 1, 404]];
    const site = buildSiteMap(guesses, rows(list));
    const found = clientContext({ rows: rows(list), clients: 2, site, tagKinds });
    // Routes /backup.zip, /backup.tar, /backup.sql and / ; requests: five distinct texts, four of them probes (the repeat counts once).
    expect(found.evidence[1]).toMatchObject({ routes: 4, paths: 5, probePaths: 4 });
    expect(found.hostile[1]).toBe(1);
  });

  it('counts refused requests with a method no other client gets an answer to like payloads', () => {
    const verbs = ['GET /', 'DELETE /x.asp', 'PUT /api/item', 'PUT /x.asp', 'CONNECT ip:0'];
    // Clients 0-2 read /. Client 3: DELETE /x.asp three times, 405. Client 4 PUTs to the API (200), so
    // client 5's refused PUTs use a method others get answers to. Client 6: one refused CONNECT among 99 pages.
    const list: Array<[number, number, number, number?]> = [
      [0, 0, 200], [0, 1, 200], [0, 2, 200],
      [1, 3, 405], [1, 3, 405], [1, 3, 405],
      [2, 4, 200], [0, 4, 200],
      [3, 5, 405], [3, 5, 405], [0, 5, 200],
      [4, 6, 405], ...Array.from({ length: 99 }, (): [number, number, number] => [0, 6, 200]),
    ];
    const site = buildSiteMap(verbs, rows(list));
    const found = clientContext({ rows: rows(list), clients: 7, site, tagKinds });
    expect(found.evidence[3]).toMatchObject({ refusedMethodLines: 3 });
    expect(found.evidence[5]).toMatchObject({ refusedMethodLines: 0 });
    expect(found.evidence[6]).toMatchObject({ refusedMethodLines: 1 });
    // Client 6: 1 of 100 is below 2 lines and 2 %.
    expect([...found.hostile]).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(found.why(3)).toBe('3 request(s) refused, with a method no other client gets an answer to, 1 of its 1 distinct requests probed (no other client uses them, or they answer only errors), 3 of its 3 requests were such probes, repeated');
    // The same records, client 3 standing for records without an address: no client, never hostile.
    const addressless = clientContext({ rows: rows(list), clients: 7, site, tagKinds, noClient: (ipId) => ipId === 3 });
    expect([...addressless.hostile]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('counts a request refused (400, 403, 405, 418, 429, 444, 501) where other clients get a success as a probe; a 404 or a 416 there is not', () => {
    const requests = ['GET /', 'GET /a'];
    // Clients 0-2 read / and /a. Client 3: GET / five times, 400. Client 4: GET / four times, 418, and
    // /a once. Client 5: /a five times, 416 (a finished download resumed). Client 6: / five times, 404.
    const list: Array<[number, number, number, number?]> = [
      [0, 0, 200], [1, 0, 200], [0, 1, 200], [1, 1, 200], [0, 2, 200], [1, 2, 200],
      ...Array.from({ length: 5 }, (): [number, number, number] => [0, 3, 400]),
      ...Array.from({ length: 4 }, (): [number, number, number] => [0, 4, 418]), [1, 4, 200],
      ...Array.from({ length: 5 }, (): [number, number, number] => [1, 5, 416]),
      ...Array.from({ length: 5 }, (): [number, number, number] => [0, 6, 404]),
    ];
    const found = clientContext({ rows: rows(list), clients: 7, site: buildSiteMap(requests, rows(list)), tagKinds });
    expect(found.evidence.map((e) => e.probeLines)).toEqual([0, 0, 0, 5, 4, 0, 0]);
    // Client 3: 5 of 5, repeated; client 4: 4 of 5 is below 5 probes.
    expect([...found.hostile]).toEqual([0, 0, 0, 1, 0, 0, 0]);
  });

  it('counts a crawler’s failures for files it asks every site for, and knows a polite crawler with no probe', () => {
    const requests = ['GET /', 'GET /css/style.css', 'GET /ads.txt', 'GET /robots.txt', 'GET /favicon.ico', 'GET /wp-login.php', "GET /?id=0'"];
    // Clients 0-2 read / and /robots.txt and get /css/style.css redirected (301). Client 3 (secrepo's
    // Googlebot): /, /css/style.css 404 twice (no probe: others get an answer), /ads.txt 404 (nobody
    // else asks: a probe), /robots.txt. Client 4: the same, plus /favicon.ico 404 (a browser request),
    // /wp-login.php 404, /ads.txt refused (403) and a payload on / answered 404.
    const reader = (ipId: number): Array<[number, number, number, number?, number?]> => [[0, ipId, 200], [1, ipId, 301], [3, ipId, 200]];
    const crawler = (ipId: number): Array<[number, number, number, number?, number?]> => [[0, ipId, 200], [1, ipId, 404], [1, ipId, 404], [2, ipId, 404], [3, ipId, 200]];
    const list = [...reader(0), ...reader(1), ...reader(2), ...crawler(3), ...crawler(4), [4, 4, 404, 0, 1], [5, 4, 404], [2, 4, 403], [6, 4, 404, PAYLOAD]] as Array<[number, number, number, number?, number?]>;
    const found = clientContext({ rows: rows(list), clients: 5, site: buildSiteMap(requests, rows(list)), tagKinds, crawler: (ipId) => ipId >= 3 });
    // Client 3: /ads.txt. Client 4: /ads.txt and the icon; not the stylesheet, /wp-login.php, the 403 or the payload's 404.
    expect(found.evidence[3]).toMatchObject({ crawlerMisses: 1, probeLines: 1, crawlerAgent: true, robotsTxt: true });
    expect(found.evidence[4]).toMatchObject({ crawlerMisses: 2, refusedProbeLines: 1, payloadLines: 1, crawlerAgent: true });
    expect(found.evidence.slice(0, 3).map((e) => e.crawlerMisses)).toEqual([0, 0, 0]);
    expect(excusedCrawlerMisses(found.evidence[3]!)).toBe(1);
    expect(excusedCrawlerMisses(found.evidence[4]!)).toBe(0); // a payload and a refusal: no excuse
    expect([followsDeadLinks(found.evidence[3]!), followsDeadLinks(found.evidence[4]!)]).toEqual([true, false]);
    // Without its one probe (/ads.txt), client 3 is still known for a crawler: its stylesheet 404s are dead links too.
    const noProbe = list.filter(([text, ipId]) => !(ipId === 3 && text === 2));
    const again = clientContext({ rows: rows(noProbe), clients: 5, site: buildSiteMap(requests, rows(noProbe)), tagKinds, crawler: (ipId) => ipId >= 3 });
    expect(again.evidence[3]).toMatchObject({ probeLines: 0, crawlerAgent: true });
    expect(followsDeadLinks(again.evidence[3]!)).toBe(true);
  });

  it('calls hostile the clients that send nothing but the same two probes, once three of them do', () => {
    const requests = ['GET /', 'GET /a', 'GET /wp-login.php', 'GET /dead'];
    const reader: Array<[number, number, number, number?]> = [[0, 0, 200], [1, 0, 200], [0, 1, 200], [1, 1, 200], [0, 2, 200], [1, 2, 200]];
    // Each campaign client: /wp-login.php (404, nobody gets it) and / refused with 418.
    const campaign = (ipId: number): Array<[number, number, number, number?]> => [[2, ipId, 404], [0, ipId, 418]];
    // Client 6 follows a dead link and reads /: not probe-only.
    const list = [...reader, ...campaign(3), ...campaign(4), ...campaign(5), [3, 6, 404], [0, 6, 200]] as Array<[number, number, number, number?]>;
    const found = clientContext({ rows: rows(list), clients: 7, site: buildSiteMap(requests, rows(list)), tagKinds });
    expect(found.evidence[3]).toMatchObject({ requests: 2, probeLines: 2, probePaths: 2, sharedProbes: 2, probeCompanions: 2 });
    expect([...found.hostile]).toEqual([0, 0, 0, 1, 1, 1, 0]);
    expect(found.why(3)).toBe('2 of its 2 distinct requests probed (no other client uses them, or they answer only errors), it sent nothing but probes, 2 of them also sent by up to 2 other clients that send nothing but probes');
    expect(found.kinds(3)).toBe('probes shared with other clients');
    // Two such clients are not yet a list: each has one companion.
    const two = [...reader, ...campaign(3), ...campaign(4)];
    expect([...clientContext({ rows: rows(two), clients: 5, site: buildSiteMap(requests, rows(two)), tagKinds }).hostile]).toEqual([0, 0, 0, 0, 0]);
  });

  it('judges probes again against the ordinary clients once the hostile ones are known', () => {
    const paths = ['GET /', ...Array.from({ length: 10 }, (_, k) => `GET /p${k}`), 'GET /shared', 'GET /q1', 'GET /q2'];
    // Clients 0-2 read /. Client 3 probes /p0-/p9 (404) and gets /shared (200): hostile. Client 4:
    // /shared 404, /q1 and /q2 404, and / : only 2 of 4 are probes while client 3 "uses" /shared.
    const list: Array<[number, number, number, number?]> = [
      [0, 0, 200], [0, 1, 200], [0, 2, 200],
      ...Array.from({ length: 10 }, (_, k): [number, number, number] => [1 + k, 3, 404]), [11, 3, 200],
      [11, 4, 404], [12, 4, 404], [13, 4, 404], [0, 4, 200],
    ];
    const site = buildSiteMap(paths, rows(list));
    const found = clientContext({ rows: rows(list), clients: 5, site, tagKinds });
    expect(found.evidence[4]).toMatchObject({ paths: 4, probePaths: 3 });
    expect([...found.hostile]).toEqual([0, 0, 0, 1, 1]);
  });

  it('needs payloads to be 2 % of a client’s requests: one address carrying a whole site is not hostile for a few', () => {
    const busy: Array<[number, number, number, number?]> = [
      ...Array.from({ length: 200 }, (): [number, number, number] => [0, 0, 200]),
      [12, 0, 200, PAYLOAD], [12, 0, 200, PAYLOAD], [12, 0, 200, PAYLOAD],
      [1, 1, 200], [0, 2, 200],
    ];
    const busySite = buildSiteMap(texts, rows(busy));
    expect(clientContext({ rows: rows(busy), clients: 3, site: busySite, tagKinds }).hostile[0]).toBe(0);
    busy.push([12, 0, 200, PAYLOAD], [12, 0, 200, PAYLOAD]); // 5 of 205: 2.4 %
    expect(clientContext({ rows: rows(busy), clients: 3, site: buildSiteMap(texts, rows(busy)), tagKinds }).hostile[0]).toBe(1);
  });

  it('calls a client hostile that sent nothing but attacks, even one request, and not one that sent a page too', () => {
    // Clients 0-2 read / and /a. Client 3: one payload (1 < minPayloadLines 2, but 1 of 1). Client 4:
    // the same payload and a page view (1 of 2). Client 5: a page view only.
    const once: Array<[number, number, number, number?]> = [
      [0, 0, 200], [1, 0, 200], [0, 1, 200], [1, 1, 200], [0, 2, 200],
      [12, 3, 404, PAYLOAD],
      [12, 4, 404, PAYLOAD], [0, 4, 200],
      [1, 5, 200],
    ];
    const found = clientContext({ rows: rows(once), clients: 6, site: buildSiteMap(texts, rows(once)), tagKinds });
    expect([...found.hostile]).toEqual([0, 0, 0, 1, 0, 0]);
    expect(found.why(3)).toMatch(/^1 request\(s\) with attack payloads/);
  });

  it('says which of a client’s requests are unusual for the site', () => {
    const characters = fieldNovelty(texts, (id) => site.textClients.members(id));
    const input = { rows: rows(list), map: site, characters, minBits: 8, payloadTags: (m: number) => (m & PAYLOAD ? ['sql_injection'] : []), routesKnown: true };
    expect(unusualRequest(input, 5)).toBe('no other client requests /probe0');
    expect(unusualRequest(input, 15)).toBeUndefined(); // client 3 reading / like everyone
    expect(unusualRequest(input, 17)).toBe('looks like sql_injection');
    expect(unusualRequest(input, 18)).toBe('answered 500 where other clients get a success');
    expect(unusualRequest({ ...input, routesKnown: false }, 5)).toBeUndefined();
  });

  it('with no ordinary client to know the routes by, still says a prober’s error on a route nobody gets a success from is unusual', () => {
    // Two scanners and nobody else. Client 0: / (200) and /probe0-9 (404): 10 of its 11 paths are
    // probes. Client 1: / (200), /probe0-4 (404) and /a (404): 6 of 7, too few for probesManyPaths (8).
    const scanners: Array<[number, number, number, number?, number?]> = [
      [0, 0, 200], ...Array.from({ length: 10 }, (_, k): [number, number, number] => [2 + k, 0, 404]),
      [0, 1, 200], ...Array.from({ length: 5 }, (_, k): [number, number, number] => [2 + k, 1, 404]), [1, 1, 404],
      [11, 0, 404, 0, 1], // client 0's /probe9 again, as a request browsers send by themselves
    ];
    const scannerSite = buildSiteMap(texts, rows(scanners));
    const found = clientContext({ rows: rows(scanners), clients: 2, site: scannerSite, tagKinds });
    expect([...found.hostile]).toEqual([1, 1]);
    expect(found.evidence.map((e) => [e.paths, e.probePaths])).toEqual([[11, 10], [7, 6]]);
    const characters = fieldNovelty(texts, (id) => scannerSite.textClients.members(id));
    const input = {
      rows: rows(scanners), map: scannerSite, characters, minBits: 8, payloadTags: () => [], routesKnown: false,
      prober: (ipId: number) => probesManyPaths(found.evidence[ipId]!),
    };
    expect(unusualRequest(input, 3)).toBe('no client gets a success from /probe2'); // client 0, 404
    expect(unusualRequest(input, 0)).toBeUndefined(); // client 0's 200 for /
    expect(unusualRequest(input, 12)).toBeUndefined(); // client 1's /probe0: not a prober
    expect(unusualRequest(input, 18)).toBeUndefined(); // a request browsers send by themselves
    expect(unusualRequest({ ...input, prober: undefined }, 3)).toBeUndefined(); // as before: no routes, no probes
  });
});

describe('dissolveUnsupported', () => {
  it('dissolves a cluster whose clients are all hostile and measures its texts to the nearest supported one', () => {
    // Texts 0,1: cluster 0 (ordinary client 0); texts 2,3: cluster 1 (hostile client 1 only).
    const result: DbscanResult = {
      labels: Int32Array.from([0, 0, 1, 1]),
      kinds: Uint8Array.from([PointKind.Core, PointKind.Core, PointKind.Core, PointKind.Core]),
      nearestCore: Int32Array.from([0, 1, 2, 3]),
      coreDistance: new Float32Array(4),
      clusterCount: 2,
    };
    const distances = [[0, 0.1, 0.9, 1.0], [0.1, 0, 0.8, 0.9], [0.9, 0.8, 0, 0.1], [1.0, 0.9, 0.1, 0]];
    const neighbors = {
      size: 4,
      neighbors(id: number, k: number) {
        const ids = [0, 1, 2, 3].sort((a, b) => distances[id]![a]! - distances[id]![b]!).slice(0, k);
        return { ids, distances: ids.map((j) => distances[id]![j]!) };
      },
    };
    const out = dissolveUnsupported(result, neighbors, { clientsOf: (id) => (id < 2 ? [0] : [1]), hostile: Uint8Array.from([0, 1]) });
    expect([...out.labels]).toEqual([0, 0, -1, -1]);
    expect([...out.kinds]).toEqual([PointKind.Core, PointKind.Core, PointKind.Noise, PointKind.Noise]);
    expect([...out.nearestCore]).toEqual([0, 1, 1, 1]);
    expect(out.coreDistance[2]).toBeCloseTo(0.8, 6);
    expect(out.coreDistance[3]).toBeCloseTo(0.9, 6);
  });
});

describe('rankClient', () => {
  const verdict = (fields: Partial<IpVerdict>): IpVerdict => ({
    ip: '192.0.2.1', score: 0, flagged: false, features: {}, z: {}, fired: [], reasons: [], tags: {}, topUris: [], topUserAgents: [], requestCount: 1, ...fields,
  });

  it('adds 10 for hostility and 2·log2(1 + n) for n lines that are findings', () => {
    const rank = rankClient({ verdict: verdict({ score: 4 }), flaggedLines: 7, hostile: true, hostileWhy: 'probes' });
    expect(rank.score).toBeCloseTo(4 + 10 + 2 * 3, 9);
    expect(rank.labels).toEqual(['hostile']);
    expect(rank.reasons).toEqual(['hostile: probes']);
  });

  it('adds 2 for each class of attack payload a hostile client sent, none for probes or the tool\'s name', () => {
    // secrepo 2018: a client injecting SQL tied with 25 clients that only guessed /wp-login.php.
    const tags = { sql_injection: 2, xss: 1, sensitive_file_probe: 4, proxy_probe: 1, scanner_user_agent: 3 };
    const injecting = rankClient({ verdict: verdict({ score: 4, tags }), flaggedLines: 7, hostile: true, hostileWhy: 'payloads' });
    expect(injecting.score).toBeCloseTo(4 + 10 + 2 * 2 + 2 * 3, 9);
    const probing = rankClient({ verdict: verdict({ score: 4, tags: { sensitive_file_probe: 7 } }), flaggedLines: 7, hostile: true, hostileWhy: 'probes' });
    expect(probing.score).toBeCloseTo(4 + 10 + 2 * 3, 9);
    // Not hostile: a payload or two among ordinary requests earns nothing.
    expect(rankClient({ verdict: verdict({ score: 4, tags }), flaggedLines: 0, hostile: false, hostileWhy: '' }).score).toBe(4);
  });

  it('weighs a known crawler’s volume a quarter, and calls a crawler that attacks a fake', () => {
    const googlebot = verdict({ score: 20, flagged: true, topUserAgents: [['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 9]] });
    expect(rankClient({ verdict: googlebot, flaggedLines: 0, hostile: false, hostileWhy: '' })).toMatchObject({ score: 5, labels: ['crawler'] });
    expect(rankClient({ verdict: googlebot, flaggedLines: 0, hostile: false, hostileWhy: '', robotsTxt: true }).reasons[0]).toBe(
      'known crawler (Googlebot) with no attack behaviour, fetched /robots.txt: its volume weighs 0.25',
    );
    const failing = rankClient({ verdict: { ...googlebot, features: { error_ratio: 0.8 } }, flaggedLines: 0, hostile: false, hostileWhy: '' });
    expect(failing).toMatchObject({ score: 20, labels: ['fake-crawler'], reasons: ['claims to be a crawler (Googlebot) but 80 % of its requests fail'] });
    // The same failures, all dead links a polite crawler followed (client-context.ts followsDeadLinks).
    expect(rankClient({ verdict: { ...googlebot, features: { error_ratio: 0.8 } }, flaggedLines: 0, hostile: false, hostileWhy: '', robotsTxt: true, deadLinks: true })).toMatchObject({
      score: 5,
      labels: ['crawler'],
      reasons: ['known crawler (Googlebot) with no attack behaviour, fetched /robots.txt: its volume weighs 0.25; 80 % of its requests fail, all on pages that do not exist (dead links it followed), none refused'],
    });
    const fake = rankClient({ verdict: googlebot, flaggedLines: 0, hostile: true, hostileWhy: '3 request(s) with attack payloads' });
    expect(fake.labels).toEqual(['hostile', 'fake-crawler']);
    expect(fake.reasons[0]).toMatch(/^claims to be a crawler \(Googlebot\) but behaves like an attacker/);
  });

  it('leaves out of a crawler’s failing share its failures for files it asks every site for, and no others', () => {
    // 9 requests, 5 of them 404 (5/9 = 56 %), such as /ads.txt, /app-ads.txt and /sitemap.xml on a site without them.
    const googlebot = verdict({ score: 8, requestCount: 9, features: { error_ratio: 5 / 9, error_count: 5 }, topUserAgents: [['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 9]] });
    const rank = (crawlerMisses: number) => rankClient({ verdict: googlebot, flaggedLines: 0, hostile: false, hostileWhy: '', crawlerMisses });
    expect(rank(0)).toMatchObject({ score: 8, labels: ['fake-crawler'], reasons: ['claims to be a crawler (Googlebot) but 56 % of its requests fail'] });
    expect(rank(3)).toMatchObject({
      score: 2,
      labels: ['crawler'],
      reasons: ['known crawler (Googlebot) with no attack behaviour: its volume weighs 0.25; 56 % of its requests fail, 3 of those 5 for files crawlers ask every site for (/ads.txt, sitemaps, icons)'],
    });
    // One excused: 4 of 9 = 44 % fail, at most half.
    expect(rank(1).labels).toEqual(['crawler']);
    // 8 of 10 fail, 2 excused: 6 of 10 = 60 %, still more than half.
    const prober = verdict({ ...googlebot, requestCount: 10, features: { error_ratio: 0.8, error_count: 8 } });
    expect(rankClient({ verdict: prober, flaggedLines: 0, hostile: false, hostileWhy: '', crawlerMisses: 2 })).toMatchObject({
      labels: ['fake-crawler'],
      reasons: ['claims to be a crawler (Googlebot) but 60 % of its requests fail, not counting the files crawlers ask every site for'],
    });
    // A monitor has no such excuse: it polls its own URL, not every site's /ads.txt.
    const pingdom = verdict({ ...googlebot, topUserAgents: [['Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)', 9]] });
    expect(rankClient({ verdict: pingdom, flaggedLines: 0, hostile: false, hostileWhy: '', crawlerMisses: 5 }).labels).toEqual(['fake-monitor']);
  });

  it('labels a form bot: 2+ instant POSTs that are at least half of its POSTs', () => {
    const bot = verdict({ score: 3, requestCount: 5, formPosts: { posts: 3, instant: 2, uri: '/join_form' } });
    const rank = rankClient({ verdict: bot, flaggedLines: 0, hostile: false, hostileWhy: '' });
    expect(rank).toMatchObject({ labels: ['form-bot'], reportable: true, reasons: ['form-bot: 2 of its 3 POSTs sent within a second of loading the form (/join_form)'] });
    // 3 + 10 + 2·log2(1 + 2).
    expect(rank.score).toBeCloseTo(13 + 2 * Math.log2(3), 9);
    const label = (formPosts: IpVerdict['formPosts']) => rankClient({ verdict: verdict({ formPosts }), flaggedLines: 0, hostile: false, hostileWhy: '' }).labels;
    expect(label({ posts: 1, instant: 1, uri: '/login' })).toEqual([]); // one quick login: a password manager
    expect(label({ posts: 5, instant: 2, uri: '/login' })).toEqual([]); // 2 < 0.5 × 5
    expect(label({ posts: 4, instant: 2, uri: '/login' })).toEqual(['form-bot']); // 2 = 0.5 × 4
    expect(rankClient({ verdict: bot, flaggedLines: 0, hostile: false, hostileWhy: '', roles: false }).labels).toEqual([]);
  });

  it('labels a client hammering one URI at 10/min or more, 50 times or more', () => {
    const hammer = verdict({ score: 8, requestCount: 300, features: { request_rate: 60 }, topUris: [['/login', 300]] });
    const rank = rankClient({ verdict: hammer, flaggedLines: 0, hostile: false, hostileWhy: '' });
    expect(rank.labels).toEqual(['hammering']);
    expect(rank.score).toBeCloseTo(8 + 10 + 2 * Math.log2(301), 9);
    expect(rank.reasons).toEqual(['hammering: 300 requests to /login at 60.0/min']);
    const slow = verdict({ score: 8, requestCount: 300, features: { request_rate: 5 }, topUris: [['/login', 300]] });
    expect(rankClient({ verdict: slow, flaggedLines: 0, hostile: false, hostileWhy: '' }).labels).toEqual([]);
  });

  it('labels a client hammering one URI in a burst: 10+ in one minute, ten times its average pace there', () => {
    // 300 requests to /login over a day at 1/min on average (200 of them), 120 of those within one minute.
    const burst = verdict({ score: 8, requestCount: 300, features: { request_rate: 1.5 }, topUris: [['/login', 200], ['/', 100]], busiestMinute: ['/login', 120] });
    const rank = rankClient({ verdict: burst, flaggedLines: 0, hostile: false, hostileWhy: '' });
    expect(rank.labels).toEqual(['hammering']);
    expect(rank.score).toBeCloseTo(8 + 10 + 2 * Math.log2(201), 9);
    expect(rank.reasons).toEqual(['hammering: 200 requests to /login, 120 of them within one minute (1.0/min on average)']);
    // Nine in its busiest minute; 49 in a minute against 5.0/min on average (a steady poller); 49 requests in all: no hammering.
    const nine = verdict({ score: 8, requestCount: 300, features: { request_rate: 1.5 }, topUris: [['/login', 200]], busiestMinute: ['/login', 9] });
    const steady = (peak: number) => verdict({ score: 8, requestCount: 300, features: { request_rate: 7.5 }, topUris: [['/login', 200]], busiestMinute: ['/login', peak] });
    const few = verdict({ score: 8, requestCount: 300, features: { request_rate: 1.5 }, topUris: [['/', 251], ['/login', 49]], busiestMinute: ['/login', 40] });
    for (const v of [nine, steady(49), few]) expect(rankClient({ verdict: v, flaggedLines: 0, hostile: false, hostileWhy: '' }).labels).toEqual([]);
    expect(rankClient({ verdict: steady(50), flaggedLines: 0, hostile: false, hostileWhy: '' }).labels).toEqual(['hammering']);
    // A burst in a week-long log: 338 requests over 7 days (0.0335/min), 44 in one minute; the pace reads per hour, not "0.0/min".
    const weekly = verdict({ score: 8, requestCount: 338, features: { request_rate: 338 / (7 * 1440) }, topUris: [['http://www.yahoo.com/', 338]], busiestMinute: ['http://www.yahoo.com/', 44] });
    expect(rankClient({ verdict: weekly, flaggedLines: 0, hostile: false, hostileWhy: '' }).reasons).toEqual(['hammering: 338 requests to http://www.yahoo.com/, 44 of them within one minute (2.0/h on average)']);
  });

  it('writes an average pace per minute, per hour or per day, whichever keeps a figure', () => {
    expect(averagePace(1.7)).toBe('1.7/min');
    expect(averagePace(0.1)).toBe('0.1/min');
    expect(averagePace(0.05)).toBe('3.0/h');
    expect(averagePace(1 / 60)).toBe('1.0/h');
    expect(averagePace(1 / 1440)).toBe('1.0/day');
    expect(averagePace(0.5 / 1440)).toBe('0.5/day');
  });

  it('labels a client that rotates its user agent: 5+ distinct ones, at least one for every two requests', () => {
    const rotator = verdict({ score: 12, requestCount: 9, features: { distinct_user_agents: 8 } });
    const rank = rankClient({ verdict: rotator, flaggedLines: 1, hostile: false, hostileWhy: '' });
    // No points of its own (its z-scores weigh the user agents): 12 + 2·log2(1 + 1); not a finding for the label alone.
    expect(rank).toMatchObject({ score: 14, labels: ['agent-rotation'], reportable: false, reasons: ['agent-rotation: 8 different user agents in its 9 requests'] });
    expect(rankClient({ verdict: { ...rotator, flagged: true }, flaggedLines: 1, hostile: false, hostileWhy: '' }).reportable).toBe(true);
    const label = (agents: number, requestCount: number) =>
      rankClient({ verdict: verdict({ requestCount, features: { distinct_user_agents: agents } }), flaggedLines: 0, hostile: false, hostileWhy: '' }).labels;
    expect(label(4, 4)).toEqual([]); // four agents: a household behind one address
    expect(label(5, 10)).toEqual(['agent-rotation']); // 5 = 0.5 × 10
    expect(label(5, 11)).toEqual([]); // an office: more requests than two per agent
    expect(label(40, 2000)).toEqual([]); // a carrier's NAT: many agents, each with its pages
    // Above 16 distinct user agents the count is an estimate (features/distinct-counter.ts).
    expect(rankClient({ verdict: verdict({ requestCount: 58, features: { distinct_user_agents: 56 } }), flaggedLines: 0, hostile: false, hostileWhy: '' }).reasons).toEqual([
      'agent-rotation: about 56 different user agents in its 58 requests',
    ]);
    expect(rankClient({ verdict: rotator, flaggedLines: 0, hostile: false, hostileWhy: '', roles: false }).labels).toEqual([]);
    // Not an attack label: many people behind one address, a request or two each, look the same.
    const busy = { ip: '192.0.2.2', score: 40, labels: [] };
    expect(compareClients({ ip: '192.0.2.1', score: 12, labels: ['agent-rotation'] }, busy)).toBeGreaterThan(0);
  });

  it('does not take a rotating client for the crawler its top user agent names', () => {
    const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    const rotator = verdict({ score: 20, requestCount: 6, features: { distinct_user_agents: 6 }, topUserAgents: [[googlebot, 1]] });
    const rank = rankClient({ verdict: rotator, flaggedLines: 0, hostile: false, hostileWhy: '', robotsTxt: true });
    expect(rank.score).toBe(20); // not weighed a quarter
    expect(rank.labels).toEqual(['fake-crawler', 'agent-rotation']);
    expect(rank.reasons[0]).toBe('claims to be a crawler (Googlebot) but changes its user agent from request to request');
  });

  it('knows crawlers and monitors by their user agent, and nothing else', () => {
    expect(knownAgent('Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)')?.name).toBe('Bingbot');
    expect(knownAgent('Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)')?.role).toBe('monitor');
    expect(knownAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/120.0')).toBeUndefined();
    // The published user agents of the AI crawlers and of a few uptime services.
    expect(knownAgent('Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)')?.name).toBe('OpenAI');
    expect(knownAgent('Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)')?.name).toBe('Anthropic');
    expect(knownAgent('Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)')?.name).toBe('Bytespider');
    expect(knownAgent('Mozilla/5.0 (compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)')?.role).toBe('crawler');
    expect(knownAgent('Uptime-Kuma/1.23.13')?.role).toBe('monitor');
    // seostar's SEO crawler on secrepo's 2021 log; Google's AdsBot stays Google's.
    expect(knownAgent('Mozilla/5.0 (compatible; Adsbot/3.1; +https://seostar.co/robot/)')?.name).toBe('Adsbot (seostar)');
    expect(knownAgent('AdsBot-Google (+http://www.google.com/adsbot.html)')?.name).toBe('Googlebot');
    expect(knownAgent('Blackbox Exporter/0.25.0')?.role).toBe('monitor');
    expect(knownAgent('Better Uptime Bot Mozilla/5.0 (Windows NT 10.0; Win64; x64)')?.role).toBe('monitor');
  });
});

describe('headerAttackTags', () => {
  it('finds Log4Shell, Shellshock and SQL injection in headers, and not ordinary user agents', () => {
    expect(headerAttackTags('userAgent', '${jndi:ldap://x/a}')).toEqual(['log4shell']);
    expect(headerAttackTags('userAgent', '() { :; }; /bin/bash -c id')).toContain('shellshock');
    expect(headerAttackTags('referer', "http://a/?id=1'%20union%20select%20pw%20from%20users--")).toContain('sql_injection');
    expect(headerAttackTags('userAgent', 'Opera/9.80 (MTK; Opera Mini/2.1199/34.1244; U; id) Presto/2.8.119')).toEqual([]);
    expect(headerAttackTags('referer', '-')).toEqual([]);
  });
});
