// Failures any crawler meets do not make it a fake: the path rule by hand, and Google's crawler on
// secrepo's real 2021 log next to three clients that borrow its name to probe (skips when
// ../shared/data is absent).

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCrawlerRequest } from '../../src/clients/crawler-requests.js';
import { analyze } from '../../src/pipeline/analyze.js';
import type { Analysis } from '../../src/types.js';
import { DATA } from '../features/attack-mix.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

describe('isCrawlerRequest', () => {
  it('knows robots.txt, the ad-seller lists and the sitemaps crawlers ask every site for', () => {
    for (const path of ['/robots.txt', '/ads.txt', '/app-ads.txt', '/sellers.json', '/sitemap.xml', '/sitemap_index.xml', '/sitemap-0.xml', '/sitemap.xml.gz', '/ADS.TXT']) {
      expect(isCrawlerRequest(path), path).toBe(true);
    }
  });

  it('leaves scanners’ guesses and paths below the root alone', () => {
    for (const path of ['/.well-known/security.txt', '/humans.txt', '/ads.txt.bak', '/blog/sitemap.xml', '/sitemap.xml.php', '/.env', '/wp-login.php', '/']) {
      expect(isCrawlerRequest(path), path).toBe(false);
    }
  });
});

const SECREPO_2021 = `${DATA}secrepo-weblogs/access-2021-10-22_27.log`;
/** Google's crawler, from Google's range: 9 requests, 5 of them 404 (4 × /css/style.css, linked from secrepo's home page; /ads.txt). */
const GOOGLEBOT = '66.249.66.84';
const GOOGLEBOT_AGENT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
/** Fetches robots.txt and /ads.txt like the real one, then /.env and /wp-login.php. */
const PAYLOAD_FAKE = '198.51.100.21';
/** No robots.txt: WordPress guesses and /.env. */
const PROBING_FAKE = '198.51.100.22';
/**
 * No robots.txt, no payload: WordPress guesses, each 404. secrepo answers some clients' /wp-login.php
 * with a redirect (301), so that one is no probe by the site map's measure: excusing 404s on routes
 * other clients get answers from would let this fake pass (2 of 4 failing, not more than half).
 */
const WORDPRESS_FAKE = '198.51.100.23';

describe.skipIf(!existsSync(SECREPO_2021))('Googlebot and two clients that borrow its name, on secrepo’s real 2021 log', () => {
  let analysis: Analysis;

  beforeAll(async () => {
    const line = (ip: string, minute: number, path: string, status: number) =>
      `${ip} - - [26/Oct/2021:10:${String(minute).padStart(2, '0')}:00 -0700] "GET ${path} HTTP/1.1" ${status} 328 "-" "${GOOGLEBOT_AGENT}"`;
    const fakes = [
      line(PAYLOAD_FAKE, 0, '/robots.txt', 200), line(PAYLOAD_FAKE, 1, '/ads.txt', 404), line(PAYLOAD_FAKE, 2, '/', 200),
      line(PAYLOAD_FAKE, 3, '/.env', 404), line(PAYLOAD_FAKE, 4, '/wp-login.php', 404),
      ...['/', '/wp-login.php', '/xmlrpc.php', '/wp-admin/setup-config.php', '/.env'].map((path, k) => line(PROBING_FAKE, 10 + k, path, path === '/' ? 200 : 404)),
      ...['/', '/wp-login.php', '/xmlrpc.php', '/wp-admin/setup-config.php'].map((path, k) => line(WORDPRESS_FAKE, 20 + k, path, path === '/' ? 200 : 404)),
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-crawler-')), 'fakes.log');
    writeFileSync(file, `${fakes.join('\n')}\n`);
    analysis = await analyze({ paths: [SECREPO_2021, file], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('keeps the real crawler a crawler: its 404s are a dead link of the site and /ads.txt', () => {
    const google = analysis.ips.find((ip) => ip.ip === GOOGLEBOT);
    expect(google?.labels).toEqual(['crawler']);
    expect(google?.reasons[0]).toBe(
      'known crawler (Googlebot) with no attack behaviour, fetched /robots.txt: its volume weighs 0.25; 56 % of its requests fail, all on pages that do not exist (dead links it followed), none refused',
    );
    // Weighed a quarter, it no longer stands among the clients worth a look.
    expect(analysis.ips.findIndex((ip) => ip.ip === GOOGLEBOT)).toBeGreaterThan(50);
  });

  it('still calls fakes the clients that borrow its name to probe, /ads.txt or not', () => {
    const labels = (ip: string) => analysis.ips.find((c) => c.ip === ip)?.labels;
    // A payload (/.env) withholds both excuses, robots.txt's and /ads.txt's: 3 of its 5 requests fail.
    expect(labels(PAYLOAD_FAKE)).toEqual(['fake-crawler']);
    expect(analysis.ips.find((c) => c.ip === PAYLOAD_FAKE)?.reasons[0]).toBe('claims to be a crawler (Googlebot) but 60 % of its requests fail');
    for (const fake of [PROBING_FAKE, WORDPRESS_FAKE]) expect(labels(fake), fake).toContain('fake-crawler');
  });
});
