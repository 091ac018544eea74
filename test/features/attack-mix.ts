// Test helper: real benign traffic (elastic-apache-logs) with injected behavioural attackers, to
// measure how well a scoring method ranks the attackers. Deterministic (seeded).
import { existsSync } from 'node:fs';
import type { LogRecord } from '../../src/types.js';
import { readCombinedLog } from './combined-log.js';
import { record } from './record.js';

export const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
export const BENIGN_LOG = `${DATA}elastic-apache-logs/apache_logs.log`;
export const SCANNER_LOGS = ['acunetix', 'netsparker', 'w3af'].map((name) => `${DATA}ocatak-apache-scans/${name}.log`);
export const HAVE_DATA = existsSync(BENIGN_LOG) && SCANNER_LOGS.every((path) => existsSync(path));

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

export interface AttackMix {
  records: LogRecord[];
  attackers: string[];
}

/** Park–Miller: a tiny seeded generator so that every run builds the same mix. */
export function seeded(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/**
 * Benign: every line of the elastic log, each IP given its own session cookie (and 3% of IPs
 * sharing theirs with one other IP, like a phone changing networks). Attackers: (a) one IP
 * hammering one real endpoint with a browser UA; (b) `scannerLines` lines of a scanner log
 * moved into the benign period under a new IP; (c) one cookie replayed from `replayIps` IPs.
 */
export function buildAttackMix(scannerLog: string, seed: number, options: { hammerRequests?: number; scannerLines?: number; replayIps?: number } = {}): AttackMix {
  const random = seeded(seed);
  const benign = readCombinedLog(BENIGN_LOG);
  const ips = [...new Set(benign.map((r) => r.clientIp))];
  const cookieOf = new Map(ips.map((ip) => [ip, `session=${ip.replaceAll('.', 'x')}`]));
  for (const ip of ips) if (random() < 0.03) cookieOf.set(ips[Math.floor(random() * ips.length)] ?? ip, cookieOf.get(ip) ?? '');
  for (const r of benign) r.cookie = cookieOf.get(r.clientIp) ?? '';
  const times = benign.map((r) => r.timeMs ?? 0);
  const start = Math.min(...times);
  const span = Math.max(...times) - start;
  const at = (): number => start + Math.floor(random() * span * 0.9);

  const pages = benign.filter((r) => r.status === 200 && !/\.(png|jpg|gif|css|js|ico)$/.test(r.path));
  const target = pages[Math.floor(random() * pages.length)] ?? benign[0]!;
  const hammer = '203.0.113.50';
  const hammerStart = at();
  const records = [...benign];
  const hammerRequests = options.hammerRequests ?? 300;
  for (let i = 0; i < hammerRequests; i++) {
    records.push(record({ clientIp: hammer, timeMs: hammerStart + i * 1000, path: target.path, query: target.query, status: 200, bytes: target.bytes, userAgent: CHROME, cookie: `session=hammer${i % 3}` }));
  }

  const scanner = '198.51.100.7';
  const scan = readCombinedLog(scannerLog).slice(0, options.scannerLines ?? 600);
  const scanStart = at();
  const scanFirst = Math.min(...scan.map((r) => r.timeMs ?? 0));
  for (const r of scan) records.push({ ...r, clientIp: scanner, timeMs: scanStart + ((r.timeMs ?? scanFirst) - scanFirst) });

  const replayers: string[] = [];
  const stolen = 'session=stolen-admin-session-0042';
  for (let k = 0; k < (options.replayIps ?? 6); k++) {
    const ip = `100.64.${k}.${10 + k}`;
    replayers.push(ip);
    const t = at();
    for (let i = 0; i < 4; i++) records.push(record({ clientIp: ip, timeMs: t + i * 20_000, path: i % 2 === 0 ? '/account' : '/account/settings', status: 200, userAgent: CHROME, cookie: stolen }));
  }
  return { records, attackers: [hammer, scanner, ...replayers] };
}

/** Share of `attackers` among the first `2 × attackers.length` ranked IPs. */
export function recallAtTwiceN(rankedIps: readonly string[], attackers: readonly string[]): number {
  const top = new Set(rankedIps.slice(0, attackers.length * 2));
  return attackers.filter((ip) => top.has(ip)).length / attackers.length;
}
