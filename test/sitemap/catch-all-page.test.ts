import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientContext, isProbe } from '../../src/clients/client-context.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { Occurrences } from '../../src/pipeline/occurrences.js';
import { answerSize, catchAllAnswers, catchAllWarning, learnCatchAllPages } from '../../src/sitemap/catch-all-page.js';
import { buildSiteMap } from '../../src/sitemap/site-map.js';
import { BENIGN_LOG, DATA } from '../features/attack-mix.js';
import { needs } from '../helpers/needs.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

/** Rows of [text, client, status, bytes], their texts interned in first-seen order. */
function site(records: Array<[text: string, ipId: number, status: number, bytes: number]>) {
  const texts: string[] = [];
  const rows = new Occurrences();
  for (const [text, ipId, status, bytes] of records) {
    if (!texts.includes(text)) texts.push(text);
    rows.add(texts.indexOf(text), 0, 1, ipId, 0, status, 0, 0, NaN, -1, 0, false, false, bytes);
  }
  return { texts, rows, map: buildSiteMap(texts, rows) };
}

/** Client 0 guesses `n` paths nobody else asks for, each answered 200 with `bytes`. */
function guesses(n: number, bytes: number, ipId = 0): Array<[string, number, number, number]> {
  return Array.from({ length: n }, (_, k) => [`GET /guess-${k}`, ipId, 200, bytes]);
}

const KINDS = () => ({ payload: false, scannerAgent: false });

describe('learnCatchAllPages (hand-computed)', () => {
  it('learns a size only from 10 routes or more, each asked for by one client and answered 200 with it', () => {
    // Nine guesses of 1,520 bytes: one short.
    expect(learnCatchAllPages(site(guesses(9, 1520)).rows, site(guesses(9, 1520)).map)).toEqual([]);
    const ten = site(guesses(10, 1520));
    expect(learnCatchAllPages(ten.rows, ten.map)).toEqual([{ bytes: 1520, routes: 10 }]);
  });

  it('counts routes, not requests, and leaves out routes that other clients ask for, other statuses and unknown sizes', () => {
    const records: Array<[string, number, number, number]> = [
      ...guesses(10, 1520),
      ['GET /guess-0', 0, 200, 1520], // the same route again: still 10 routes
      ['GET /', 1, 200, 1520], // two clients read the home page: not a single-client route
      ['GET /', 2, 200, 1520],
      ['GET /redirected', 3, 302, 1520], // not a 200
      ['GET /unknown-size', 3, 200, 0], // size not logged
    ];
    const { rows, map } = site(records);
    expect(learnCatchAllPages(rows, map)).toEqual([{ bytes: 1520, routes: 10 }]);
    // Two sizes over the bar (an app deployed twice that day): most routes first.
    const two = site([...guesses(10, 1520), ...Array.from({ length: 12 }, (_, k): [string, number, number, number] => [`GET /other-${k}`, 1, 200, 1600])]);
    expect(learnCatchAllPages(two.rows, two.map)).toEqual([{ bytes: 1600, routes: 12 }, { bytes: 1520, routes: 10 }]);
  });

  it('answers whether a record got one of those sizes with 200', () => {
    const { rows } = site([['GET /a', 0, 200, 1520], ['GET /b', 0, 404, 1520], ['GET /c', 0, 200, 1521]]);
    const answered = catchAllAnswers(rows, [{ bytes: 1520, routes: 10 }]);
    expect([0, 1, 2].map(answered)).toEqual([true, false, false]);
    expect([0, 1, 2].map(catchAllAnswers(rows, []))).toEqual([false, false, false]);
  });

  it('names the sizes in its warning, and says nothing without one', () => {
    expect(catchAllWarning([])).toBeUndefined();
    expect(catchAllWarning([{ bytes: 1520, routes: 10 }])).toBe(
      'the site answers 200 with one page for many paths that one client each asks for: 1520 bytes (10 paths); ' +
        'semlog takes such an answer, to a path that no other client reading pages requests, as a "not found" (a probe)',
    );
  });
});

