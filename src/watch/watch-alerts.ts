// Alerts of `semlog watch` (--alert-webhook, --alert-sns with --fail-on): the findings of a batch
// that reach failOn pass the cooldown of their key (alert-throttle.ts), and what passes, with the
// summaries of the cooldowns that ended, goes out as one message through scan's delivery
// (alert/deliver-alerts.ts). Deliveries run one after another behind the judging: a slow or dead
// webhook delays alerts, never the findings; a failed one is reported and counted, not retried.
//
// Keys: a client finding, and a line finding without attack tags, belong to their client
// (`client 203.0.113.9`); a line finding with attack tags belongs to its campaign, the set of its
// tags (`campaign sql_injection`), so that a scan from a thousand addresses is one alert, not a thousand.

import { compareLines } from '../alert/alert-order.js';
import type { AlertPayload, SuppressedFindings } from '../alert/alert-payload.js';
import { compareClients } from '../clients/client-rank.js';
import { deliverAlerts, type AlertTargets } from '../alert/deliver-alerts.js';
import { InterruptedError } from '../errors.js';
import type { IpFinding, LineFinding } from '../types.js';
import { AlertThrottle } from './alert-throttle.js';
import { buildWatchAlert } from '../alert/watch-alert.js';

export interface WatchAlertOptions {
  targets: AlertTargets;
  /** Findings scoring at least this are alerted. */
  failOn: number;
  /** One alert per client or campaign per this many ms (default 5 min). */
  cooldownMs?: number;
  /** The time, epoch ms (default Date.now). */
  now?: () => number;
}

export interface AlertReport {
  targets: string[];
  findings: number;
  suppressed: number;
  /** Per failed target, why. */
  errors: string[];
}

/** After SIGTERM, how long the last summaries may take to go out. */
const DRAIN_TIMEOUT_MS = 5000;

export class WatchAlerts {
  readonly #options: WatchAlertOptions;
  readonly #throttle: AlertThrottle;
  readonly #now: () => number;
  readonly #sources: readonly string[];
  readonly #onReport: (report: AlertReport) => void;
  #queue: Promise<void> = Promise.resolve();
  #failed = 0;

  constructor(options: WatchAlertOptions & { cooldownMs: number }, sources: readonly string[], onReport: (report: AlertReport) => void) {
    this.#options = options;
    this.#throttle = new AlertThrottle(options.cooldownMs);
    this.#now = options.now ?? Date.now;
    this.#sources = sources;
    this.#onReport = onReport;
  }

  /** Offers a batch's findings (call after every poll, with or without findings: cooldowns end on time). */
  offer(lines: readonly LineFinding[], ips: readonly IpFinding[], summary: AlertPayload['semlog']['summary'], signal?: AbortSignal): void {
    const now = this.#now();
    const suppressed = this.#throttle.due(now);
    const { failOn } = this.#options;
    const findings: { ips: IpFinding[]; lines: LineFinding[] } = { ips: [], lines: [] };
    for (const ip of ips) {
      if (ip.score >= failOn && this.#throttle.admit(`client ${ip.ip}`, { ip: ip.ip, score: ip.score, tags: Object.keys(ip.tags) }, now)) findings.ips.push(ip);
    }
    for (const line of lines) {
      if (line.score >= failOn && this.#throttle.admit(lineKey(line), line, now)) findings.lines.push(line);
    }
    // A batch's lines come in log order: the alert ranks them, and its clients, as scan's report does.
    findings.ips.sort(compareClients);
    findings.lines.sort(compareLines);
    if (findings.ips.length + findings.lines.length > 0 || suppressed.length > 0) this.#send(findings, suppressed, summary, signal);
  }

  /** Sends the summaries still held (within DRAIN_TIMEOUT_MS) and waits for every delivery. */
  async close(summary: AlertPayload['semlog']['summary']): Promise<void> {
    const held = this.#throttle.drain(this.#now());
    if (held.length > 0) this.#send({ ips: [], lines: [] }, held, summary, AbortSignal.timeout(DRAIN_TIMEOUT_MS));
    await this.#queue;
  }

  /** Deliveries that failed so far (a target each). */
  get failed(): number {
    return this.#failed;
  }

  #send(findings: { ips: IpFinding[]; lines: LineFinding[] }, suppressed: SuppressedFindings[], summary: AlertPayload['semlog']['summary'], signal?: AbortSignal): void {
    const payload = buildWatchAlert({ failOn: this.#options.failOn, sources: this.#sources, ...findings, suppressed, summary });
    this.#queue = this.#queue.then(async () => {
      let deliveries;
      try {
        deliveries = await deliverAlerts(payload, this.#options.targets, signal === undefined ? {} : { signal });
      } catch (error) {
        // Interrupted: the run is ending; what was not sent is not sent.
        if (error instanceof InterruptedError) return;
        throw error;
      }
      const errors = deliveries.flatMap((d) => (d.error === undefined ? [] : [d.error.message]));
      this.#failed += errors.length;
      this.#onReport({ targets: deliveries.map((d) => d.target), findings: findings.ips.length + findings.lines.length, suppressed: suppressed.reduce((sum, s) => sum + s.findings, 0), errors });
    });
  }
}

function lineKey(line: LineFinding): string {
  return line.tags.length > 0 ? `campaign ${[...line.tags].sort().join(', ')}` : `client ${line.ip}`;
}
