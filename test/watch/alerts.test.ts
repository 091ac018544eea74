// `watch --alert-webhook`: the real bin, a real local HTTP server as the webhook. Every finding at or
// above --fail-on is either in an alert or counted in a cooldown's summary, never both, never lost;
// a webhook that refuses is a warning and, when stdin ends, exit 5. Waits on events (what the server
// received, what the watcher printed), never on the clock.
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../src/alert/alert-payload.js';
import { runCli } from '../cli/run-cli.js';
import { WatchProcess } from './watch-process.js';

/** A webhook receiver: the payloads it got, and a way to wait for a condition on them. */
class Receiver {
  readonly payloads: AlertPayload[] = [];
  readonly server: Server;
  #waiters: Array<() => void> = [];

  constructor(status = 200) {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.payloads.push(JSON.parse(body) as AlertPayload);
        res.statusCode = status;
        res.end(status === 200 ? 'ok' : 'no_service');
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const waiter of waiters) waiter();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/secret-token`;
  }

  until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (condition() ? resolve() : this.#waiters.push(check));
      check();
    });
  }

  /** Findings sent in alerts, and findings counted in summaries. */
  get accounted(): { sent: number; held: number } {
    let sent = 0;
    let held = 0;
    for (const { semlog } of this.payloads) {
      sent += semlog.topFindings.length;
      held += (semlog.suppressed ?? []).reduce((sum, s) => sum + s.findings, 0);
    }
    return { sent, held };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const line = (i: number, ip = '203.0.113.9') =>
  `${ip} - - [05/Dec/2026:07:00:${String(i % 60).padStart(2, '0')} +0000] "GET /search?q=<script>alert(${i})</script> HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n`;

let receiver: Receiver | undefined;
let watcher: WatchProcess | undefined;
afterEach(async () => {
  watcher?.child.kill('SIGKILL');
  await watcher?.exited;
  await receiver?.close();
});

describe('watch alerts', () => {
  it('sends one alert per client or campaign per cooldown and summarises the rest when it ends', async () => {
    receiver = new Receiver();
    const url = await receiver.listen();
    const log = join(mkdtempSync(join(tmpdir(), 'semlog-alert-')), 'access.log');
    writeFileSync(log, '');
    watcher = new WatchProcess([log, '--alert-webhook', url, '--fail-on', '0', '--alert-cooldown', '1']);
    await watcher.ready();
    for (let i = 0; i < 20; i++) appendFileSync(log, line(i, i < 15 ? '203.0.113.9' : '198.51.100.4'));
    await watcher.until(() => watcher!.judged === 20, 'it judged 20 lines');
    const findings = watcher.stdout.split('\n').filter((l) => l.startsWith('{"type":"line"') || l.startsWith('{"type":"ip"'));
    // 20 XSS lines, and the two clients' IP findings (hostile after two payloads).
    expect(findings.filter((l) => l.startsWith('{"type":"line"'))).toHaveLength(20);
    expect(findings.filter((l) => l.startsWith('{"type":"ip"')).length).toBeGreaterThanOrEqual(2);
    await receiver.until(() => receiver!.accounted.sent + receiver!.accounted.held === findings.length);
    const sent = receiver.payloads.flatMap((p) => p.semlog.topFindings);
    // One line alert for the XSS campaign, one client alert per client: the rest were held back.
    expect(sent.filter((f) => f.kind === 'line')).toHaveLength(1);
    expect(sent.filter((f) => f.kind === 'ip').map((f) => f.ip).sort()).toEqual(['198.51.100.4', '203.0.113.9']);
    const summaries = receiver.payloads.flatMap((p) => p.semlog.suppressed ?? []);
    const campaign = summaries.filter((s) => s.key === 'campaign xss');
    expect(campaign.reduce((sum, s) => sum + s.findings, 0)).toBe(19);
    expect(Math.max(...campaign.map((s) => s.clients))).toBeGreaterThanOrEqual(1);
    expect(receiver.payloads.some((p) => /held back by the alert cooldown/.test(p.text) && p.text.includes('`campaign xss`: '))).toBe(true);
    // The secret path of the URL is never printed.
    expect(watcher.stderr).toContain('semlog watch: alert sent');
    expect(watcher.stderr).not.toContain('secret-token');
  });

  it('warns when the webhook refuses, and exits 5 when stdin ends', async () => {
    receiver = new Receiver(500);
    const url = await receiver.listen();
    const input = line(1) + line(2) + line(3);
    const result = await runCli(['watch', '-', '--alert-webhook', url, '--fail-on', '0'], { input });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/semlog watch: warning: alert not delivered \(.*\): webhook http:\/\/127\.0\.0\.1:\d+ answered HTTP 500: no_service/);
    expect(result.stdout.split('\n').filter((l) => l.startsWith('{"type":"line"'))).toHaveLength(3);
    // Two attempts (one retry) for each message.
    expect(receiver.payloads.length % 2).toBe(0);
    expect(receiver.payloads.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses alert, window and health options that cannot be meant (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--fail-on', '3'], /^semlog: watch --fail-on only shapes alerts\nhint: add --alert-webhook/],
      [['--alert-cooldown', '60'], /^semlog: watch --alert-cooldown only shapes alerts/],
      [['--alert-webhook', 'http://127.0.0.1:9/x'], /^semlog: --alert-webhook and --alert-sns need --fail-on/],
      [['--alert-webhook', 'ftp://x', '--fail-on', '1'], /^semlog: --alert-webhook needs an http\(s\) URL/],
      [['--alert-webhook', 'http://u:pw@127.0.0.1:9/x/SECRET', '--fail-on', '1'], /^semlog: --alert-webhook http:\/\/127\.0\.0\.1:9: the URL carries a user name or password, which semlog does not send\nhint: [^\n]*\n$/],
      [['--alert-webhook', 'http://127.0.0.1:9/x', '--fail-on', '1', '--alert-cooldown', '0.5'], /^semlog: --alert-cooldown 0\.5: must be a number ≥ 1/],
      [['--health', '0'], /^semlog: --health 0: must be a number ≥ 1/],
      [['--max-clients', '1.5'], /^semlog: --max-clients 1\.5: must be a whole number ≥ 1/],
      [['--client-window-minutes', 'soon'], /^semlog: --client-window-minutes soon: must be a number ≥ 0\.1/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['watch', '-', ...args], { input: '' });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