describe('answerSize', () => {
  it("takes the body's length where the log has it (CloudFront's sc-content-len), else the bytes sent", () => {
    expect(answerSize({ bytes: 392, extras: { contentLength: '78' } })).toBe(78);
    expect(answerSize({ bytes: 392, extras: { contentType: 'text/html' } })).toBe(392);
    expect(answerSize({ bytes: 392, extras: { contentLength: 'x' } })).toBe(392);
    expect(answerSize({ bytes: null, extras: null })).toBe(0);
  });
});

describe('the probe rule with a catch-all page', () => {
  const PAGE = [{ bytes: 1520, routes: 10 }];

  it('takes a catch-all answer as a probe only on a path that no other client reading pages asks for', () => {
    // Client 0 guesses /guess-0 and asks for the home page, which has the very size (a single-page
    // app); clients 1 and 3 read the home page and its script; client 2 only guesses, /guess-0 too.
    const { rows, map } = site([
      ['GET /guess-0', 0, 200, 1520], ['GET /', 0, 200, 1520], ['GET /', 1, 200, 1520], ['GET /app.js', 1, 200, 90_000], ['GET /guess-0', 2, 200, 1520],
      ['GET /', 3, 200, 1520], ['GET /app.js', 3, 200, 90_000],
    ]);
    const context = clientContext({ rows, clients: 4, site: map, tagKinds: KINDS, catchAll: catchAllAnswers(rows, PAGE) });
    // /guess-0: its other client (2) reads no page. /: clients 1 and 3 read pages, each the other's
    // reader. /app.js: no catch-all answer.
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => context.catchAllProbe(i))).toEqual([true, false, false, false, true, false, false]);
    // Without a catch-all page no 200 is a probe, and isProbe (errors only) says no to a 200.
    const plain = clientContext({ rows, clients: 4, site: map, tagKinds: KINDS });
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => plain.catchAllProbe(i))).toEqual([false, false, false, false, false, false, false]);
    expect(isProbe(map, map.routeOfText[0]!, 0, 200, false)).toBe(false);
  });

  it('makes a client that guesses three paths and reads nothing else hostile, and says why', () => {
    // Client 0: three guesses answered with the catch-all page. Clients 1-10 each read the home page
    // and one page of their own of another size, and client 1 has one guess too (a reader's dead link).
    const records: Array<[string, number, number, number]> = [...guesses(3, 1520)];
    for (let ipId = 1; ipId <= 10; ipId++) records.push(['GET /', ipId, 200, 1520], [`GET /post-${ipId}`, ipId, 200, 3000 + ipId]);
    records.push(['GET /old-link', 1, 200, 1520]);
    const { rows, map } = site(records);
    const context = clientContext({ rows, clients: 11, site: map, tagKinds: KINDS, catchAll: catchAllAnswers(rows, PAGE) });
    expect([...context.hostile]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(context.evidence[0]).toMatchObject({ probePaths: 3, catchAllProbePaths: 3, probeLines: 3 });
    expect(context.why(0)).toBe("3 of its 3 distinct requests probed (no other client uses them, or they answer only errors); 3 of them answered 200 with the site's catch-all page");
    // Client 1's dead link is one probe among three pages.
    expect(context.evidence[1]).toMatchObject({ probePaths: 1, catchAllProbePaths: 1 });
    // Without the catch-all page nobody is hostile.
    expect([...clientContext({ rows, clients: 11, site: map, tagKinds: KINDS }).hostile].includes(1)).toBe(false);
  });

  it('finds small scanners that share their guesses, as their 404s would show them', () => {
    // Clients 0-2 each ask for /wp-login.php, /administrator/ and /admin-<n>.php, all answered with
    // the catch-all page, and nothing else; clients 3-12 read the home page (that size) and a page.
    const records: Array<[string, number, number, number]> = [];
    for (let ipId = 0; ipId < 3; ipId++) records.push(['GET /wp-login.php', ipId, 200, 1520], ['GET /administrator/', ipId, 200, 1520], [`GET /admin-${ipId}.php`, ipId, 200, 1520]);
    for (let ipId = 3; ipId < 13; ipId++) records.push(['GET /', ipId, 200, 1520], [`GET /post-${ipId}`, ipId, 200, 3000 + ipId]);
    const { rows, map } = site(records);
    const context = clientContext({ rows, clients: 13, site: map, tagKinds: KINDS, catchAll: catchAllAnswers(rows, PAGE) });
    expect([...context.hostile.slice(0, 3)]).toEqual([1, 1, 1]);
    expect(context.evidence[0]).toMatchObject({ probePaths: 3, catchAllProbePaths: 3 });
    expect(context.hostile.slice(3).includes(1)).toBe(false);
  });
});

