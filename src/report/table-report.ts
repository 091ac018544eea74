// `--output table` (default): a report for people at a terminal. All log content passes
// sanitizeTerminal; colour only when asked for (a TTY without NO_COLOR, decided by the CLI).

import { hasAttackBehaviour } from '../clients/client-rank.js';
import type { Analysis, Campaign, CascadeStats, CategoryFinding, IpFinding, WafAuditGroup } from '../types.js';
import { sanitizeTerminal } from './sanitize-terminal.js';

export interface TableOptions {
  /** Rows per section. */
  top: number;
  color?: boolean;
}

/** IPs whose most frequent URIs and user agents are listed, as the seed's report did. */
const DETAILED_IPS = 10;
/** Client IPs listed per campaign (its size is always shown). */
const CAMPAIGN_IPS = 10;
/** Skipped inputs named one by one; a folder of many other files gets a count for the rest. */
const SKIPPED_SHOWN = 5;
/** Shown for a client that sent no User-Agent (logged as "-" or empty): a blank line reads as a rendering fault. */
const NO_USER_AGENT = '(no user agent)';

export function* renderTable(analysis: Analysis, options: TableOptions): Iterable<string> {
  const paint = painter(options.color === true);
  const { summary, ips, lines, windows, malformed, campaigns } = analysis;
  const out = sanitizeTerminal;
  const skipped = summary.inputs.filter((input) => input.skipped !== undefined);
  const skippedNote = skipped.length > 0 ? `; ${skipped.length} skipped` : '';
  yield paint.bold(
    `semlog: ${summary.records} records in ${summary.files} file(s) (${summary.format}${skippedNote}), ${summary.malformed} malformed, ` +
      `${summary.uniqueTexts} unique texts (${summary.cachedTexts} cached), ${summary.clientIps} clients, ${(summary.elapsedMs / 1000).toFixed(1)} s\n`,
  );
  if (summary.cascade) yield `  ${cascadeLine(summary.cascade)}\n`;
  for (const input of summary.inputs) {
    if (input.damaged) yield paint.red(`  damaged: ${out(input.file)}: ${out(input.damaged.message)}\n`);
  }
  // A log whose format changed (a new LogFormat) is skipped like a README beside it: say which files were not read.
  for (const input of skipped.slice(0, SKIPPED_SHOWN)) yield paint.yellow(`  skipped: ${out(input.skipped!)}\n`);
  if (skipped.length > SKIPPED_SHOWN) yield paint.yellow(`  skipped: ${skipped.length - SKIPPED_SHOWN} more file(s) (summary.inputs in --output json)\n`);
  for (const kind of ['excluded', 'allowlisted'] as const) {
    for (const [rule, count] of Object.entries(summary.scope[kind])) yield `  ${kind}: ${count} records (${out(rule)})\n`;
  }
  for (const [rule, count] of Object.entries(summary.scope.forwarded ?? {})) {
    yield `  client from X-Forwarded-For: ${count} records (behind ${out(rule)})\n`;
  }
  for (const warning of summary.warnings) yield paint.yellow(`  warning: ${out(warning)}\n`);

  const hits = featureHits(ips);
  if (hits.length > 0) yield `\nFeature hits (IPs): ${hits.map(([feature, count]) => `${feature} ${count}`).join(', ')}\n`;

  if (ips.length > 0) {
    yield paint.bold(`\nAnomalous IPs (${ips.length}):\n`);
    const calmFrom = groupEnd(ips, (ip) => hasAttackBehaviour(ip.labels));
    for (const [rank, ip] of ips.slice(0, options.top).entries()) {
      if (rank === calmFrom) yield `  ${paint.dim('-- clients without attack behaviour (not hostile, hammering or a form bot), by score --')}\n`;
      const labels = ip.labels.length > 0 ? `[${ip.labels.join(', ')}] ` : '';
      yield `  ${paint.red(ip.score.toFixed(2).padStart(7))}  ${out(ip.ip).padEnd(39)}  ${labels}${out(ip.reasons.join('; '))}\n`;
    }
    yield paint.bold(`\nTop ${Math.min(DETAILED_IPS, options.top, ips.length)} IPs, their URIs and user agents:\n`);
    for (const ip of ips.slice(0, Math.min(DETAILED_IPS, options.top))) {
      yield `  ${paint.bold(out(ip.ip))}  ${ip.requests} requests${tagSummary(ip)}\n`;
      for (const [uri, count] of ip.topUris.slice(0, 5)) yield `      ${String(count).padStart(6)}  ${out(uri)}\n`;
      for (const [agent, count] of ip.topUserAgents.slice(0, 3)) yield `      ${String(count).padStart(6)}  ${paint.dim(agent === '' ? NO_USER_AGENT : out(agent))}\n`;
    }
  }
  if (campaigns.length > 0) {
    yield paint.bold(`\nCampaigns (${campaigns.length}):\n`);
    for (const campaign of campaigns.slice(0, options.top)) yield* campaignRows(campaign, paint);
  }
  if (analysis.audit.records > 0) {
    const { allowed, blocked, records } = analysis.audit;
    yield paint.bold(`\nWAF audit (${records} records with a WAF action):\n`);
    yield `  allowed by the WAF, reported by semlog (possible rule gaps): ${allowed.length === 0 ? 'none' : `${allowed.length} group(s)`}\n`;
    for (const group of allowed.slice(0, options.top)) yield* auditRows(group, paint);
    yield `  blocked by the WAF, inside normal traffic (possible false positives): ${blocked.length === 0 ? 'none' : `${blocked.length} group(s)`}\n`;
    for (const group of blocked.slice(0, options.top)) yield* auditRows(group, paint);
  }
  if (lines.length > 0) {
    yield paint.bold(`\nAnomalous lines (${lines.length}):\n`);
    const oddFrom = groupEnd(lines, (line) => line.attack === true);
    for (const [rank, line] of lines.slice(0, options.top).entries()) {
      if (rank === oddFrom) yield `  ${paint.dim('-- lines without attack evidence (no signature, not from a hostile client or a form bot), by score --')}\n`;
      yield `  ${paint.red(line.score.toFixed(2).padStart(7))}  ${out(`${line.file}:${line.line}`)}  ${out(line.ip)}\n`;
      yield `           ${out(line.text)}\n           ${paint.dim(`why: ${out(line.reasons.join('; '))}`)}\n`;
    }
  }
  if (windows.length > 0) {
    yield paint.bold(`\nUnusual time windows (${windows.length}):\n`);
    for (const window of windows.slice(0, options.top)) {
      const when = window.windows > 1 ? `${new Date(window.startMs).toISOString()} – ${new Date(window.endMs).toISOString()}` : new Date(window.startMs).toISOString();
      yield `  ${paint.red(window.score.toFixed(2).padStart(7))}  ${when}  ${window.type}: ${out(window.reasons.join('; '))}\n`;
    }
  }
  if (analysis.categories.length > 0) {
    yield paint.bold(`\nCategorical anomalies (${analysis.categories.length}):\n`);
    for (const c of analysis.categories.slice(0, options.top)) yield* categoryRows(c, paint);
  }
  if (malformed.length > 0) {
    yield paint.bold(`\nMalformed lines (${summary.malformed}; first ${malformed.length}):\n`);
    for (const bad of malformed.slice(0, options.top)) {
      yield `  ${out(`${bad.file}:${bad.line}`)}  ${bad.code}  ${paint.dim(out(bad.excerpt))}\n`;
    }
  }
  if (ips.length === 0 && lines.length === 0 && windows.length === 0 && analysis.categories.length === 0) yield '\nNo findings.\n';
}

