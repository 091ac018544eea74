// Campaigns on real lines (skips when ../shared/data is absent): one real HttpParams SQL injection
// payload sent by 20 addresses into a slice of elastic-apache-logs must be one campaign of exactly
// those 20 clients; three unrelated attackers (one real XSS, path traversal or command injection
// payload each) are findings but join no campaign. Header attacks: two clients with SQL injection in
// their Referer are one campaign, a client whose Referer only repeats its own SQL injection request
// does not join it, and two clients of different header attacks that fetched the same page of the
// site are no campaign by that page. A real IIS worm of the 2004 honeynet (traversals to cmd.exe,
// each request path traversal and command injection at once) sent from two addresses is one
// campaign, not called one tool (its requests are one kind of attack), and the honeynet's Nikto scan
// does not join it. Two clients with real SQL injections in `id` are one campaign; a third with its
// payloads in `q`, beside an ordinary `id`, does not join them.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline/analyze.js';
import type { Analysis } from '../../src/types.js';
import { BENIGN_LOG, DATA, HAVE_DATA } from '../features/attack-mix.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const PAYLOADS = `${DATA}httpparams/payload_full.csv`;
const CAMPAIGN_IPS = Array.from({ length: 20 }, (_, i) => `203.0.113.${i + 1}`);
const LONE = { xss: '192.0.2.10', 'path-traversal': '192.0.2.11', cmdi: '192.0.2.12' } as const;
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** The first payload of a type with no quote in it, between 15 and 60 characters (real, and readable in a failure). */
function payloadOf(type: string): string {
  return payloadsOf(type, 1)[0]!;
}

/** The first `count` such payloads of a type, distinct. */
function payloadsOf(type: string, count: number): string[] {
  const found = new Set<string>();
  for (const line of readFileSync(PAYLOADS, 'utf8').split('\n')) {
    const m = /^"([^"]{15,60})","\d+","([a-z-]+)","anom"$/.exec(line.trimEnd());
    if (m && m[2] === type) found.add(m[1]!);
    if (found.size === count) return [...found];
  }
  throw new Error(`fewer than ${count} ${type} payloads in ${PAYLOADS}`);
}

describe.skipIf(!HAVE_DATA || !existsSync(PAYLOADS))('campaigns on real lines', () => {
  let analysis: Analysis;
  let sqli: string;
  const campaignTimes: string[] = [];

  beforeAll(async () => {
    sqli = encodeURIComponent(payloadOf('sqli'));
    const lone = {
      xss: `/search?q=${encodeURIComponent(payloadOf('xss'))}`,
      'path-traversal': `/download?file=${encodeURIComponent(payloadOf('path-traversal'))}`,
      cmdi: `/tools/ping?host=${encodeURIComponent(payloadOf('cmdi'))}`,
    };
    const background = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 3000);
    const lines: string[] = [];
    background.forEach((line, i) => {
      lines.push(line);
      const time = /\[([^\]]+)\]/.exec(line)![1]!;
      // One request per address, spread over the log, as a botnet sends it.
      if (i % 100 === 50 && i / 100 < CAMPAIGN_IPS.length) {
        lines.push(`${CAMPAIGN_IPS[Math.floor(i / 100)]} - - [${time}] "GET /index.php?id=${sqli} HTTP/1.1" 200 1234 "-" "${BROWSER}"`);
        campaignTimes.push(time);
      }
      if (i === 2500) {
        // Twice each: a client with attack payloads in 2+ requests is hostile, so each is surely a finding.
        for (const [type, ip] of Object.entries(LONE)) {
          for (let k = 0; k < 2; k++) lines.push(`${ip} - - [${time}] "GET ${lone[type as keyof typeof lone]} HTTP/1.1" 200 512 "-" "${BROWSER}"`);
        }
      }
    });
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-campaigns-')), 'access.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('groups the same payload from 20 addresses into exactly one campaign of those 20 clients', () => {
    const withPayload = analysis.campaigns.filter((c) => c.ips.some((ip) => CAMPAIGN_IPS.includes(ip)));
    expect(withPayload).toHaveLength(1);
    const campaign = withPayload[0]!;
    expect(campaign.clients).toBe(20);
    expect(campaign.ips).toEqual([...CAMPAIGN_IPS].sort());
    expect(campaign.requests).toBe(20);
    expect(campaign.tags).toEqual(['sql_injection']);
    expect(campaign.sample).toHaveLength(1);
    expect(campaign.sample[0]).toMatch(/^GET \/index\.php\?id=/);
    expect(campaign.reason).toMatch(/^20 clients send near-identical requests \(one template\), the same payload family: sql_injection in id/);
    const parse = (apache: string) => Date.parse(apache.replace(/^(\d+)\/(\w+)\/(\d+):(\d+:\d+:\d+) (.*)$/, '$2 $1 $3 $4 GMT$5'));
    expect(campaign.firstMs).toBe(parse(campaignTimes[0]!));
    expect(campaign.lastMs).toBe(parse(campaignTimes.at(-1)!));
  });

  it('marks every finding of its clients with the campaign id', () => {
    const id = analysis.campaigns.find((c) => c.ips.includes(CAMPAIGN_IPS[0]!))!.id;
    const lines = analysis.lines.filter((l) => CAMPAIGN_IPS.includes(l.ip));
    expect(lines).toHaveLength(20);
    expect(lines.every((l) => l.campaign === id)).toBe(true);
    for (const ip of analysis.ips.filter((finding) => CAMPAIGN_IPS.includes(finding.ip))) expect(ip.campaign).toBe(id);
    expect(analysis.lines.filter((l) => !analysis.campaigns.some((c) => c.ips.includes(l.ip))).every((l) => l.campaign === undefined)).toBe(true);
  });

  it('does not merge unrelated single attacks, though each is a finding', () => {
    for (const [type, ip] of Object.entries(LONE)) {
      const line = analysis.lines.find((l) => l.ip === ip);
      expect(line, `${type} from ${ip} is a finding`).toBeDefined();
      expect(line!.campaign, `${type} from ${ip}`).toBeUndefined();
      expect(analysis.campaigns.some((c) => c.ips.includes(ip))).toBe(false);
    }
  });
});

