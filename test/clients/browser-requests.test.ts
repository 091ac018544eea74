// Requests browsers send by themselves are never probes: the path rule by hand, and the iPhone reader
// of almhuette-raith's real day (skips when ../shared/data is absent).

import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isBrowserRequest } from '../../src/clients/browser-requests.js';
import { analyze } from '../../src/pipeline/analyze.js';
import type { Analysis } from '../../src/types.js';
import { DATA } from '../features/attack-mix.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

describe('isBrowserRequest', () => {
  it('knows the icons, tile config, app-link and prefetch files browsers ask for at the site root', () => {
    for (const path of [
      '/favicon.ico',
      '/apple-touch-icon.png',
      '/apple-touch-icon-precomposed.png',
      '/apple-touch-icon-120x120.png',
      '/apple-touch-icon-152x152-precomposed.png',
      '/browserconfig.xml',
      '/apple-app-site-association',
      '/.well-known/apple-app-site-association',
      '/.well-known/traffic-advice',
    ]) {
      expect(isBrowserRequest(path), path).toBe(true);
    }
  });

  it('leaves scanners’ guesses and paths below the root alone', () => {
    for (const path of [
      '/.well-known/security.txt',
      '/.well-known/openid-configuration',
      '/favicon.ico.php',
      '/images/favicon.ico',
      '/apple-touch-icon.png/../../etc/passwd',
      '/wp-login.php',
      '/',
    ]) {
      expect(isBrowserRequest(path), path).toBe(false);
    }
  });
});

const ALMHUETTE = `${DATA}almhuette-raith-2019/access_2019-04-02_03.log`;
/** An iPhone reader: 30 of its 33 requests are five missing icons, asked for six times each. */
const PHONE = '91.113.8.246';

describe.skipIf(!existsSync(ALMHUETTE))('a phone’s missing icons on almhuette-raith’s real day', () => {
  let analysis: Analysis;

  beforeAll(async () => {
    analysis = await analyze({ paths: [ALMHUETTE], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('do not make the reader hostile, nor its icon requests findings', () => {
    expect(analysis.ips.find((ip) => ip.ip === PHONE)?.labels ?? []).not.toContain('hostile');
    expect(analysis.lines.filter((line) => line.ip === PHONE)).toEqual([]);
    // The two brute forces on /administrator/ still head the clients (one of them posts the login
    // form within a second of fetching it: a form bot too).
    expect(analysis.ips.slice(0, 2).map((ip) => [ip.ip, ip.labels])).toEqual([['193.106.31.130', ['hammering', 'form-bot']], ['178.32.224.117', ['hammering']]]);
  });
});
