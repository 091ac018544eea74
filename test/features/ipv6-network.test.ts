import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { formatIpv6, parseIp } from '../../src/features/cidr.js';
import { createIpv6Network } from '../../src/features/ipv6-network.js';
import { createScope } from '../../src/features/scope.js';
import { labelClients } from '../../src/tune/label-clients.js';
import { analyze } from '../../src/pipeline/analyze.js';
import type { LogRecord } from '../../src/types.js';
import { BENIGN_LOG } from './attack-mix.js';
import { needs } from '../helpers/needs.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const v6 = (text: string) => parseIp(text)!.value;

describe('formatIpv6', () => {
  it('writes RFC 5952: lower case, no leading zeros, the longest zero run (the first of equal ones) as ::', () => {
    expect(formatIpv6(0n)).toBe('::');
    expect(formatIpv6(1n)).toBe('::1');
    expect(formatIpv6(v6('2001:0DB8:0000:0000:0000:0000:0000:0001'))).toBe('2001:db8::1');
    expect(formatIpv6(v6('2001:db8:0:0:1:0:0:1'))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(v6('2001:db8:0:0:1:0:0:0'))).toBe('2001:db8:0:0:1::');
    // One zero group is not a run.
    expect(formatIpv6(v6('2001:db8:0:1:1:1:1:1'))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6(v6('fe80::'))).toBe('fe80::');
  });
});

describe('createIpv6Network', () => {
  it('names an IPv6 client by its network and leaves IPv4 and what is no address as logged', () => {
    const network = createIpv6Network(64);
    expect(network('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(network('2001:DB8:1:2::7')).toBe('2001:db8:1:2::/64');
    expect(network('203.0.113.9')).toBe('203.0.113.9');
    expect(network('::ffff:203.0.113.9')).toBe('::ffff:203.0.113.9');
    expect(network('-')).toBe('-');
    expect(network('not:an:address')).toBe('not:an:address');
    expect(createIpv6Network(48)('2001:db8:1:2::7')).toBe('2001:db8:1::/48');
    expect(createIpv6Network(128)('2001:db8::7')).toBe('2001:db8::7/128');
  });

  it('refuses a prefix that cannot be meant', () => {
    for (const prefix of [0, 129, 64.5, Number.NaN]) expect(() => createIpv6Network(prefix)).toThrow(UsageError);
    expect(() => createIpv6Network(0)).toThrow(/option scope\.ipv6Prefix 0: must be a whole number/);
  });

  it('groups in the scope after the network rules saw the address', () => {
    const record = (clientIp: string): LogRecord => ({
      file: 'f', line: 1, timeMs: 0, clientIp, method: 'GET', path: '/', query: '', protocol: 'HTTP/1.1', status: 200, bytes: 0,
      durationMs: null, userAgent: '', referer: '', cookie: '', host: '', user: '', extras: null,
    });
    const scope = createScope({ ipv6Prefix: 64, exclude: ['2001:db8:1:2::7'] });
    const excluded = record('2001:db8:1:2::7');
    expect(scope(excluded)).toBe('excluded');
    const kept = record('2001:db8:1:2::8');
    expect(scope(kept)).toBeNull();
    expect(kept.clientIp).toBe('2001:db8:1:2::/64');
  });
});

describe('client labels with --ipv6-prefix', () => {
  it('match a labelled address to the network the scan names as its client', () => {
    const scope = createScope({ ipv6Prefix: 64 });
    expect(scope.clientName('2001:db8:1:2::7')).toBe('2001:db8:1:2::/64');
    expect(scope.clientName('203.0.113.9')).toBe('203.0.113.9');
    expect(createScope({}).clientName('2001:db8:1:2::7')).toBe('2001:db8:1:2::7');
    const ips = ['203.0.113.9', '2001:db8:1:2::/64'];
    const rows = [
      { ip: '2001:db8:1:2::7', anomaly: true, csvLine: 2 },
      { ip: '203.0.113.9', anomaly: false, csvLine: 3 },
    ];
    const { attackers, listed } = labelClients(rows, ips, 'labels.csv', scope.clientName);
    expect([...attackers]).toEqual([0, 1]);
    expect([...listed]).toEqual([1, 1]);
    expect(() => labelClients(rows, ips, 'labels.csv')).toThrow(/labels\.csv:2: 2001:db8:1:2::7 sent no request/);
  });

  it('refuse two addresses of one network labelled both ways: the scan sees one client', () => {
    const scope = createScope({ ipv6Prefix: 64 });
    const rows = [
      { ip: '2001:db8:1:2::7', anomaly: true, csvLine: 2 },
      { ip: '2001:db8:1:2::8', anomaly: false, csvLine: 3 },
    ];
    expect(() => labelClients(rows, ['2001:db8:1:2::/64'], 'labels.csv', scope.clientName)).toThrow(
      'labels.csv:3: client 2001:db8:1:2::/64 (2001:db8:1:2::8) is labelled normal, but labels.csv:2 labels it anomaly',
    );
  });
});

describe('--ipv6-prefix on real lines', () => {
  if (!needs(existsSync(BENIGN_LOG), BENIGN_LOG)) return;

  it('gives clients that take a new address for every request the analysis of clients with one address each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-ipv6-'));
    const lines = readFileSync(BENIGN_LOG, 'latin1').split('\n').slice(0, 1500);
    // Each IPv4 client of elastic-apache-logs becomes a /64 of its own: once with one address, once with a new one per request.
    const network = (ip: string) => `2001:db8:${ip.split('.').map(Number).reduce((a, b) => a * 256 + b, 0).toString(16).padStart(8, '0').replace(/(....)(....)/, '$1:$2')}`;
    const write = (name: string, host: (k: number) => string) => {
      const file = join(dir, name);
      writeFileSync(file, `${lines.map((line, k) => { const space = line.indexOf(' '); return `${network(line.slice(0, space))}:${host(k)}${line.slice(space)}`; }).join('\n')}\n`, 'latin1');
      return file;
    };
    const stable = write('stable.log', () => '0:0:0:1');
    const rotating = write('rotating.log', (k) => `${(k + 1).toString(16)}:${((k * 7919) % 65536).toString(16)}:0:1`);
    const embedder = trigramEmbedder();
    const seenStable = await analyze({ paths: [stable], embedder, cacheDir: false, scope: { ipv6Prefix: 64 } });
    const seenRotating = await analyze({ paths: [rotating], embedder, cacheDir: false, scope: { ipv6Prefix: 64 } });
    const asLogged = await analyze({ paths: [rotating], embedder, cacheDir: false });
    const findings = (a: typeof seenStable) => ({ lines: a.lines.map((l) => [l.line, l.ip, l.score]), ips: a.ips.map((ip) => [ip.ip, ip.labels, ip.score]), clients: a.summary.clientIps });
    expect(seenStable.ips[0]!.ip).toMatch(/^2001:db8:[0-9a-f]{1,4}:[0-9a-f]{1,4}::\/64$/);
    expect(findings(seenRotating)).toEqual(findings(seenStable));
    expect(asLogged.summary.clientIps).toBe(1500);
    expect(seenStable.summary.clientIps).toBeLessThan(600);
  });
});
