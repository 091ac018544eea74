import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Campaign, LineFinding } from '../../src/types.js';
import { CAMPAIGN_EVERY_LINES, CAMPAIGN_EVERY_MS, LINES_PER_CLIENT, LiveCampaigns, type CampaignLine } from '../../src/watch/live-campaigns.js';
import { runCli } from '../cli/run-cli.js';
import { DATA } from '../features/attack-mix.js';
import { needs } from '../helpers/needs.js';

const T0 = Date.UTC(2026, 11, 7, 8);
const SQLI = "GET /search?q=1' or '1'='1";
const TRAVERSAL = 'GET /download?file=../../../../etc/passwd';

/** A line finding of `ip` with `text`, tagged in its request (a payload) as `tags`. */
function line(ip: string, text: string, tags: string[], timeMs: number | null, count = 1): CampaignLine {
  const finding: LineFinding = {
    file: 'access.log', fields: ['request'], line: 1, ip, score: 1, reasons: [`looks like ${tags.join(', ')}`], text, tags, count,
    attack: true, outlierScore: 0, nearestNormal: [],
  };
  return { finding, requestTags: tags, headerTags: [], headers: 0, probe: false, timeMs };
}

const brief = (campaigns: Campaign[]) => campaigns.map((c) => [c.id, c.ips, c.requests]);

