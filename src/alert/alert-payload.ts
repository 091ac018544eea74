// The alert a nightly job sends when findings reach --fail-on: `text` for people (Slack and Teams
// incoming webhooks show it as is) and `semlog` for machines: the summary and the top findings.
import { checkNumber } from '../options/check-number.js';
import { OPTION_RULES } from '../options/option-rules.js';
import type { Analysis, IpFinding, LineFinding, ScanSummary } from '../types.js';
import { alertOrder, isLineFinding } from './alert-order.js';
import { chatText, escapeChat } from './chat-text.js';

export interface AlertOptions {
  failOn: number;
  /** The inputs as the user named them. */
  sources: readonly string[];
  /** Local reports that were written (--out, --html), for the reader who wants everything. */
  reports?: readonly string[];
  /** Findings listed; default 10. */
  top?: number;
}

export type AlertFinding =
  | ({ kind: 'ip' } & Pick<IpFinding, 'ip' | 'score' | 'requests' | 'reasons' | 'tags'>)
  | ({ kind: 'line' } & Pick<LineFinding, 'file' | 'line' | 'ip' | 'score' | 'text' | 'count' | 'reasons' | 'tags'>);

export interface AlertPayload {
  text: string;
  semlog: {
    version: 1;
    failOn: number;
    sources: string[];
    reports: string[];
    summary: Pick<ScanSummary, 'records' | 'malformed' | 'files' | 'format' | 'clientIps' | 'damagedFiles' | 'elapsedMs'>;
    /** Findings at or above failOn, of each kind. */
    reached: { ips: number; lines: number };
    /** The first of them in the report's order, both kinds (alert-order.ts). */
    topFindings: AlertFinding[];
    /** `watch`: findings held back by the cooldown of their client or campaign, whose cooldown ended. */
    suppressed?: SuppressedFindings[];
  };
}

/** What one client's or campaign's cooldown held back (watch/alert-throttle.ts). */
export interface SuppressedFindings {
  /** `client 203.0.113.9` or `campaign sql_injection, xss` */
  key: string;
  findings: number;
  /** Distinct client addresses among them (counted up to 1,000). */
  clients: number;
  maxScore: number;
  /** Attack tags among them, most frequent first. */
  tags: string[];
  /** The cooldown, epoch milliseconds. */
  sinceMs: number;
  untilMs: number;
}

export const ALERT_DEFAULTS = Object.freeze({ top: 10 });

/** Caps on attacker-controlled text in the payload: an alert is a pointer to the report, not the report. */
const MAX_TEXT_CHARS = 500;
const MAX_REASONS = 3;
const CHAT_TEXT_CHARS = 120;

/** Findings at or above `failOn`, as the exit code counts them. */
export function findingsOver(analysis: Analysis, failOn: number): { ips: IpFinding[]; lines: LineFinding[] } {
  checkNumber('option failOn', failOn, OPTION_RULES.failOn);
  return { ips: analysis.ips.filter((f) => f.score >= failOn), lines: analysis.lines.filter((f) => f.score >= failOn) };
}

export function buildAlert(analysis: Analysis, options: AlertOptions): AlertPayload {
  const over = findingsOver(analysis, options.failOn);
  const topFindings = alertOrder(over.ips, over.lines, options.top ?? ALERT_DEFAULTS.top).map(alertFinding);
  const { records, malformed, files, format, clientIps, damagedFiles, elapsedMs } = analysis.summary;
  const semlog: AlertPayload['semlog'] = {
    version: 1,
    failOn: options.failOn,
    sources: [...options.sources],
    reports: [...(options.reports ?? [])],
    summary: { records, malformed, files, format, clientIps, damagedFiles, elapsedMs },
    reached: { ips: over.ips.length, lines: over.lines.length },
    topFindings,
  };
  return { text: alertText(semlog, over.ips.length + over.lines.length), semlog };
}

export function alertFinding(f: IpFinding | LineFinding): AlertFinding {
  return isLineFinding(f) ? lineAlertFinding(f) : ipAlertFinding(f);
}

/** A client finding as an alert lists it: attacker-controlled text capped. */
function ipAlertFinding(f: IpFinding): AlertFinding {
  return { kind: 'ip', ip: f.ip, score: f.score, requests: f.requests, reasons: short(f.reasons), tags: f.tags };
}

function lineAlertFinding(f: LineFinding): AlertFinding {
  return { kind: 'line', file: f.file, line: f.line, ip: f.ip, score: f.score, text: f.text.slice(0, MAX_TEXT_CHARS), count: f.count, reasons: short(f.reasons), tags: f.tags };
}

function alertText(semlog: AlertPayload['semlog'], total: number): string {
  const { summary } = semlog;
  const sources = semlog.sources.slice(0, 3).map((s) => `\`${chatText(s, 80)}\``).join(', ') + (semlog.sources.length > 3 ? ', …' : '');
  const lines = [
    `semlog: ${total} finding${total === 1 ? '' : 's'} scored at least ${semlog.failOn} in ${sources} ` +
      `(${summary.records} records from ${summary.files} file${summary.files === 1 ? '' : 's'})`,
  ];
  if (summary.damagedFiles > 0) lines.push(`${summary.damagedFiles} input(s) were damaged and only partly read.`);
  for (const finding of semlog.topFindings) lines.push(`• ${findingText(finding)}`);
  const rest = total - semlog.topFindings.length;
  const report = semlog.reports.length > 0 ? ` in the report: ${semlog.reports.map((r) => `\`${chatText(r, 120)}\``).join(', ')}` : '';
  if (rest > 0 || report !== '') lines.push(`${rest > 0 ? `… and ${rest} more` : 'Details'}${report}`);
  return lines.join('\n');
}

/** Only numbers, tag names (a fixed vocabulary) and escaped code spans: no log text outside a span. */
export function findingText(finding: AlertFinding): string {
  const score = finding.score.toFixed(1);
  if (finding.kind === 'ip') {
    const tags = Object.entries(finding.tags).map(([tag, n]) => `${tag} ×${n}`).join(', ');
    return `client \`${chatText(finding.ip, 60)}\` scored ${score}: ${finding.requests} requests${tags ? `, ${escapeChat(tags)}` : ''}`;
  }
  const tags = finding.tags.length > 0 ? ` (${escapeChat(finding.tags.join(', '))})` : '';
  return `request \`${chatText(finding.text, CHAT_TEXT_CHARS)}\` from \`${chatText(finding.ip, 60)}\` scored ${score}${tags}`;
}

function short(reasons: readonly string[]): string[] {
  return reasons.slice(0, MAX_REASONS).map((r) => r.slice(0, MAX_TEXT_CHARS));
}
