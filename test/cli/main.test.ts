// End-to-end: the real bin, real parsing, the real model. Asserts exit codes, stderr and output.

import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../src/embed/embedding-cache.js';
import { behindProxies } from '../helpers/behind-proxies.js';
import { needs } from '../helpers/needs.js';
import { BIN, FIXTURE, runCli } from './run-cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('semlog CLI', () => {
  it('prints its version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('prints help with examples and the exit codes', async () => {
    const result = await runCli(['scan', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('--fail-on');
    // Numeric options show their allowed range where yargs would say [number].
    expect(result.stdout).toMatch(/--eps +DBSCAN radius[^\n]*\[a number > 0 and ≤ 2\]/);
    // The --cache default it names is the folder the cache really uses.
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('(default: $XDG_CACHE_HOME/semlog/embeddings, else ~/.cache/semlog/embeddings)');
    const home = process.env['XDG_CACHE_HOME'];
    try {
      delete process.env['XDG_CACHE_HOME'];
      expect(defaultCacheDir()).toBe(join(homedir(), '.cache/semlog/embeddings'));
      process.env['XDG_CACHE_HOME'] = '/xdg';
      expect(defaultCacheDir()).toBe('/xdg/semlog/embeddings');
    } finally {
      if (home === undefined) delete process.env['XDG_CACHE_HOME'];
      else process.env['XDG_CACHE_HOME'] = home;
    }
  });

  it('exits 2 with one line and a hint when no command is given', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^semlog: .*\nhint: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an unknown option or output format', async () => {
    expect((await runCli(['scan', FIXTURE, '--no-such-flag'])).code).toBe(2);
    const bad = await runCli(['scan', FIXTURE, '--output', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('table');
  });

  it('exits 3 for a missing file, with a hint and no stack trace', async () => {
    const result = await runCli(['scan', '/no/such/access.log']);
    expect(result.code, `signal ${result.signal}; stderr: ${result.stderr}`).toBe(3);
    expect(result.stderr).toContain('/no/such/access.log');
    expect(result.stderr).toMatch(/hint: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('scans a file whose first line is 5 MB long: that line is one malformed line, the 500 after it are read, exit 0', async () => {
    const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-hostile-')), 'access.log');
    writeFileSync(file, `${'A'.repeat(5 * 1024 * 1024)}\n${Array.from({ length: 500 }, (_, i) => lines[i % lines.length]).join('\n')}\n`);
    const result = await runCli(['scan', file, '--no-cache', '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { summary: { records: number; malformed: number }; malformed: Array<{ file: string; line: number; code: string }> };
    expect([report.summary.records, report.summary.malformed]).toEqual([500, 1]);
    expect(report.malformed.map(({ file: f, line, code }) => [f, line, code])).toEqual([[file, 1, 'SEMLOG_LINE_TOO_LONG']]);
  });

  it('trains a baseline and scans against it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-train-'));
    const baseline = join(dir, 'baseline');
    const trained = await runCli(['train', FIXTURE, '-o', baseline, '--no-cache']);
    expect(trained.code).toBe(0);
    expect(trained.stderr).toMatch(/baseline .*: 300 records/);
    expect(readdirSync(baseline).sort()).toEqual(['categories.json', 'index.hnsw', 'meta.json', 'structured.json', 'texts.json', 'vectors.f32']);
    const attack = join(dir, 'today.log');
    writeFileSync(
      attack,
      `${readFileSync(FIXTURE, 'utf8')}203.0.113.9 - - [17/May/2015:10:05:40 +0000] "GET /index.php?id=1'%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1" 500 312 "-" "sqlmap/1.7"\n`,
    );
    const scanned = await runCli(['scan', attack, '--baseline', baseline, '--output', 'json', '--no-cache']);
    expect(scanned.code).toBe(0);
    const report = JSON.parse(scanned.stdout) as { lines: Array<{ line: number; reasons: string[] }> };
    const sqli = report.lines.find((l) => l.line === 301);
    expect(sqli?.reasons.join(' ')).toMatch(/novel: the nearest request of the baseline/);
    // The clean period's own clustered requests are not novel.
    expect(report.lines.length).toBeLessThan(30);
    // A request the baseline has verbatim is never a finding, however rare it was there.
    const own = join(dir, 'own.log');
    writeFileSync(own, `${readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 40).join('\n')}\n`);
    const ownScan = await runCli(['scan', own, '--baseline', baseline, '--output', 'json', '--no-cache']);
    expect(ownScan.code, ownScan.stderr).toBe(0);
    expect((JSON.parse(ownScan.stdout) as { lines: unknown[] }).lines).toEqual([]);
  });

  describe('a baseline of another log format', () => {
    const SAMPLES = new URL('../../../shared/data/aws-format-samples/', import.meta.url).pathname;
    const CLOUDFRONT = `${SAMPLES}cloudfront/aws-waf-security-automations_cf-access-log-sample_SYNTHETIC.log`;
    const WAF = `${SAMPLES}waf/aws-waf-security-automations_test_waf_log.jsonl`;
    if (!needs(existsSync(CLOUDFRONT) && existsSync(WAF), SAMPLES)) return;
    const dir = mkdtempSync(join(tmpdir(), 'semlog-baseline-format-'));
    const cache = join(dir, 'cache');
    const scan = async (log: string, baseline: string) => {
      const result = await runCli(['scan', log, '--baseline', baseline, '--output', 'json', '--cache', cache]);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as { summary: { records: number; warnings: string[] }; lines: unknown[] };
    };
    const formatWarnings = (report: { summary: { warnings: string[] } }) => report.summary.warnings.filter((w) => w.startsWith('the baseline was trained on'));

    it('is named in the warnings: a combined baseline judging CloudFront lines, a WAF baseline judging a combined log', async () => {
      const combined = join(dir, 'combined');
      expect((await runCli(['train', FIXTURE, '-o', combined, '--cache', cache, '--quiet'])).code).toBe(0);
      expect(JSON.parse(readFileSync(join(combined, 'meta.json'), 'utf8'))).toMatchObject({ formats: ['combined'] });
      const edge = join(dir, 'edge.log');
      writeFileSync(edge, `${readFileSync(CLOUDFRONT, 'utf8').split('\n').slice(0, 3000).join('\n')}\n`);
      const onEdge = await scan(edge, combined);
      // Every line is new to the baseline: the warning says why.
      expect(onEdge.lines).toHaveLength(onEdge.summary.records);
      expect(formatWarnings(onEdge)).toEqual([
        `the baseline was trained on combined logs, and ${edge} is cloudfront: a baseline knows only the requests, fields and values of the kind of log it learned ` +
          '(another layer, most often another site), so the scan of cloudfront may judge nearly every request as new; ' +
          'train a baseline on clean cloudfront logs (semlog train CLEAN_LOGS… -o BASELINE) and judge each kind of log against its own',
      ]);
      const table = await runCli(['scan', edge, '--baseline', combined, '--cache', cache, '--quiet']);
      expect(table.stdout).toContain(`  warning: the baseline was trained on combined logs, and ${edge} is cloudfront: `);

      const waf = join(dir, 'waf');
      expect((await runCli(['train', WAF, '-o', waf, '--cache', cache, '--quiet'])).code).toBe(0);
      expect(formatWarnings(await scan(FIXTURE, waf))).toEqual([expect.stringMatching(/^the baseline was trained on waf logs, and \S+elastic-apache-300\.log is combined: /)]);

      // Its own format, and another format of a web server's own log (Tomcat's common log), are not warned about.
      expect(formatWarnings(await scan(FIXTURE, combined))).toEqual([]);
      expect(formatWarnings(await scan(fileURLToPath(new URL('../fixtures/logs/common/tomcat-banner.log', import.meta.url)), combined))).toEqual([]);
    });

    it('is not checked for a baseline trained before it recorded its formats, which still loads; formats that are no list are damage', async () => {
      const older = join(dir, 'older');
      expect((await runCli(['train', FIXTURE, '-o', older, '--cache', cache, '--quiet'])).code).toBe(0);
      const meta = JSON.parse(readFileSync(join(older, 'meta.json'), 'utf8')) as Record<string, unknown>;
      delete meta['formats'];
      writeFileSync(join(older, 'meta.json'), JSON.stringify(meta));
      const cloudfront = fileURLToPath(new URL('../fixtures/logs/cloudfront/cf-access-log-sample_SYNTHETIC-headerless-crlf.log', import.meta.url));
      expect(formatWarnings(await scan(cloudfront, older))).toEqual([]);
      writeFileSync(join(older, 'meta.json'), JSON.stringify({ ...meta, formats: 'combined' }));
      const damaged = await runCli(['scan', cloudfront, '--baseline', older, '--cache', cache]);
      expect(damaged.code).toBe(3);
      expect(damaged.stderr).toContain(`${older} is damaged: meta.json says its formats are not a list of format names`);
    });
  });

  it('exits 3 when --baseline is not a baseline, before reading the logs', async () => {
    const result = await runCli(['scan', FIXTURE, '--baseline', tmpdir()]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/not a semlog baseline \(no meta\.json\)\nhint: create one with: semlog train/);
  });

  it('scans a real Apache combined log and reports the JSON contract', async () => {
    const result = await runCli(['scan', FIXTURE, '--output', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { summary: Record<string, unknown>; lines: unknown[]; ips: unknown[]; malformed: unknown[] };
    expect(report.summary).toMatchObject({ records: 300, malformed: 0, files: 1, format: 'combined' });
    expect(report.summary['uniqueTexts']).toBeGreaterThan(50);
    expect(report.summary['uniqueTexts']).toBeLessThan(300);
    expect(report.summary['elapsedMs']).toBeGreaterThan(0);
    expect(Array.isArray(report.lines)).toBe(true);
    expect(Array.isArray(report.ips)).toBe(true);
    expect(Array.isArray(report.malformed)).toBe(true);
  });

  it('names a file of a folder it skipped, and why: a log in a layout it does not recognise is not read in silence', async () => {
    // A folder where one server's log changed its LogFormat (netnea's custom layout, real lines):
    // without --log-format it is no log semlog recognises, so it is skipped, and both reports say so.
    const folder = mkdtempSync(join(tmpdir(), 'semlog-skipped-'));
    copyFileSync(FIXTURE, join(folder, 'access.log'));
    copyFileSync(new URL('../fixtures/logs/custom/netnea-tutorial-5.log', import.meta.url), join(folder, 'netnea.log'));
    const table = await runCli(['scan', folder, '--no-cache']);
    expect(table.code).toBe(0);
    const head = table.stdout.split('\n');
    expect(head[0]).toMatch(/^semlog: 300 records in 2 file\(s\) \(combined; 1 skipped\), 0 malformed/);
    expect(head[1]).toMatch(/^ {2}skipped: cannot detect the log format of \S+netnea\.log \(first line: "192\.31\.242\.0 US - \[2019-01-21 23:51:44\.365656\] /);
    const json = await runCli(['scan', folder, '--no-cache', '--output', 'json']);
    const inputs = (JSON.parse(json.stdout) as { summary: { inputs: Array<Record<string, unknown>> } }).summary.inputs;
    expect(inputs.map((input) => [input['format'], input['records'], input['skipped'] !== undefined])).toEqual([['combined', 300, false], ['skipped', 0, true]]);
    expect(inputs[1]!['skipped']).toBe(head[1]!.slice('  skipped: '.length));
  });

  it('reports a categorical client mix in ndjson and csv, with the thresholds given as flags (the real ALB sample)', async () => {
    const alb = new URL('../fixtures/logs/alb/aws-log-parser_alb-entries.log', import.meta.url).pathname;
    // 192.168.131.39 sent 9 of the 12 requests: four got a 502 and six no answer from a target; the others none.
    const flags = ['--min-value-count', '4', '--min-mix-requests', '5', '--no-cache'];
    const ndjson = await runCli(['scan', alb, '--output', 'ndjson', ...flags]);
    expect(ndjson.code, ndjson.stderr).toBe(0);
    const categories = ndjson.stdout.trimEnd().split('\n').map((line) => JSON.parse(line)).filter((row) => row.type === 'category');
    expect(categories).toEqual([{
      type: 'category', category: 'client_mix', score: 1.415, ip: '192.168.131.39', startMs: null, endMs: null, clients: [], first: null,
      values: [
        { field: 'status', value: '502', count: 4, total: 9, share: 0.444444, expected: 0 },
        { field: 'targetStatus', value: '-', count: 6, total: 9, share: 0.666667, expected: 0 },
      ],
      reasons: [
        "status 502: 4 of the client's 9 requests (44.4%), against 0% of the other clients' 3",
        "targetStatus - (no response from the target: the load balancer answered itself): 6 of the client's 9 requests (66.7%), against 0% of the other clients' 3",
      ],
    }]);
    const csv = await runCli(['scan', alb, '--output', 'csv', ...flags]);
    expect(csv.stdout).toContain('category,1.415,192.168.131.39,,,"status 502: 4 of the client\'s 9 requests');
    const defaults = await runCli(['scan', alb, '--output', 'json', '--no-cache']);
    expect((JSON.parse(defaults.stdout) as { categories: unknown[] }).categories).toEqual([]);
  });

  it('shows progress on stderr with --progress, and nothing with --quiet', async () => {
    const shown = await runCli(['scan', FIXTURE, '--output', 'json', '--no-cache', '--progress']);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(/semlog: .*300 lines read/);
    const quiet = await runCli(['scan', FIXTURE, '--output', 'json', '--no-cache', '--progress', '--quiet']);
    expect(quiet.stderr).toBe('');
  });

  it('leaves records outside --since/--until out of the analysis and counts them', async () => {
    const result = await runCli(['scan', FIXTURE, '--output', 'json', '--no-cache', '--since', '2015-05-17T10:10:00Z']);
    expect(result.code).toBe(0);
    const { summary } = JSON.parse(result.stdout) as { summary: { records: number; scope: { excluded: Record<string, number> } } };
    expect(summary.records).toBe(300);
    const left = summary.scope.excluded['before --since 2015-05-17T10:10:00.000Z'];
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(300);
    expect((await runCli(['scan', FIXTURE, '--since', 'yesterday'])).code).toBe(2);
  });

  it('reads the client from X-Forwarded-For behind --trusted-proxy (repeatable), says how many records it did, and refuses a bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-cli-proxy-'));
    const proxied = join(dir, 'proxied.log');
    writeFileSync(proxied, `${behindProxies(readFileSync(FIXTURE, 'utf8').trimEnd().split('\n')).join('\n')}\n`);
    const direct = await runCli(['scan', FIXTURE, '--output', 'json', '--no-cache']);
    const through = await runCli(['scan', proxied, '--output', 'json', '--no-cache', '--trusted-proxy', '198.51.100.7', '--trusted-proxy', '198.51.100.8/31', '--trusted-proxy', '198.51.100.20']);
    expect(through.code).toBe(0);
    type Report = { summary: { clientIps: number; scope: { forwarded?: Record<string, number> } }; ips: Array<{ ip: string }> };
    const a = JSON.parse(direct.stdout) as Report;
    const b = JSON.parse(through.stdout) as Report;
    expect(b.summary.clientIps).toBe(a.summary.clientIps);
    expect(b.ips.map((ip) => ip.ip)).toEqual(a.ips.map((ip) => ip.ip));
    // Counted by the rule the logged address matched: .7 by its own, .8 by the /31.
    expect(Object.values(b.summary.scope.forwarded ?? {}).reduce((x, y) => x + y, 0)).toBe(300);
    expect(Object.keys(b.summary.scope.forwarded ?? {}).sort()).toEqual(['198.51.100.7', '198.51.100.8/31']);
    const table = await runCli(['scan', proxied, '--no-cache', '--trusted-proxy', '198.51.100.0/24']);
    expect(table.stdout).toContain('client from X-Forwarded-For: 300 records (behind 198.51.100.0/24)');
    const bad = await runCli(['scan', proxied, '--no-cache', '--trusted-proxy', 'the-load-balancer']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"the-load-balancer" is not an IP address or CIDR block/);
  });

  it('takes --ipv6-prefix N from 1 to 128, which leaves IPv4 clients as logged', async () => {
    const plain = JSON.parse((await runCli(['scan', FIXTURE, '--output', 'json', '--no-cache'])).stdout) as { ips: Array<{ ip: string }> };
    const grouped = await runCli(['scan', FIXTURE, '--output', 'json', '--no-cache', '--ipv6-prefix', '64']);
    expect(grouped.code).toBe(0);
    expect((JSON.parse(grouped.stdout) as { ips: Array<{ ip: string }> }).ips.map((ip) => ip.ip)).toEqual(plain.ips.map((ip) => ip.ip));
    for (const bad of ['0', '129', '64.5', 'sixty-four']) {
      const refused = await runCli(['scan', FIXTURE, '--no-cache', '--ipv6-prefix', bad]);
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toMatch(/--ipv6-prefix .*must be a whole number/);
    }
  });

  it('writes --out atomically and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-cli-'));
    const out = join(dir, 'report.ndjson');
    const result = await runCli(['scan', FIXTURE, '--output', 'ndjson', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!) as { type: string; records: number };
    expect(first).toMatchObject({ type: 'summary', records: 300 });
    expect(readdirSync(dir)).toEqual(['report.ndjson']);
  });

  it('stops quietly when the reader of its output goes away (| head)', async () => {
    const child = spawn(process.execPath, [BIN, 'scan', FIXTURE, '--output', 'ndjson', '--no-cache']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Closed before the child writes anything: its first write meets EPIPE, whatever the buffer size.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('writes a self-contained HTML report with --html, next to the normal output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-html-'));
    const html = join(dir, 'report.html');
    const result = await runCli(['scan', FIXTURE, '--output', 'json', '--no-cache', '--html', html]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { summary: { records: number } }).summary.records).toBe(300);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toContain('Content-Security-Policy');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('checks --out before the scan: no such folder is exit 3, a folder in its place exit 2, and neither leaves a file', async () => {
    const result = await runCli(['scan', FIXTURE, '--output', 'json', '--out', '/no/such/dir/report.json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('semlog: cannot write --out /no/such/dir/report.json: the folder /no/such/dir does not exist\nhint: name a file in a folder that exists and is writable\n');
    // Until 2026-12-08 the whole scan ran first, and the rename of its report failed with EISDIR.
    const dir = mkdtempSync(join(tmpdir(), 'semlog-cli-'));
    const out = join(dir, 'report.json');
    mkdirSync(out);
    const blocked = await runCli(['scan', FIXTURE, '--output', 'json', '--out', out]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toBe(`semlog: --out ${out} is a folder: it names the file to write\nhint: name a file, e.g. --out ${join(out, 'report.json')}\n`);
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(readdirSync(out)).toEqual([]);
  });
});

// The model ships in the repo: a scan must work with no network at all.
const canUnshare = (() => {
  try {
    execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!needs(canUnshare, 'unshare -n (root or user namespaces), for the scan without a network'))('semlog CLI without a network', () => {
  it('scans with the network namespace cut off', async () => {
    const result = await runCli(['scan', FIXTURE, '--output', 'json'], { prefix: ['unshare', '-n'] });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { summary: { records: number } }).summary.records).toBe(300);
  });
});