describe('LiveCampaigns', () => {
  it('links clients that send the same payload through the same parameter, and writes the campaign again as it grows, once a minute of log time', () => {
    const campaigns = new LiveCampaigns();
    campaigns.add(['198.51.100.3', '198.51.100.1', '198.51.100.2'].map((ip, k) => line(ip, SQLI, ['sql_injection'], T0 + k * 1000, k + 1)));
    const first = campaigns.due(T0 + 2000);
    expect(brief(first)).toEqual([['c1', ['198.51.100.1', '198.51.100.2', '198.51.100.3'], 3]]);
    expect(first[0]!.reason).toBe('3 clients send near-identical requests (one template), the same payload family: sql_injection in q');
    expect([first[0]!.firstMs, first[0]!.lastMs, first[0]!.tags, first[0]!.sample]).toEqual([T0, T0 + 2000, ['sql_injection'], [SQLI]]);

    campaigns.add([line('198.51.100.4', SQLI, ['sql_injection'], T0 + 30_000, 4)]);
    // Judged a minute after the last judgement, not before.
    expect(campaigns.due(T0 + 30_000)).toEqual([]);
    expect(brief(campaigns.due(T0 + 2000 + CAMPAIGN_EVERY_MS))).toEqual([['c1', ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'], 4]]);
    // Nothing new: nothing written.
    campaigns.add([line('198.51.100.1', SQLI, ['sql_injection'], T0 + 90_000, 5)]);
    expect(campaigns.due(T0 + 4 * CAMPAIGN_EVERY_MS)).toEqual([]);
  });

  it('writes two campaigns that join under the older id', () => {
    const campaigns = new LiveCampaigns();
    campaigns.add([line('a', SQLI, ['sql_injection'], T0), line('b', SQLI, ['sql_injection'], T0)]);
    campaigns.add([line('c', TRAVERSAL, ['path_traversal'], T0), line('d', TRAVERSAL, ['path_traversal'], T0), line('e', TRAVERSAL, ['path_traversal'], T0)]);
    // The larger campaign is found first and takes the first id.
    expect(brief(campaigns.flush())).toEqual([['c1', ['c', 'd', 'e'], 3], ['c2', ['a', 'b'], 2]]);
    // f sends both: half its findings match each campaign, which joins them.
    campaigns.add([line('f', SQLI, ['sql_injection'], T0), line('f', TRAVERSAL, ['path_traversal'], T0)]);
    expect(brief(campaigns.flush())).toEqual([['c1', ['a', 'b', 'c', 'd', 'e', 'f'], 7]]);
  });

  it('judges a log without time stamps every CAMPAIGN_EVERY_LINES lines, and when the input ends', () => {
    const campaigns = new LiveCampaigns();
    campaigns.add([line('a', SQLI, ['sql_injection'], null), line('b', SQLI, ['sql_injection'], null)]);
    expect(campaigns.due(null)).toEqual([]);
    const [campaign] = campaigns.flush();
    expect([campaign!.id, campaign!.ips, campaign!.firstMs, campaign!.lastMs]).toEqual(['c1', ['a', 'b'], null, null]);
    campaigns.add(Array.from({ length: CAMPAIGN_EVERY_LINES }, (_, k) => line(`x${k}`, TRAVERSAL, ['path_traversal'], null)));
    expect(campaigns.due(null).map((c) => [c.id, c.clients])).toEqual([['c2', CAMPAIGN_EVERY_LINES]]);
  });

  it(`keeps a client's first ${LINES_PER_CLIENT} finding lines`, () => {
    const campaigns = new LiveCampaigns();
    campaigns.add(Array.from({ length: LINES_PER_CLIENT + 30 }, () => line('a', SQLI, ['sql_injection'], T0)));
    campaigns.add([line('b', SQLI, ['sql_injection'], T0)]);
    expect(brief(campaigns.flush())).toEqual([['c1', ['a', 'b'], LINES_PER_CLIENT + 1]]);
    expect(campaigns.clients).toBe(2);
  });

  it('leaves the records without a client address out: they are everyone\'s', () => {
    const campaigns = new LiveCampaigns();
    campaigns.add(['-', '', '-', 'a', 'b'].map((ip) => line(ip, SQLI, ['sql_injection'], T0)));
    expect(brief(campaigns.flush())).toEqual([['c1', ['a', 'b'], 2]]);
    expect(campaigns.clients).toBe(2);
  });

  it('does not link clients by a page of the site that most of its requests are not findings on', () => {
    const campaigns = new LiveCampaigns();
    // The home page seen 100 times, twice a finding (a payload in a header, say): an ordinary text.
    campaigns.add([line('a', 'GET /', ['sql_injection'], T0, 99), line('b', 'GET /', ['sql_injection'], T0, 100)].map((l) => ({ ...l, requestTags: [] })));
    expect(campaigns.flush()).toEqual([]);
  });
});

it('semlog watch writes the campaign, and its clients\' findings name it', async () => {
  const at = (ms: number) => new Date(ms).toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
  const lines = ['203.0.113.7', '203.0.113.8', '203.0.113.9'].map(
    (ip, k) => `${ip} - - [${at(T0 + k * 1000)}] "GET /search?q=1%27%20or%20%271%27=%271 HTTP/1.1" 200 512 "-" "Mozilla/5.0"`,
  );
  const run = await runCli(['watch', '-'], { input: `${lines.join('\n')}\n` });
  expect(run.code, run.stderr).toBe(0);
  const objects = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; ip?: string; ips?: string[]; id?: string; campaign?: string });
  const campaigns = objects.filter((o) => o.type === 'campaign');
  expect(campaigns.map((c) => [c.id, c.ips])).toEqual([['c1', ['203.0.113.7', '203.0.113.8', '203.0.113.9']]]);
  const findings = objects.filter((o) => o.type === 'line' || o.type === 'ip');
  expect(findings.length).toBeGreaterThanOrEqual(3);
  expect(findings.every((f) => f.campaign === 'c1')).toBe(true);
});

const SECREPO_2018 = join(DATA, 'secrepo-weblogs/access-2018-12-15.log');
const ELASTIC = join(DATA, 'elastic-apache-logs/apache_logs.log');

describe.skipIf(!needs(existsSync(SECREPO_2018) && existsSync(ELASTIC), `the real logs in ${DATA} (secrepo-weblogs, elastic-apache-logs)`))('semlog watch campaigns on real logs', () => {
  /** The campaigns `semlog watch -` writes for a log, each as last written. */
  async function watchCampaigns(file: string): Promise<Campaign[]> {
    const run = await runCli(['watch', '-'], { input: readFileSync(file, 'utf8') });
    expect(run.code, run.stderr).toBe(0);
    const written = run.stdout.split('\n').filter((l) => l.includes('"type":"campaign"')).map((l) => JSON.parse(l) as Campaign);
    return [...new Map(written.map((c) => [c.id, c])).values()];
  }

  it("finds secrepo 2018's login probers, one address each, as one campaign", async () => {
    const [campaign, ...others] = await watchCampaigns(SECREPO_2018);
    expect(others).toEqual([]);
    // scan finds 25 (bench/watch/watch-vs-scan.md), and so does watch when stdin comes in one batch; in
    // more, a campaign's earlier addresses may have left the window when the list turns out shared.
    expect(campaign!.clients).toBeGreaterThanOrEqual(20);
    expect(campaign!.sample).toEqual(['GET /wp-login.php', 'GET /']);
    expect(campaign!.reason).toContain('near-identical requests (one template)');
  });

  it("finds elastic's four hostile clients by their probe list, as scan does", async () => {
    const campaigns = await watchCampaigns(ELASTIC);
    expect(campaigns.map((c) => [c.clients, c.reason])).toEqual([[4, '4 clients send near-identical requests (one template), the same probe list']]);
  });
});
