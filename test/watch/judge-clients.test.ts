// The rolling client detector: scan's features, scores, labels and reasons on a sliding window,
// hand-computed; each client emitted once per new label or fired feature; and on real traffic
// (elastic-apache-logs with a hammering client and a real scanner moved into it).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attackTags } from '../../src/features/attack-tags.js';
import type { FeatureBaseline } from '../../src/features/score-ips.js';
import type { LogRecord } from '../../src/types.js';
import { ClientJudge, MIN_POPULATION, RECENT_CLIENTS } from '../../src/watch/judge-clients.js';
import { RecordJudge, type JudgedRecord } from '../../src/watch/judge-records.js';
import { MAX_SOURCE_TEXT } from '../../src/watch/probe-lines.js';
import { readLogs } from '../../src/parse/read-logs.js';
import { BENIGN_LOG, buildAttackMix, DATA, HAVE_DATA, SCANNER_LOGS } from '../features/attack-mix.js';
import { record } from '../features/record.js';
import { needs } from '../helpers/needs.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 5, 7);

/** A judged record without a line finding (these tests are about clients). */
function plain(r: LogRecord): JudgedRecord {
  return { record: r, text: `${r.method} ${r.path}`, tags: attackTags(r), finding: undefined, headerTags: [], headers: 0 };
}

/**
 * `file` fed to a watcher's judges a minute of log time at a time: the first reason of each client
 * labelled hostile, and the warnings the client judge gave.
 */
async function feedByMinute(file: string): Promise<{ hostile: Map<string, string>; warnings: string[] }> {
  const lines = new RecordJudge(undefined, 10_000);
  const j = new ClientJudge({ windowMs: 10 * MINUTE, maxClients: 10_000, maxRequestsPerClient: 5000, maxRequests: 500_000, maxProfiles: 50_000, maxRoutes: 200_000 });
  const hostile = new Map<string, string>();
  const warnings: string[] = [];
  let batch: LogRecord[] = [];
  const flush = async () => {
    for (const finding of j.judge(await lines.judge(batch))) if (finding.labels.includes('hostile') && !hostile.has(finding.ip)) hostile.set(finding.ip, finding.reasons[0]!);
    warnings.push(...j.takeWarnings());
    batch = [];
  };
  for await (const records of readLogs([file])) {
    for (const r of records) {
      if (batch.length > 0 && Math.abs((r.timeMs ?? 0) - (batch[0]!.timeMs ?? 0)) >= MINUTE) await flush();
      batch.push(r);
    }
  }
  await flush();
  return { hostile, warnings };
}

const judge = (baseline?: FeatureBaseline) =>
  new ClientJudge({ windowMs: 10 * MINUTE, maxClients: 1000, maxRequestsPerClient: 5000, maxRequests: 100_000, maxProfiles: 1000, maxRoutes: 1000, ...(baseline !== undefined && { baseline }) });