describe.skipIf(!HAVE_DATA || !existsSync(PAYLOADS))('a campaign from more addresses than are compared pair by pair', () => {
  it('groups one payload from 150 addresses into one campaign of those 150 clients', async () => {
    const ips = Array.from({ length: 150 }, (_, i) => `198.18.${Math.floor(i / 200)}.${(i % 200) + 1}`);
    const payload = encodeURIComponent(payloadOf('sqli'));
    const lines: string[] = [];
    readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 3000).forEach((line, i) => {
      lines.push(line);
      const time = /\[([^\]]+)\]/.exec(line)![1]!;
      if (i % 20 === 10 && i / 20 < ips.length) lines.push(`${ips[Math.floor(i / 20)]} - - [${time}] "GET /index.php?id=${payload} HTTP/1.1" 200 1234 "-" "${BROWSER}"`);
    });
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-campaigns-many-')), 'access.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
    const campaigns = analysis.campaigns.filter((c) => c.ips.some((ip) => ips.includes(ip)));
    expect(campaigns).toHaveLength(1);
    expect([...campaigns[0]!.ips].sort()).toEqual([...ips].sort());
  });
});

describe.skipIf(!HAVE_DATA || !existsSync(PAYLOADS))('campaigns of header attacks on real lines', () => {
  const ORIGIN = 'http://www.semicomplete.com';
  const REFERER_SQLI = ['192.0.2.20', '192.0.2.21'];
  const ECHO = '192.0.2.30';
  const SAME_PAGE = { '192.0.2.40': 'xss', '192.0.2.41': 'cmdi' } as const;
  let analysis: Analysis;

  beforeAll(async () => {
    const sqli = encodeURIComponent(payloadOf('sqli'));
    const background = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 3000);
    const lines: string[] = [];
    const line = (ip: string, time: string, target: string, status: number, referer: string) =>
      `${ip} - - [${time}] "GET ${target} HTTP/1.1" ${status} 512 "${referer}" "${BROWSER}"`;
    background.forEach((bg, i) => {
      lines.push(bg);
      if (i % 500 !== 250) return;
      const time = /\[([^\]]+)\]/.exec(bg)![1]!;
      // Ordinary pages of the site (its most requested), with the payload in the Referer alone.
      for (const [k, ip] of REFERER_SQLI.entries()) lines.push(line(ip, time, ['/style2.css', '/reset.css', '/favicon.ico'][(i + k) % 3]!, 200, `${ORIGIN}/?id=${sqli}`));
      // Its own injection, with the same URL as its Referer (a self-referer): one attack, in the request.
      lines.push(line(ECHO, time, `/index.php?id=${sqli}`, 200, `${ORIGIN}/index.php?id=${sqli}`));
      // A jar that answers 404 to everyone who asks (the background's Chef client asks 19 times).
      for (const [ip, type] of Object.entries(SAME_PAGE)) {
        lines.push(line(ip, time, '/files/logstash/logstash-1.3.2-monolithic.jar', 404, `${ORIGIN}/?q=${encodeURIComponent(payloadOf(type))}`));
      }
    });
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-campaigns-headers-')), 'access.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  });

  const campaignOf = (ip: string) => analysis.campaigns.find((c) => c.ips.includes(ip));

  it('groups the clients with SQL injection in their Referer into one campaign of exactly them', () => {
    const campaign = campaignOf(REFERER_SQLI[0]!);
    expect(campaign?.ips).toEqual(REFERER_SQLI);
    expect(campaign!.reason).toBe('2 clients send the same payload family: sql_injection in Referer');
  });

  it('leaves out a client whose Referer only repeats its own injection', () => {
    expect(analysis.lines.filter((l) => l.ip === ECHO)).toHaveLength(6);
    expect(campaignOf(ECHO)).toBeUndefined();
  });

  it('does not join two header attacks by a page the site answers everyone the same', () => {
    for (const ip of Object.keys(SAME_PAGE)) {
      expect(analysis.lines.filter((l) => l.ip === ip && l.fields.includes('request')).length, ip).toBeGreaterThan(0);
      expect(campaignOf(ip), ip).toBeUndefined();
    }
  });
});

