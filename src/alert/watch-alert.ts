// The alert `semlog watch` sends: the findings whose client or campaign had no alert in its cooldown,
// and a summary of what the cooldowns that just ended held back. Same shape as scan's alert
// (alert-payload.ts), so that one receiver, webhook or SNS, reads both.
import type { IpFinding, LineFinding } from '../types.js';
import { alertOrder } from './alert-order.js';
import { ALERT_DEFAULTS, alertFinding, findingText, type AlertPayload, type SuppressedFindings } from './alert-payload.js';
import { chatText, escapeChat } from './chat-text.js';

export interface WatchAlertInput {
  failOn: number;
  sources: readonly string[];
  /** New findings at or above failOn, one per client or campaign, each kind ranked as scan ranks it. */
  ips: readonly IpFinding[];
  lines: readonly LineFinding[];
  suppressed: readonly SuppressedFindings[];
  summary: AlertPayload['semlog']['summary'];
}

export function buildWatchAlert(input: WatchAlertInput): AlertPayload {
  const total = input.ips.length + input.lines.length;
  const topFindings = alertOrder(input.ips, input.lines, ALERT_DEFAULTS.top).map(alertFinding);
  const semlog: AlertPayload['semlog'] = {
    version: 1,
    failOn: input.failOn,
    sources: [...input.sources],
    reports: [],
    summary: input.summary,
    reached: { ips: input.ips.length, lines: input.lines.length },
    topFindings,
    suppressed: [...input.suppressed],
  };
  return { text: watchAlertText(semlog, total), semlog };
}

function watchAlertText(semlog: AlertPayload['semlog'], total: number): string {
  const sources = semlog.sources.slice(0, 3).map((s) => `\`${chatText(s, 80)}\``).join(', ') + (semlog.sources.length > 3 ? ', …' : '');
  const lines: string[] = [];
  if (total > 0) lines.push(`semlog watch: ${total} new finding${total === 1 ? '' : 's'} scored at least ${semlog.failOn} in ${sources}`);
  for (const finding of semlog.topFindings) lines.push(`• ${findingText(finding)}`);
  if (total > semlog.topFindings.length) lines.push(`… and ${total - semlog.topFindings.length} more`);
  const held = semlog.suppressed ?? [];
  if (held.length > 0) lines.push(`semlog watch: held back by the alert cooldown in ${sources}:`);
  for (const s of held) {
    const seconds = Math.round((s.untilMs - s.sinceMs) / 1000);
    const span = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
    const tags = s.tags.length > 0 ? ` (${escapeChat(s.tags.slice(0, 5).join(', '))})` : '';
    lines.push(`• \`${chatText(s.key, 80)}\`: ${s.findings} more finding${s.findings === 1 ? '' : 's'} from ${s.clients} client${s.clients === 1 ? '' : 's'} in ${span}, best score ${s.maxScore.toFixed(1)}${tags}`);
  }
  return lines.join('\n');
}