describe('ClientJudge', () => {
  it('scores a client against the baseline statistics: request_count 10 against a median of 1', () => {
    // median log1p(1) = 0.6931, scale 0.25: z = (log1p(10) − log1p(1)) / 0.25 = (2.3979 − 0.6931) / 0.25 = 6.819;
    // the score is its weight 0.5 × min(z, zCap 6) = 3.
    const baseline: FeatureBaseline = { minRequests: 10, features: { request_count: { n: 100, median: Math.log1p(1), scale: 0.25, mean: Math.log1p(1), std: 0.25 } }, seed: {} };
    const batch = Array.from({ length: 10 }, (_, i) => plain(record({ clientIp: '198.51.100.1', timeMs: T0 + i * 1000, path: `/page/${i}` })));
    const [finding, ...rest] = judge(baseline).judge(batch);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ip: '198.51.100.1', score: 3, labels: [], fired: ['request_count'], requests: 10, flaggedLines: 0 });
    expect(finding!.z.request_count).toBe(6.819);
    expect(finding!.reasons).toEqual(['request_count 10 is 6.8σ above normal (median 1)']);
  });

  it('counts the addresses a session cookie was sent from (max_cookie_reuse) against a baseline, beyond the client window', () => {
    // median log1p(1) = 0.6931, scale 0.25: the third address's z = (log1p(3) − log1p(1)) / 0.25 = 2.7726,
    // under 3; the fourth's (log1p(4) − log1p(1)) / 0.25 = 3.665 fires.
    const baseline: FeatureBaseline = { minRequests: 10, features: { max_cookie_reuse: { n: 100, median: Math.log1p(1), scale: 0.25, mean: Math.log1p(1), std: 0.25 } }, seed: {} };
    const j = judge(baseline);
    const HOUR = 60 * MINUTE;
    const visit = (ip: string, hour: number, cookie: string) => plain(record({ clientIp: ip, timeMs: T0 + hour * HOUR, cookie }));
    expect(j.judge([visit('198.51.100.1', 0, 'JSESSIONID=abc123'), visit('198.51.100.1', 0, '-')])).toEqual([]);
    expect(j.judge([visit('203.0.113.2', 1, 'JSESSIONID=abc123'), visit('203.0.113.3', 2, 'JSESSIONID=abc123')])).toEqual([]);
    // An hour apart each, far beyond the 10-minute window: the fourth address is the finding.
    const [finding] = j.judge([visit('203.0.113.4', 3, 'JSESSIONID=abc123')]);
    expect(finding).toMatchObject({ ip: '203.0.113.4', fired: ['max_cookie_reuse'] });
    expect(finding!.features.max_cookie_reuse).toBe(4);
    expect(finding!.z.max_cookie_reuse).toBe(3.665);
    // Its own cookie, sent from one address only, is no reuse.
    expect(j.judge([visit('203.0.113.5', 4, 'JSESSIONID=zzz')])).toEqual([]);
    // Without a baseline the feature is not counted live at all: a hostile client sending the shared
    // cookie is written without it.
    const k = judge();
    for (let n = 0; n < 30; n++) k.judge([visit(`192.0.2.${n}`, n, 'JSESSIONID=abc123')]);
    const attack = (i: number) => plain(record({ clientIp: '192.0.2.200', timeMs: T0 + 31 * HOUR + i * 1000, query: "id=1' OR '1'='1", cookie: 'JSESSIONID=abc123' }));
    const [hostile] = k.judge([attack(0), attack(1)]);
    expect(hostile?.labels).toContain('hostile');
    expect(hostile?.features).not.toHaveProperty('max_cookie_reuse');
  });

  it('labels a client hostile for its attack payloads, as scan does, and emits it once', () => {
    const j = judge();
    const payload = (i: number) => plain(record({ clientIp: '203.0.113.9', timeMs: T0 + i * 1000, path: '/search', query: `q=%27+OR+1%3D1--${i}` }));
    // A page view first: one payload among two requests is not enough (client-context.ts).
    expect(j.judge([plain(record({ clientIp: '203.0.113.9', timeMs: T0 - 1000, path: '/' })), payload(0)])).toEqual([]);
    const [finding] = j.judge([payload(1)]);
    expect(finding?.labels).toEqual(['hostile']);
    // rank/client-rank.ts: 10 points for hostile and 2 for its one payload class (sql_injection); no
    // z-scores (fewer than MIN_POPULATION clients).
    expect(finding?.score).toBe(12);
    expect(finding?.reasons[0]).toBe('hostile: 2 request(s) with attack payloads');
    expect(finding?.reasons.at(-1)).toMatch(/^tags: sql_injection ×2/);
    // Still hostile, nothing new: no second finding.
    expect(j.judge([payload(2)])).toEqual([]);
  });

  it('labels a client hostile whose one request is an attack payload', () => {
    const [finding] = judge().judge([plain(record({ clientIp: '203.0.113.10', timeMs: T0, path: '/', userAgent: '${jndi:ldap://x/a}' }))]);
    expect(finding?.labels).toEqual(['hostile']);
    expect(finding?.reasons[0]).toBe('hostile: 1 request(s) with attack payloads');
  });

  it('labels a client hostile for its probes, judged again at each batch against what the watcher knows of the site', () => {
    const j = judge();
    const at = (i: number) => T0 + i * 1000;
    const get = (ip: string, path: string, status: number, i: number) => plain(record({ clientIp: ip, timeMs: at(i), path, status }));
    // Readers use /, /about and /blog; a reader follows a dead link (404) that another reader then follows too.
    const readers = [get('198.51.100.1', '/', 200, 0), get('198.51.100.2', '/about', 200, 1), get('198.51.100.1', '/blog', 200, 2), get('198.51.100.1', '/old-post', 404, 3), get('198.51.100.1', '/about', 200, 4)];
    expect(j.judge(readers)).toEqual([]);
    // A scanner: three missing paths no one else asks for, and / (which answers everybody): 3 probes of 4 distinct requests.
    const scanner = ['/portal/', '/old-site/', '/test123'].map((path, k) => get('203.0.113.5', path, 404, 10 + k));
    const [finding] = j.judge([get('203.0.113.5', '/', 200, 9), ...scanner]);
    expect(finding?.ip).toBe('203.0.113.5');
    expect(finding?.labels).toEqual(['hostile']);
    expect(finding?.reasons[0]).toBe('hostile: 3 of its 4 distinct requests probed (no other client uses them, or they answer only errors)');
    // Its three probes become line findings now, each once; its page view does not.
    const lines = j.takeLines();
    expect(lines.map((l) => [l.line, l.ip, l.score, l.attack, l.reasons])).toEqual(
      ['/portal/', '/old-site/', '/test123'].map((path) => [1, '203.0.113.5', 1, true, [`from a hostile client (probes); unusual for this site: no other client requests ${path}`]]),
    );
    expect(lines.map((l) => l.text)).toEqual(['GET /portal/', 'GET /old-site/', 'GET /test123']);
    expect(j.takeLines()).toEqual([]);
    // A later probe of the client, already hostile: no new client finding, one more line.
    expect(j.judge([get('203.0.113.5', '/cgi-old/', 404, 15)])).toEqual([]);
    expect(j.takeLines().map((l) => l.text)).toEqual(['GET /cgi-old/']);
    // A probe 60 KB long is kept, and written, cut to MAX_SOURCE_TEXT characters.
    j.judge([get('203.0.113.5', `/${'a'.repeat(60_000)}`, 414, 16)]);
    const [long] = j.takeLines();
    expect(long?.text).toHaveLength(MAX_SOURCE_TEXT);
    expect(long?.text.endsWith('…')).toBe(true);
    // The first reader's dead link alone (1 probe of 4 requests) makes nobody hostile; followed by a
    // second reader it is no probe at all, and a third 404 on it stays quiet.
    expect(j.judge([get('198.51.100.2', '/old-post', 404, 20), get('198.51.100.1', '/old-post', 404, 21)])).toEqual([]);
  });

  it('labels a client hostile for guesses answered 200 with the catch-all page, once that page is known, and writes them', () => {
    const j = judge();
    const at = (i: number) => T0 + i * 1000;
    const get = (ip: string, path: string, i: number, bytes: number) => plain(record({ clientIp: ip, timeMs: at(i), path, status: 200, bytes }));
    // A single-page app: readers get index.html (1,520 bytes) for / and for their own deep links, and its script.
    const readers = Array.from({ length: 8 }, (_, k) => [get(`198.51.100.${k}`, k % 2 === 0 ? '/' : `/app/item-${k}`, k, 1520), get(`198.51.100.${k}`, '/static/app.js', k, 90_000)]).flat();
    expect(j.judge(readers)).toEqual([]);
    // A scanner guesses six paths, each answered with index.html, and reads / too: 6 probes of 7 distinct requests.
    const guesses = ['/portal/', '/old-site/', '/test123', '/shop/', '/forum/', '/v2/'].map((path, k) => get('203.0.113.5', path, 20 + k, 1520));
    const [finding] = j.judge([get('203.0.113.5', '/', 19, 1520), ...guesses]);
    expect(j.takeWarnings()).toEqual([expect.stringMatching(/^the site answers 200 with one page for many paths that one client each asks for: 1520 bytes \(10 paths\); /)]);
    expect(finding?.ip).toBe('203.0.113.5');
    expect(finding?.reasons[0]).toBe("hostile: 6 of its 7 distinct requests probed (no other client uses them, or they answer only errors); 6 of them answered 200 with the site's catch-all page");
    expect(j.takeLines().map((l) => [l.text, l.reasons])).toEqual(
      ['/portal/', '/old-site/', '/test123', '/shop/', '/forum/', '/v2/'].map((path) => [`GET ${path}`, [`from a hostile client (probes); unusual for this site: no client that reads pages requests ${path}; answered with the site's catch-all page`]]),
    );
    // The readers' deep links are single-client routes with that size too, one each among their pages: none is hostile.
    expect(j.judge([get('198.51.100.1', '/', 30, 1520)])).toEqual([]);
  });

  it('takes guesses that several guessers share for probes, as scan does, and not a page that readers read', () => {
    const j = judge();
    const at = (i: number) => T0 + i * 1000;
    const get = (ip: string, path: string, i: number, bytes: number) => plain(record({ clientIp: ip, timeMs: at(i), path, status: 200, bytes }));
    // Readers of a single-page app (its index.html is 1,520 bytes), and ten single-client guesses that
    // teach the watcher that size.
    const readers = Array.from({ length: 6 }, (_, k) => [get(`198.51.100.${k}`, '/', k, 1520), get(`198.51.100.${k}`, '/static/app.js', k, 90_000)]).flat();
    const teach = Array.from({ length: 10 }, (_, k) => get(`192.0.2.${k}`, `/${String.fromCharCode(97 + k)}x`, 10 + k, 1520));
    j.judge([...readers, ...teach]);
    expect(j.takeWarnings()).toHaveLength(1);
    // Three small scanners ask for the same three paths, nothing else: no route is one client's.
    const shared = ['/wp-login.php', '/administrator/', '/admin.php'];
    const scanners = ['203.0.113.1', '203.0.113.2', '203.0.113.3'].flatMap((ip, s) => shared.map((path, k) => get(ip, path, 30 + s * 3 + k, 1520)));
    const found = j.judge(scanners);
    expect(found.filter((f) => f.labels.includes('hostile')).map((f) => f.ip).sort()).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.3']);
    // A reader of the home page (which has the catch-all size) is no prober.
    expect(j.judge([get('198.51.100.9', '/', 50, 1520), get('198.51.100.9', '/static/app.js', 50, 90_000)])).toEqual([]);
  });

  it('judges a batch that spans hours (a backlog read at once) a minute of log time at a time', () => {
    const get = (ip: string, path: string, status: number, ms: number) => plain(record({ clientIp: ip, timeMs: T0 + ms, path, status }));
    // A scanner in the first minute, then three hours of readers: one batch, as `--from start` reads a day's log.
    const batch = [
      get('198.51.100.1', '/', 200, 0),
      get('203.0.113.5', '/', 200, 1000),
      ...['/portal/', '/old-site/', '/test123'].map((path, k) => get('203.0.113.5', path, 404, 2000 + k * 1000)),
      ...Array.from({ length: 180 }, (_, k) => get(`198.51.100.${2 + (k % 50)}`, '/', 200, (k + 1) * MINUTE)),
    ];
    const found = judge().judge(batch);
    expect(found.find((f) => f.ip === '203.0.113.5')?.labels).toEqual(['hostile']);
  });

  it('counts a refusal on a route others use as a probe, and a repeated missing path as repeated probes', () => {
    const j = judge();
    const get = (ip: string, path: string, status: number, i: number) => plain(record({ clientIp: ip, timeMs: T0 + i * 1000, path, status }));
    expect(j.judge([get('198.51.100.1', '/login', 200, 0)])).toEqual([]);
    // Five 403s on /login, which answers others 200: refusals are probes whoever else uses the route.
    const [refused] = j.judge(Array.from({ length: 5 }, (_, k) => get('203.0.113.6', '/login', 403, 1 + k)));
    expect(refused?.labels).toEqual(['hostile']);
    expect(refused?.reasons[0]).toBe('hostile: 1 of its 1 distinct requests probed (no other client uses them, or they answer only errors), 5 of its 5 requests were such probes, repeated');
  });

  it('counts requests refused with a method no other client has got an answer to, as scan does', () => {
    const j = judge();
    const req = (ip: string, method: string, path: string, status: number, i: number) => plain(record({ clientIp: ip, timeMs: T0 + i * 1000, method, path, status }));
    expect(j.judge(['/', '/about', '/blog'].map((path, k) => req('198.51.100.1', 'GET', path, 200, k)))).toEqual([]);
    // A reader of the three pages whose two WebDAV requests are refused: two refused methods are an
    // attack, as two payloads would be (neither is three probes).
    const visitor = [...['/', '/about', '/blog'].map((path, k) => req('203.0.113.7', 'GET', path, 200, 10 + k)), req('203.0.113.7', 'PROPFIND', '/', 405, 13), req('203.0.113.7', 'PROPFIND', '/about', 405, 14)];
    const [finding] = j.judge(visitor);
    expect(finding?.labels).toEqual(['hostile']);
    expect(finding?.reasons[0]).toBe('hostile: 2 request(s) refused, with a method no other client gets an answer to, 2 of its 3 distinct requests probed (no other client uses them, or they answer only errors)');
    // Where another client gets answers to PROPFIND (a WebDAV client), a refused one is no attack.
    const k = judge();
    k.judge([...['/', '/about', '/blog'].map((path, n) => req('198.51.100.1', 'GET', path, 200, n)), req('198.51.100.9', 'PROPFIND', '/dav/', 207, 3)]);
    expect(k.judge(visitor)).toEqual([]);
  });

  it('finds a probe list that probe-only clients share hours apart, as scan does, from the third client on', () => {
    const j = judge();
    const HOUR = 60 * MINUTE;
    const req = (ip: string, path: string, status: number, atMs: number) => plain(record({ clientIp: ip, timeMs: atMs, path, status }));
    expect(j.judge(['/', '/about', '/blog'].map((path, k) => req('198.51.100.1', path, 200, T0 + k * 1000)))).toEqual([]);
    // Each address asks for /wp-login.php (404) and / (refused: 418) and nothing else, an hour apart:
    // two probes each, too few to be hostile alone.
    const campaign = (ip: string, hour: number) => j.judge([req(ip, '/wp-login.php', 404, T0 + hour * HOUR), req(ip, '/', 418, T0 + hour * HOUR + 1000)]);
    expect(campaign('203.0.113.21', 1)).toEqual([]);
    expect(campaign('203.0.113.22', 2)).toEqual([]);
    const [third] = campaign('203.0.113.23', 3);
    expect(third?.labels).toEqual(['hostile']);
    expect(third?.reasons[0]).toBe(
      'hostile: 2 of its 2 distinct requests probed (no other client uses them, or they answer only errors), it sent nothing but probes, 2 of them also sent by up to 2 other clients that send nothing but probes',
    );
    // A reader who tried the same two dead ends and then read a page is no part of a list.
    expect(j.judge([req('198.51.100.7', '/wp-login.php', 404, T0 + 4 * HOUR), req('198.51.100.7', '/', 418, T0 + 4 * HOUR + 1000), req('198.51.100.7', '/about', 200, T0 + 4 * HOUR + 2000)])).toEqual([]);
  });

  it('judges the first clients of a probe list again when a third makes it shared, while their window holds them', () => {
    const j = judge();
    const req = (ip: string, path: string, status: number, atMs: number) => plain(record({ clientIp: ip, timeMs: atMs, path, status }));
    expect(j.judge(['/', '/about', '/blog'].map((path, k) => req('198.51.100.1', path, 200, T0 + k * 1000)))).toEqual([]);
    const campaign = (ip: string, minute: number) => j.judge([req(ip, '/wp-login.php', 404, T0 + minute * MINUTE), req(ip, '/', 418, T0 + minute * MINUTE + 1000)]);
    expect(campaign('203.0.113.21', 1)).toEqual([]);
    expect(campaign('203.0.113.22', 2)).toEqual([]);
    // A minute later the third: all three are in the 10-minute window, and all three are hostile now.
    const found = campaign('203.0.113.23', 3);
    expect(found.map((f) => [f.ip, f.labels])).toEqual([
      ['203.0.113.21', ['hostile']],
      ['203.0.113.22', ['hostile']],
      ['203.0.113.23', ['hostile']],
    ]);
    // Each one's two probes are written as lines, once.
    expect(j.takeLines().map((l) => `${l.ip} ${l.text}`).sort()).toEqual(
      ['203.0.113.21', '203.0.113.22', '203.0.113.23'].flatMap((ip) => [`${ip} GET /`, `${ip} GET /wp-login.php`]),
    );
    // A fourth finds the first three written already: only itself is new.
    expect(campaign('203.0.113.24', 4).map((f) => f.ip)).toEqual(['203.0.113.24']);
  });

  it('judges no client for records without an address ("-" or none): they are everyone\'s', () => {
    const j = judge();
    const batch = Array.from({ length: 60 }, (_, i) => plain(record({ clientIp: i % 2 ? '-' : '', timeMs: T0 + i * 500, path: '/', query: `q=%27+OR+1%3D1--${i}` })));
    expect(j.judge(batch)).toEqual([]);
  });

  it('labels one URI requested 50 times in a minute as hammering', () => {
    const j = judge();
    const batch = Array.from({ length: 50 }, (_, i) => plain(record({ clientIp: '192.0.2.50', timeMs: T0 + i * 1000, path: '/login' })));
    const [finding] = j.judge(batch);
    expect(finding?.labels).toContain('hammering');
    // 50 requests over 49 s: the rate's span is at least a minute, so 50/min, all to /login.
    expect(finding?.reasons[0]).toBe('hammering: 50 requests to /login at 50.0/min');
  });

  it('labels a client that posts the forms it just fetched, within a second, a form bot', () => {
    const j = judge();
    // Two sign-ups, each POST in the second of its form's GET: 2 instant POSTs of 2.
    const signUp = (at: number) => [
      plain(record({ clientIp: '192.0.2.60', timeMs: at, method: 'GET', path: '/join_form' })),
      plain(record({ clientIp: '192.0.2.60', timeMs: at + 400, method: 'POST', path: '/join_form' })),
    ];
    expect(j.judge(signUp(T0))).toEqual([]);
    const [finding] = j.judge(signUp(T0 + MINUTE));
    expect(finding?.labels).toEqual(['form-bot']);
    expect(finding?.reasons[0]).toBe('form-bot: 2 of its 2 POSTs sent within a second of loading the form (/join_form)');
    // Its two POSTs become line findings now, as scan reports a form bot's instant POSTs; its GETs do not.
    const lines = j.takeLines();
    expect(lines.map((l) => [l.text, l.score, l.attack, l.reasons])).toEqual([
      ['POST /join_form', 1, true, ['from a form bot: a POST sent within a second of loading its form']],
      ['POST /join_form', 1, true, ['from a form bot: a POST sent within a second of loading its form']],
    ]);
    // A later instant POST is written at its judging; a slow one (a person typing) is not.
    j.judge([...signUp(T0 + 2 * MINUTE), plain(record({ clientIp: '192.0.2.60', timeMs: T0 + 3 * MINUTE, method: 'GET', path: '/join_form' })), plain(record({ clientIp: '192.0.2.60', timeMs: T0 + 3 * MINUTE + 30_000, method: 'POST', path: '/join_form' }))]);
    expect(j.takeLines().map((l) => l.text)).toEqual(['POST /join_form']);
  });

  it('writes the instant POSTs of a client once labelled a form bot after its window has forgotten it', () => {
    const j = judge();
    const signUp = (ip: string, at: number) => [
      plain(record({ clientIp: ip, timeMs: at, method: 'GET', path: '/join_form' })),
      plain(record({ clientIp: ip, timeMs: at + 400, method: 'POST', path: '/join_form' })),
    ];
    j.judge([...signUp('192.0.2.60', T0), ...signUp('192.0.2.60', T0 + MINUTE)]);
    expect(j.takeLines()).toHaveLength(2);
    // Half an hour later (the window is 10 minutes): a reader moves the log's clock on, and the bot's
    // requests leave the window.
    const LATER = T0 + 30 * MINUTE;
    j.judge(['/', '/about', '/blog', '/contact'].map((path, k) => plain(record({ clientIp: '198.51.100.1', timeMs: LATER + k * 1000, path }))));
    expect(j.requests).toBe(4);
    // One sign-up: one instant POST in its window, too few to label it again, and still written.
    expect(j.judge(signUp('192.0.2.60', LATER + 5000))).toEqual([]);
    expect(j.takeLines().map((l) => [l.ip, l.text])).toEqual([['192.0.2.60', 'POST /join_form']]);
    // A client never labelled one: its one instant POST is no finding.
    j.judge(signUp('192.0.2.61', LATER + 6000));
    expect(j.takeLines()).toEqual([]);
  });

  it('counts the line findings of a client in its window', () => {
    const j = judge();
    const line = (i: number): JudgedRecord => {
      const r = record({ clientIp: '192.0.2.7', timeMs: T0 + i * 1000, path: `/p${i}` });
      return { ...plain(r), finding: { file: r.file, fields: ['request'], line: i, ip: r.clientIp, score: 1, reasons: [], text: '', tags: [], count: 1, attack: false, outlierScore: 0, nearestNormal: [] } };
    };
    const [finding] = j.judge([line(0), line(1), plain(record({ clientIp: '192.0.2.7', timeMs: T0 + 2000 }))]);
    expect(finding?.flaggedLines).toBe(2);
    expect(finding?.reasons).toContain('2 of its 3 requests are findings');
  });

  it('keeps the clients it judged last as the population after they leave the window (a quiet site)', () => {
    const j = judge();
    const ordinary = Array.from({ length: 25 }, (_, k) => plain(record({ clientIp: `10.0.0.${k}`, timeMs: T0 + k * 1000, path: `/p${k}`, bytes: 1000 + k })));
    expect(j.judge(ordinary)).toEqual([]);
    // An hour later the window (10 minutes) holds none of them; the heavy client is still measured
    // against them, as scan measures it against the day's clients.
    const later = T0 + 60 * MINUTE;
    const heavy = Array.from({ length: 30 }, (_, i) => plain(record({ clientIp: '10.9.9.9', timeMs: later + i * 1000, path: `/p${i}`, bytes: 1000 + i })));
    const found = j.judge(heavy);
    expect(j.clients).toBe(1);
    expect(found.map((f) => f.ip)).toEqual(['10.9.9.9']);
    expect(found[0]!.fired).toContain('request_count');
  });

  it(`keeps at most RECENT_CLIENTS (${RECENT_CLIENTS}) clients in that population, the ones judged last`, () => {
    const j = judge();
    // 2,010 clients of one request each, then the heavy client: the population stays at the last 2,000.
    const many = Array.from({ length: RECENT_CLIENTS + 10 }, (_, k) => plain(record({ clientIp: `10.1.${k >> 8}.${k & 255}`, timeMs: T0 + k * 10, path: '/', bytes: 500 })));
    j.judge(many.slice(0, 100));
    expect(j.population).toBe(100);
    // In batches the window (1,000 clients here) holds while they are judged.
    for (let k = 100; k < many.length; k += 500) j.judge(many.slice(k, k + 500));
    expect(j.population).toBe(RECENT_CLIENTS);
    const heavy = Array.from({ length: 30 }, (_, i) => plain(record({ clientIp: '10.9.9.9', timeMs: T0 + 30_000 + i * 1000, path: `/p${i}`, bytes: 1000 + i })));
    expect(j.judge(heavy).map((f) => f.ip)).toEqual(['10.9.9.9']);
    expect(j.population).toBe(RECENT_CLIENTS);
  });

  it(`scores against the clients seen so far only once there are ${MIN_POPULATION} of them`, () => {
    const j = judge();
    // Pages of different sizes: one size for many pages of one client each would be a catch-all page.
    const ordinary = (n: number) => Array.from({ length: n }, (_, k) => plain(record({ clientIp: `10.0.0.${k}`, timeMs: T0, path: `/p${k}`, bytes: 1000 + k })));
    const heavy = Array.from({ length: 30 }, (_, i) => plain(record({ clientIp: '10.9.9.9', timeMs: T0 + i * 1000, path: `/p${i}`, bytes: 1000 + i })));
    expect(j.judge([...ordinary(MIN_POPULATION - 2), ...heavy])).toEqual([]);
    const j2 = judge();
    const found = j2.judge([...ordinary(MIN_POPULATION), ...heavy]);
    expect(found.map((f) => f.ip)).toEqual(['10.9.9.9']);
    expect(found[0]!.fired).toContain('request_count');
  });
});

