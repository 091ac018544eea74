// The WAF's decisions against semlog's, for AWS WAF logs: requests the WAF let through that semlog
// reports (possible gaps in its rules), and requests it blocked that look like the traffic it lets
// through every day (possible false positives). Grouped by terminating rule, action and route.
// Computed from what detection produced; it changes no finding.

import { routeOf } from '../sitemap/route-of.js';
import type { WafAudit, WafAuditGroup } from '../types.js';

/** Per record: the facts the audit reads (pipeline/occurrences.ts). */
export interface AuditRows {
  readonly size: number;
  textId(i: number): number;
  fileId(i: number): number;
  line(i: number): number;
  ipId(i: number): number;
  /** Id into `verdicts`, -1 when the record carries no WAF action. */
  wafVerdict(i: number): number;
}

export interface AuditInput {
  rows: AuditRows;
  /** `action` + tab + terminating rule, by verdict id. */
  verdicts: readonly string[];
  /** Records that are line findings. */
  findingRows: readonly number[];
  texts: readonly string[];
  files: readonly string[];
  ips: readonly string[];
  /** Cluster of each text after unsupported clusters are dissolved; -1 for none. */
  clusters: Int32Array;
  /** 1 where a text is a semantic outlier. */
  flagged: Uint8Array;
  /** 1 where a client is hostile: its allowed requests vouch for nothing. */
  hostile: Uint8Array;
  /** Allowed requests from ordinary clients a cluster needs to count as normal traffic (DBSCAN's min_samples). */
  minAllowed: number;
}

/** Actions that let the request through: COUNT only records a match. */
const PASSING = new Set(['ALLOW', 'COUNT']);
const SAMPLE = 5;

export function wafAudit(input: AuditInput): WafAudit {
  const { rows } = input;
  const verdicts = input.verdicts.map((verdict) => {
    const tab = verdict.indexOf('\t');
    return { action: verdict.slice(0, tab), rule: verdict.slice(tab + 1) };
  });
  let records = 0;
  for (let i = 0; i < rows.size; i++) if (rows.wafVerdict(i) >= 0) records++;
  if (records === 0) return { records, allowed: [], blocked: [] };

  const allowed = new Groups(input);
  for (const i of input.findingRows) {
    const verdict = verdicts[rows.wafVerdict(i)];
    if (verdict && PASSING.has(verdict.action)) allowed.add(i, verdict);
  }

  // Normal traffic: clusters whose requests from ordinary clients the WAF lets through.
  const passed = new Map<number, { requests: number; clients: Set<number> }>();
  const stopped = new Map<number, number>();
  for (let i = 0; i < rows.size; i++) {
    const verdict = verdicts[rows.wafVerdict(i)];
    const cluster = input.clusters[rows.textId(i)]!;
    if (verdict === undefined || cluster < 0) continue;
    if (!PASSING.has(verdict.action)) stopped.set(cluster, (stopped.get(cluster) ?? 0) + 1);
    else if (input.hostile[rows.ipId(i)] !== 1) {
      const entry = passed.get(cluster) ?? { requests: 0, clients: new Set<number>() };
      entry.requests++;
      entry.clients.add(rows.ipId(i));
      passed.set(cluster, entry);
    }
  }
  const blocked = new Groups(input);
  for (let i = 0; i < rows.size; i++) {
    const verdict = verdicts[rows.wafVerdict(i)];
    const textId = rows.textId(i);
    const cluster = input.clusters[textId]!;
    if (verdict === undefined || PASSING.has(verdict.action) || cluster < 0 || input.flagged[textId] === 1) continue;
    const normal = passed.get(cluster);
    if (normal === undefined || normal.requests < input.minAllowed || normal.requests < stopped.get(cluster)!) continue;
    blocked.add(i, verdict, normal);
  }
  return {
    records,
    allowed: allowed.groups((g) => `${g.requests} request(s) the WAF let through (${g.action}, ${g.rule}) are semlog findings: possible gap in its rules`),
    blocked: blocked.groups(
      (g, normal) =>
        `the WAF's ${g.rule} stopped ${g.requests} request(s) (${g.action}) that sit in a dense cluster of ${normal!.requests} requests it let through ` +
        `from ${normal!.clients.size} ordinary client(s): possible false positive`,
    ),
  };
}

type Verdict = { action: string; rule: string };
type Normal = { requests: number; clients: Set<number> };

/** Records grouped by rule, action and route, with their clients and a sample. */
class Groups {
  readonly #input: AuditInput;
  readonly #groups = new Map<string, { group: Omit<WafAuditGroup, 'reason' | 'clients'>; clients: Set<number>; normal: Normal | undefined }>();

  constructor(input: AuditInput) {
    this.#input = input;
  }

  add(i: number, verdict: Verdict, normal?: Normal): void {
    const { rows, texts } = this.#input;
    const text = texts[rows.textId(i)]!;
    const route = routeOf(text);
    const key = `${verdict.rule}\t${verdict.action}\t${route}`;
    let entry = this.#groups.get(key);
    if (entry === undefined) {
      entry = { group: { rule: verdict.rule, action: verdict.action, route, requests: 0, sample: [] }, clients: new Set(), normal };
      this.#groups.set(key, entry);
    }
    entry.group.requests++;
    entry.clients.add(rows.ipId(i));
    // Of normal traffic, the biggest cluster explains best.
    if (normal !== undefined && entry.normal !== undefined && normal.requests > entry.normal.requests) entry.normal = normal;
    if (entry.group.sample.length < SAMPLE) {
      entry.group.sample.push({ file: this.#input.files[rows.fileId(i)]!, line: rows.line(i), ip: this.#input.ips[rows.ipId(i)]!, text });
    }
  }

  /** Most requests first. */
  groups(reason: (group: Omit<WafAuditGroup, 'reason'>, normal: Normal | undefined) => string): WafAuditGroup[] {
    return [...this.#groups.values()]
      .map(({ group, clients, normal }) => {
        const full = { ...group, clients: clients.size };
        return { ...full, reason: reason(full, normal) };
      })
      .sort((a, b) => b.requests - a.requests || (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
  }
}
