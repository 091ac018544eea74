import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInternalAddress, isMissingAddress, missingAddressWarning, PROXIED_MIN_REQUESTS, proxiedLogWarning } from '../../src/clients/proxied-log.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { BENIGN_LOG, DATA } from '../features/attack-mix.js';
import { needs } from '../helpers/needs.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

describe('isInternalAddress', () => {
  it('knows the private, loopback, link-local and carrier-grade NAT ranges, IPv4 and IPv6', () => {
    for (const ip of ['10.220.121.33', '172.16.0.1', '172.31.255.255', '192.168.1.7', '127.0.0.1', '100.64.0.1', '169.254.1.1', '::1', 'fd00::5', 'fe80::1', '::ffff:10.1.2.3']) {
      expect(isInternalAddress(ip), ip).toBe(true);
    }
    for (const ip of ['172.32.0.1', '100.128.0.1', '8.8.8.8', '2001:db8::1', 'not an address', '']) expect(isInternalAddress(ip), ip).toBe(false);
  });
});

describe('proxiedLogWarning', () => {
  it('warns when three addresses or fewer send 90 % of at least 1,000 requests', () => {
    // 600 + 400 = 1,000 requests from two private addresses, nothing else.
    const warning = proxiedLogWarning(['10.0.0.1', '10.0.0.2'], [600, 400]);
    expect(warning).toMatch(/^2 addresses sent 100 % of the 1000 requests \(10\.0\.0\.1 60 %, 10\.0\.0\.2 40 %, all private addresses\): /);
    expect(warning).toContain('RemoteIpValve');
    // 900 of 1,000 from the top three (public): exactly the share; not called private.
    const public3 = proxiedLogWarning(['8.8.8.8', '1.1.1.1', '9.9.9.9', ...Array.from({ length: 100 }, (_, k) => `203.0.113.${k}`)], [300, 300, 300, ...Array(100).fill(1)]);
    expect(public3).toMatch(/^3 addresses sent 90 % of the 1000 requests \(1\.1\.1\.1 30 %, 8\.8\.8\.8 30 %, 9\.9\.9\.9 30 %\): /);
    // One loopback address.
    expect(proxiedLogWarning(['127.0.0.1'], [5000])).toMatch(/^1 address sent 100 % of the 5000 requests \(127\.0\.0\.1 100 %, a private address\)/);
  });

  it('names the busiest three wherever they stand in the list, ties by address', () => {
    // The proxies come last, least busy first; 10.0.0.3 and 10.0.0.2 tie and list by address.
    const ips = [...Array.from({ length: 50 }, (_, k) => `203.0.113.${k}`), '10.0.0.4', '10.0.0.3', '10.0.0.2', '10.0.0.1'];
    const sent = [...Array(50).fill(1), 2, 300, 300, 400];
    expect(proxiedLogWarning(ips, sent)).toMatch(/^3 addresses sent 95 % of the 1052 requests \(10\.0\.0\.1 38 %, 10\.0\.0\.2 29 %, 10\.0\.0\.3 29 %, all private addresses\): /);
  });

  it('gives the --trusted-proxy flags when half the requests or more carry X-Forwarded-For', () => {
    const advised = proxiedLogWarning(['10.0.0.1', '10.0.0.2'], [600, 400], { forwarded: 500 });
    expect(advised).toMatch(/; this log keeps X-Forwarded-For \(50 % of the requests\): scan it with --trusted-proxy 10\.0\.0\.1 --trusted-proxy 10\.0\.0\.2 to read the clients from it$/);
    expect(advised).not.toContain('RemoteIpValve');
    expect(proxiedLogWarning(['10.0.0.1', '10.0.0.2'], [600, 400], { forwarded: 499 })).toContain('RemoteIpValve');
  });

  it('is quiet for a small log, and when the traffic is spread', () => {
    expect(proxiedLogWarning(['10.0.0.1'], [PROXIED_MIN_REQUESTS - 1])).toBeUndefined();
    // The top three send 899 of 1,000: below 90 %.
    expect(proxiedLogWarning(['a', 'b', 'c', ...Array.from({ length: 101 }, (_, k) => `x${k}`)], [300, 300, 299, ...Array(101).fill(1)])).toBeUndefined();
    expect(proxiedLogWarning([], [])).toBeUndefined();
  });
});

describe('missingAddressWarning', () => {
  it('warns when half or more of at least 1,000 requests carry no client address ("" or "-")', () => {
    expect([isMissingAddress(''), isMissingAddress('-'), isMissingAddress('10.0.0.1')]).toEqual([true, true, false]);
    // 500 of 1,000 without an address: exactly half.
    expect(missingAddressWarning(['-', '10.0.0.1'], [500, 500])).toMatch(/^50 % of the 1000 requests carry no client address \(none logged, or `-`\): /);
    expect(missingAddressWarning(['', '10.0.0.1'], [499, 501])).toBeUndefined();
    expect(missingAddressWarning([''], [999])).toBeUndefined();
  });
});

const TOMCAT_LOG = `${DATA}tomcat-banner-2019/localhost_access_log.txt`;

describe('proxied logs, on real lines', () => {
  if (!needs(existsSync(TOMCAT_LOG) && existsSync(BENIGN_LOG), `${TOMCAT_LOG} and ${BENIGN_LOG}`)) return;

  it("warns on tomcat-banner-2019 (two private addresses, the proxy's) and not on elastic-apache-logs (1,753 clients)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-proxied-'));
    const tomcat = join(dir, 'tomcat.log');
    writeFileSync(tomcat, `${readFileSync(TOMCAT_LOG, 'utf8').split('\n').slice(0, 1500).join('\n')}\n`);
    const proxied = await analyze({ paths: [tomcat], embedder: trigramEmbedder(), cacheDir: false });
    expect(proxied.summary.clientIps).toBe(2);
    expect(proxied.summary.warnings).toHaveLength(1);
    expect(proxied.summary.warnings[0]).toMatch(/^2 addresses sent 100 % of the 1500 requests \(10\.220\.121\.\d+ \d+ %, 10\.220\.121\.\d+ \d+ %, all private addresses\)/);
    const spread = await analyze({ paths: [BENIGN_LOG], embedder: trigramEmbedder(), cacheDir: false });
    expect(spread.summary.warnings).toEqual([]);
  });

  it('says a log anonymised to `-` carries no client address, instead of calling `-` a proxy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-no-address-'));
    const anonymised = join(dir, 'anonymised.log');
    const lines = readFileSync(BENIGN_LOG, 'utf8').split('\n').slice(0, 1200);
    writeFileSync(anonymised, `${lines.map((line) => line.replace(/^\S+ /, '- ')).join('\n')}\n`);
    const analysis = await analyze({ paths: [anonymised], embedder: trigramEmbedder(), cacheDir: false });
    expect(analysis.summary.clientIps).toBe(1);
    expect(analysis.summary.warnings).toEqual([expect.stringMatching(/^100 % of the 1200 requests carry no client address .*: they are no client to judge/)]);
    // No client: no client finding, and no line is a finding for its "client" (before: '-' was hostile for
    // everyone's refused POSTs, and every unusual request of the log a finding).
    expect(analysis.ips).toEqual([]);
    expect(analysis.lines.filter((line) => line.reasons.some((reason) => /client|form bot/.test(reason)))).toEqual([]);
  });
});