describe.skipIf(!needs(HAVE_DATA, `the real logs in ${DATA} (elastic-apache-logs, ocatak-apache-scans)`))('ClientJudge on real traffic', () => {
  it('finds the hammering client and the real scanner among elastic-apache-logs, with memory capped', async () => {
    const { records } = buildAttackMix(SCANNER_LOGS[0]!, 7);
    records.sort((a, b) => (a.timeMs ?? 0) - (b.timeMs ?? 0));
    const lines = new RecordJudge(undefined, 10_000);
    // A day's window: the elastic log has about 100 requests an hour, too few clients in 10 minutes.
    const j = new ClientJudge({ windowMs: 24 * 60 * MINUTE, maxClients: 200, maxRequestsPerClient: 1000, maxRequests: 20_000, maxProfiles: 5000, maxRoutes: 5000 });
    const found = new Map<string, { labels: string[]; reasons: string[] }>();
    for (let i = 0; i < records.length; i += 250) {
      for (const finding of j.judge(await lines.judge(records.slice(i, i + 250)))) {
        const seen = found.get(finding.ip);
        found.set(finding.ip, { labels: [...new Set([...(seen?.labels ?? []), ...finding.labels])], reasons: finding.reasons });
      }
      expect(j.clients).toBeLessThanOrEqual(200);
      expect(j.requests).toBeLessThanOrEqual(20_000);
    }
    expect(found.get('203.0.113.50')?.labels).toContain('hammering');
    expect(found.get('198.51.100.7')?.labels).toContain('hostile');
    expect(found.get('198.51.100.7')?.reasons[0]).toMatch(/^hostile: \d+ request\(s\) with attack payloads/);
    // Most of the log's 1,700 ordinary clients are not findings.
    expect(found.size).toBeLessThan(200);
  });

  it("labels elastic-apache-logs' real probers hostile for their probes, fed a minute of log time at a time", async () => {
    const { hostile, warnings } = await feedByMinute(BENIGN_LOG);
    // Its errors are errors: no catch-all page is learned.
    expect(warnings).toEqual([]);
    // The five clients a scan of the whole log calls hostile, all for probes (bench/quality/detection-results.md).
    for (const ip of ['91.236.75.25', '188.165.243.45', '195.250.34.144', '198.245.61.43', '95.78.54.93']) {
      expect(hostile.get(ip), ip).toMatch(/^hostile: \d+ of its \d+ distinct requests probed/);
    }
    // And one a whole day would not call so: 4 of its 6 requests in ten minutes were 404s on misread links.
    expect([...hostile.keys()].sort()).toEqual(['176.92.75.62', '188.165.243.45', '195.250.34.144', '198.245.61.43', '91.236.75.25', '95.78.54.93']);
  });

  it("finds elastic-apache-logs' prober with the log's 403 and 404 answers logged as 200 and the home page's size", async () => {
    const text = readFileSync(BENIGN_LOG, 'utf8').replace(/" (?:403|404) (?:\d+|-)/g, '" 200 37932');
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-watch-catch-all-')), 'catch-all.log');
    writeFileSync(file, text);
    const { hostile, warnings } = await feedByMinute(file);
    expect(warnings).toEqual([expect.stringMatching(/^the site answers 200 with one page for many paths that one client each asks for: 37932 bytes \(10 paths\); /)]);
    // The prober that scan finds on this form of the log too (test/sitemap/catch-all-page.test.ts).
    expect(hostile.get('91.236.75.25')).toMatch(/; \d+ of them answered 200 with the site's catch-all page$/);
  });

  it('reports nearly the same clients of elastic-apache-logs whether its lines come 100 or 1,000 at a time', async () => {
    const records: LogRecord[] = [];
    for await (const batch of readLogs([BENIGN_LOG])) records.push(...batch);
    const reported = async (size: number) => {
      const lines = new RecordJudge(undefined, 10_000);
      const j = new ClientJudge({ windowMs: 10 * MINUTE, maxClients: 10_000, maxRequestsPerClient: 5000, maxRequests: 500_000, maxProfiles: 50_000, maxRoutes: 200_000 });
      const ips = new Set<string>();
      for (let i = 0; i < records.length; i += size) for (const f of j.judge(await lines.judge(records.slice(i, i + size)))) ips.add(f.ip);
      return ips;
    };
    const [small, large] = [await reported(100), await reported(1000)];
    const both = [...small].filter((ip) => large.has(ip)).length;
    // With the population of the last 2,000 clients judged (not the 20-50 in a quiet site's window),
    // 0.96-0.98 when measured; it was 0.36-0.49 against batches of 50 before.
    expect(both / new Set([...small, ...large]).size).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps judging clients after a line with a wild time (a year ahead) in elastic-apache-logs', async () => {
    const records: LogRecord[] = [];
    for await (const batch of readLogs([BENIGN_LOG])) records.push(...batch);
    const slice = records.slice(0, 1500);
    const last = slice.at(-1)!.timeMs!;
    slice.splice(200, 0, record({ clientIp: '203.0.113.99', timeMs: last + 365 * 24 * 60 * MINUTE, path: '/' }));
    // An injection attacker after the wild line, at the log's own time.
    for (let i = 0; i < 3; i++) slice.push(record({ clientIp: '198.51.100.66', timeMs: last + i * 1000, path: '/x', query: `q=%27+OR+1%3D1--${i}` }));
    const lines = new RecordJudge(undefined, 10_000);
    const j = judge();
    const found: string[] = [];
    for (let i = 0; i < slice.length; i += 100) for (const f of j.judge(await lines.judge(slice.slice(i, i + 100)))) found.push(`${f.ip} ${f.labels.join(',')}`);
    expect(found).toContain('198.51.100.66 hostile');
  });
});
