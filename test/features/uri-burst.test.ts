import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BURST_WINDOW_MS, UriBurst } from '../../src/features/uri-burst.js';
import { analyze } from '../../src/index.js';
import type { Analysis } from '../../src/types.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const MIN = 60_000;

describe('UriBurst', () => {
  it('counts one URI asked for in a row within a minute of the run’s first request', () => {
    const burst = new UriBurst();
    // Three /login within 50 s, then /a breaks the run, then /login twice again.
    for (const [uri, t] of [['/login', 0], ['/login', 20_000], ['/login', 50_000], ['/a', 51_000], ['/login', 52_000], ['/login', 53_000]] as const) burst.add(uri, t);
    expect([burst.peakUri, burst.peakCount]).toEqual(['/login', 3]);
  });

  it('starts a new run when the minute is over, and takes the larger one', () => {
    const burst = new UriBurst();
    // Eight requests 10 s apart: the run that starts at 0 s holds 0–50 s (6 requests); 60 s starts
    // a new one (60 and 70 s: 2).
    for (let k = 0; k < 8; k++) burst.add('/x', k * 10_000);
    expect(burst.peakCount).toBe(6);
    expect(BURST_WINDOW_MS).toBe(MIN);
  });

  it('keeps a run going across requests logged slightly out of time order, and skips untimed records', () => {
    const burst = new UriBurst();
    for (const t of [30_000, 10_000, null, 40_000, 89_000]) burst.add('/p', t);
    // 10 s lies 20 s before the run's first request (30 s): still the run; 89 s lies 59 s after it.
    expect(burst.peakCount).toBe(4);
    expect(new UriBurst().peakCount).toBe(0);
  });
});

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const ALMHUETTE = `${DATA}almhuette-raith-2019/access_2019-04-02_03.log`;
const TOMCAT = `${DATA}tomcat-banner-2019/localhost_access_log.txt`;

describe.skipIf(!existsSync(ALMHUETTE) || !existsSync(TOMCAT))('bursts on real logs', () => {
  let almhuette: Analysis;
  let tomcat: Analysis;

  beforeAll(async () => {
    almhuette = await analyze({ paths: [ALMHUETTE], embedder: trigramEmbedder(), cacheDir: false });
    tomcat = await analyze({ paths: [TOMCAT], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('make hammering of a brute force that is slow on average but fast in its busiest minute', () => {
    // 1,503 requests to the Joomla login over the day: 1.7/min on average, 417 of them in one minute.
    const client = almhuette.ips.find((ip) => ip.ip === '193.106.31.130');
    expect(client?.labels).toContain('hammering');
    expect(client?.reasons).toContain('hammering: 1503 requests to /administrator/index.php, 417 of them within one minute (1.7/min on average)');
    expect(almhuette.ips.slice(0, 2).map((ip) => ip.ip).sort()).toEqual(['178.32.224.117', '193.106.31.130']);
  });

  it('leave a steady poller alone: tomcat’s REST pollers peak at 5-6 times their average pace', () => {
    expect(tomcat.ips.filter((ip) => ip.labels.includes('hammering'))).toEqual([]);
  });
});