const HONEYNET = `${DATA}honeynet-apache-2004/`;

describe.skipIf(!HAVE_DATA || !existsSync(HONEYNET))('a worm and a scanner on real lines', () => {
  const WORM = { from: '200.67.113.220', to: ['192.0.2.50', '192.0.2.51'] } as const;
  const NIKTO = { from: '68.49.152.86', to: '192.0.2.60' } as const;
  let analysis: Analysis;

  beforeAll(async () => {
    const honeynet = readdirSync(HONEYNET)
      .filter((f) => f.startsWith('access_log'))
      .sort()
      .flatMap((f) => readFileSync(`${HONEYNET}${f}`, 'latin1').split('\n'));
    const requestsOf = (ip: string, keep: RegExp, count: number) =>
      honeynet.filter((l) => l.startsWith(`${ip} `) && keep.test(l)).slice(0, count).map((l) => /"([^"]*)"/.exec(l)![1]!);
    // The worm's requests dealt to two addresses in turn, as a botnet shares one list.
    const worm = requestsOf(WORM.from, /cmd\.exe/, 32);
    const sessions = [
      ...WORM.to.map((ip, k) => ({ ip, requests: worm.filter((_, i) => i % 2 === k) })),
      { ip: NIKTO.to, requests: requestsOf(NIKTO.from, /Nikto/, 300) },
    ];
    const background = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 3000);
    const lines: string[] = [];
    background.forEach((bg, i) => {
      lines.push(bg);
      const time = /\[([^\]]+)\]/.exec(bg)![1]!;
      // Each session spread over the log in its own order.
      for (const { ip, requests } of sessions) {
        const k = Math.floor((i * requests.length) / background.length);
        if (Math.floor(((i + 1) * requests.length) / background.length) > k) lines.push(`${ip} - - [${time}] "${requests[k]}" 404 300 "-" "-"`);
      }
    });
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-campaigns-worm-')), 'access.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('groups the worm’s two addresses into one campaign of exactly them, by its payload and not as a tool', () => {
    const campaign = analysis.campaigns.find((c) => c.ips.includes(WORM.to[0]));
    expect(campaign?.ips).toEqual([...WORM.to]);
    expect([...campaign!.tags].sort()).toEqual(['command_injection', 'path_traversal']);
    expect(campaign!.reason).toContain('the same payload family');
    expect(campaign!.reason).not.toContain('one tool');
  });

  it('does not join the Nikto scan to it', () => {
    expect(analysis.lines.filter((l) => l.ip === NIKTO.to).length).toBeGreaterThan(100);
    expect(analysis.campaigns.some((c) => c.ips.includes(NIKTO.to))).toBe(false);
  });
});

describe.skipIf(!HAVE_DATA || !existsSync(PAYLOADS))('payload families by the parameter the payload is in, on real lines', () => {
  const IN_ID = ['192.0.2.70', '192.0.2.71'];
  const IN_Q = '192.0.2.72';
  let analysis: Analysis;

  beforeAll(async () => {
    const sqli = payloadsOf('sqli', 6).map(encodeURIComponent);
    // Two requests each, every one with its own real payload: in `id` for two clients; in `q` for the
    // third, whose pages also take an ordinary `id`.
    const sessions = [
      { ip: IN_ID[0]!, targets: [`/index.php?id=${sqli[0]}`, `/view.php?page=2&id=${sqli[1]}`] },
      { ip: IN_ID[1]!, targets: [`/item.php?id=${sqli[2]}&lang=en`, `/index.php?id=${sqli[3]}`] },
      { ip: IN_Q, targets: [`/search.php?id=42&q=${sqli[4]}`, `/search.php?id=43&q=${sqli[5]}`] },
    ];
    const background = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 3000);
    const lines: string[] = [];
    background.forEach((bg, i) => {
      lines.push(bg);
      if (i !== 1000 && i !== 2000) return;
      const time = /\[([^\]]+)\]/.exec(bg)![1]!;
      for (const { ip, targets } of sessions) lines.push(`${ip} - - [${time}] "GET ${targets[i / 1000 - 1]} HTTP/1.1" 200 512 "-" "${BROWSER}"`);
    });
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-campaigns-places-')), 'access.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('groups the two clients with SQL injection in id, and not the one whose payload is in q beside an ordinary id', () => {
    for (const ip of [...IN_ID, IN_Q]) expect(analysis.lines.filter((l) => l.ip === ip), ip).toHaveLength(2);
    const campaign = analysis.campaigns.find((c) => c.ips.includes(IN_ID[0]!));
    expect(campaign?.ips).toEqual(IN_ID);
    expect(campaign!.reason).toMatch(/the same payload family: sql_injection in id/);
    expect(analysis.campaigns.some((c) => c.ips.includes(IN_Q))).toBe(false);
  });
});