function* campaignRows(campaign: Campaign, paint: ReturnType<typeof painter>): Iterable<string> {
  const out = sanitizeTerminal;
  const span = campaign.firstMs === null || campaign.lastMs === null ? '' : `, ${new Date(campaign.firstMs).toISOString()} – ${new Date(campaign.lastMs).toISOString()}`;
  const tags = campaign.tags.length > 0 ? `, tags: ${campaign.tags.join(', ')}` : '';
  yield `  ${paint.bold(campaign.id)}  ${campaign.clients} clients, ${campaign.requests} requests${span}${tags}\n`;
  yield `      ${paint.dim(`why: ${out(campaign.reason)}`)}\n`;
  const more = campaign.ips.length > CAMPAIGN_IPS ? ` … and ${campaign.ips.length - CAMPAIGN_IPS} more` : '';
  yield `      clients: ${out(campaign.ips.slice(0, CAMPAIGN_IPS).join(', '))}${more}\n`;
  for (const text of campaign.sample) yield `      ${out(text)}\n`;
}

function* auditRows(group: WafAuditGroup, paint: ReturnType<typeof painter>): Iterable<string> {
  const out = sanitizeTerminal;
  yield `    ${String(group.requests).padStart(5)} req  ${String(group.clients).padStart(4)} clients  ${out(group.action)} ${out(group.rule)}  ${out(group.route)}\n`;
  yield `          ${paint.dim(out(group.reason))}\n`;
  for (const s of group.sample.slice(0, 3)) yield `          ${out(`${s.file}:${s.line}`)}  ${out(s.ip)}  ${out(s.text)}\n`;
}