describe('catch-all page, on real lines', () => {
  if (!needs(existsSync(BENIGN_LOG), BENIGN_LOG)) return;
  const PROBER = '91.236.75.25'; // 8 of its 9 requests on elastic's clean log are for pages that do not exist (404)

  it('finds elastic-apache-logs\' prober again with its 403 and 404 answers logged as 200 and the home page\'s size', async () => {
    const lines = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n');
    const home = /"GET \/ HTTP\/1\.1" 200 (\d+)/.exec(lines.find((line) => line.includes('"GET / HTTP/1.1" 200'))!)![1]!;
    expect(home).toBe('37932');
    const dir = mkdtempSync(join(tmpdir(), 'semlog-catch-all-'));
    const asIs = join(dir, 'as-is.log');
    const catchAll = join(dir, 'catch-all.log');
    writeFileSync(asIs, `${lines.join('\n')}\n`);
    writeFileSync(catchAll, `${lines.map((line) => line.replace(/" (?:403|404) (?:\d+|-)/, `" 200 ${home}`)).join('\n')}\n`);
    const hostile = (analysis: Awaited<ReturnType<typeof analyze>>) => analysis.ips.filter((ip) => ip.labels.includes('hostile'));

    const plain = await analyze({ paths: [asIs], embedder: trigramEmbedder(), cacheDir: false });
    expect(plain.summary.warnings.some((w) => w.startsWith('the site answers 200 with one page'))).toBe(false);
    expect(hostile(plain).map((ip) => ip.ip)).toContain(PROBER);

    const learned = await analyze({ paths: [catchAll], embedder: trigramEmbedder(), cacheDir: false });
    expect(learned.summary.warnings).toContainEqual(expect.stringMatching(/^the site answers 200 with one page for many paths that one client each asks for: 37932 bytes \(\d+ paths\); /));
    const prober = hostile(learned).find((ip) => ip.ip === PROBER);
    expect(prober?.reasons.join(' ')).toContain("8 of them answered 200 with the site's catch-all page");
    // Its probes are line findings again: paths no other client requests.
    expect(learned.lines.filter((line) => line.ip === PROBER).length).toBeGreaterThanOrEqual(8);

    const off = await analyze({ paths: [catchAll], embedder: trigramEmbedder(), cacheDir: false, signals: { catchAllPage: false } });
    expect(hostile(off).map((ip) => ip.ip)).not.toContain(PROBER);
  });
});

describe('catch-all page in a CloudFront log', () => {
  const SAMPLE = `${DATA}aws-format-samples/cloudfront/aws-log-parser_cloudfront-multiple.log`;
  if (!needs(existsSync(SAMPLE), SAMPLE)) return;

  it('learns the page by its sc-content-len where sc-bytes differ by the headers', async () => {
    // The sample's first record (AWS's documentation example), as twelve clients' guesses answered by
    // a custom error response: one body of 1,520 bytes, sent with headers of other lengths.
    const lines = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
    const header = lines.filter((line) => line.startsWith('#'));
    const fields = lines.find((line) => !line.startsWith('#'))!.split('\t');
    const names = header.find((line) => line.startsWith('#Fields:'))!.slice('#Fields:'.length).trim().split(/\s+/);
    const at = (name: string) => names.indexOf(name);
    const guesses = Array.from({ length: 12 }, (_, k) => {
      const row = [...fields];
      row[at('c-ip')] = `198.51.100.${k + 1}`;
      row[at('cs-uri-stem')] = `/${String.fromCharCode(97 + k).repeat(3)}.php`; // /aaa.php, /bbb.php, …: numbers would be masked into one text
      row[at('sc-status')] = '200';
      row[at('sc-bytes')] = String(1900 + k);
      row[at('sc-content-len')] = '1520';
      return row.join('\t');
    });
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-catch-all-cf-')), 'cloudfront.log');
    writeFileSync(file, `${[...header, ...guesses].join('\n')}\n`);
    const analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
    expect(analysis.summary.warnings).toContainEqual(expect.stringMatching(/: 1520 bytes \(12 paths\); /));
  });
});