function* categoryRows(c: CategoryFinding, paint: ReturnType<typeof painter>): Iterable<string> {
  const out = sanitizeTerminal;
  const where = c.ip ?? (c.startMs === null ? '' : new Date(c.startMs).toISOString());
  yield `  ${paint.red(c.score.toFixed(2).padStart(7))}  ${c.type.padEnd(11)}  ${out(where)}\n`;
  for (const reason of c.reasons) yield `           ${out(reason)}\n`;
  if (c.clients.length > 0) yield `           ${paint.dim(`clients: ${out(c.clients.join(', '))}${c.first ? `; first: ${out(`${c.first.file}:${c.first.line}`)}` : ''}`)}\n`;
}

/** How many reported IPs each feature fired for, most first. */
function featureHits(ips: readonly IpFinding[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const ip of ips) for (const feature of ip.fired) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function tagSummary(ip: IpFinding): string {
  const tags = Object.entries(ip.tags);
  return tags.length === 0 ? '' : `, tags: ${tags.map(([tag, count]) => `${tag} ${count}`).join(', ')}`;
}

function painter(enabled: boolean) {
  const wrap = (code: string) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap('1'), dim: wrap('2'), red: wrap('31'), yellow: wrap('33') };
}

/** What `--embedding cascade` sent to MiniLM and why (pipeline/cascade.ts). */
function cascadeLine(c: CascadeStats): string {
  return (
    `cascade: MiniLM embedded ${c.embeddedTexts} texts (${c.calibrationTexts} to calibrate, ${c.cheapOutliers} cheap outliers, ${c.smallClusterTexts} in small clusters, ` +
    `${c.flaggedTexts} flagged, ${c.anchorTexts} anchors, ${c.auditTexts} audited, ${c.fullClusterTexts} in ${c.clustersEmbeddedInFull} clusters the audit rejected); ` +
    `${c.proxiedTexts} proxied by ${c.largeClusters} cheap clusters (eps ${c.cheapEps}); audit disagreed on ${c.auditDisagreed}`
  );
}

/**
 * Where a list's second group starts: clients with attack behaviour come first (clients/client-rank.ts
 * compareClients: hostile, hammering and form-bot clients), lines with attack evidence
 * (rank/fuse-findings.ts), each group by score, so that a reader sees why a lower score can come
 * first; -1 when there is no such boundary (one group only, or an order that is not grouped, as a
 * learned model's).
 */
function groupEnd<T>(items: readonly T[], first: (item: T) => boolean): number {
  const end = items.findIndex((item) => !first(item));
  if (end <= 0) return -1;
  return items.slice(end).some(first) ? -1 : end;
}
