// Types shared between pipeline stages. Stages import this file and errors.ts, never each other.

/**
 * One request from any supported log format. Every parser maps its source onto this shape so that
 * the detectors never care where a record came from. Fields a format does not log are `null`
 * (numbers) or `''` (strings).
 */
export interface LogRecord {
  /** The input as the user named it, or the file's path inside a named folder; `-` for stdin. */
  file: string;
  /** 1-based physical line number in `file`. */
  line: number;
  /** Request time in epoch milliseconds, UTC; `null` when the format has no time. */
  timeMs: number | null;
  clientIp: string;
  method: string;
  /** Path without the query string, as logged (not decoded). */
  path: string;
  /** Query string without the leading `?`, as logged (not decoded); `''` when absent. */
  query: string;
  protocol: string;
  status: number | null;
  /** Response bytes sent to the client. */
  bytes: number | null;
  /** Time taken to serve the request, in milliseconds. */
  durationMs: number | null;
  userAgent: string;
  referer: string;
  cookie: string;
  host: string;
  /** Authenticated user (`%u`), `''` when absent or `-`. */
  user: string;
  /** Source-specific fields with no common meaning (WAF action and rule, edge location, …). */
  extras: Record<string, string> | null;
}

/** A line that could not be parsed: data to count and report, never an exception. */
export interface MalformedLine {
  file: string;
  line: number;
  /** Stable machine-readable reason, e.g. `SEMLOG_BAD_STATUS`. */
  code: string;
  /** The start of the offending line, sanitized for display by the reporters. */
  excerpt: string;
}

/** Progress reported by long-running stages; the CLI decides whether and how to show it. */
export interface ProgressEvent {
  stage: 'parse' | 'embed' | 'index' | 'cluster' | 'features' | 'report';
  done: number;
  /** Total units when known in advance. */
  total?: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** What a run read and how long it took; the `summary` object of the JSON output. */
export interface ScanSummary {
  /** Parsed log records. */
  records: number;
  /** Lines that could not be parsed (blank and `#` header lines are neither records nor malformed). */
  malformed: number;
  /** Input files (and S3 objects) found, skipped ones included (`inputs` says which). */
  files: number;
  /** The detected (or forced) format; `mixed` when files differ. */
  format: string;
  /** Distinct request texts, each embedded once. */
  uniqueTexts: number;
  /** Texts whose embeddings came from the cache instead of the model. */
  cachedTexts: number;
  /** Distinct texts the semantic detector found outside every cluster. */
  outlierTexts: number;
  /** Distinct client IPs analysed. */
  clientIps: number;
  /**
   * Records left out (`excluded`), trusted (`allowlisted`), per rule; with trusted proxies, the
   * records whose client was read from X-Forwarded-For, per proxy rule (`forwarded`).
   */
  scope: { excluded: Record<string, number>; allowlisted: Record<string, number>; forwarded?: Record<string, number> };
  /** Files that were damaged (truncated .gz, read error mid-file); their earlier records are kept. */
  damagedFiles: number;
  /** Problems that did not stop the run (e.g. the embedding cache could not be written). */
  warnings: string[];
  elapsedMs: number;
  /**
   * Wall time per stage: `read` (parsing, with embedding running alongside), `embed` (waiting for the
   * embeddings still in flight after the last record), `index`, `cluster`, `score`.
   */
  stageMs: Record<string, number>;
  /** Per input file: format, records, malformed lines, damage. */
  inputs: InputSummary[];
  /** How many texts each stage of `--embedding cascade` handled; absent in full mode. */
  cascade?: CascadeStats;
}

/** The stages of `--embedding cascade` (pipeline/cascade.ts), in distinct texts. */
export interface CascadeStats {
  /** The eps of the cheap clustering, calibrated on this scan against MiniLM (pipeline/cascade.ts). */
  cheapEps: number;
  /** Texts MiniLM embedded to calibrate the cheap eps (a sample and their nearest cheap neighbours). */
  calibrationTexts: number;
  cheapClusters: number;
  /** Cheap clusters large enough to be represented by anchors. */
  largeClusters: number;
  cheapOutliers: number;
  smallClusterTexts: number;
  /** Texts another signal flags (attack tags, rare characters). */
  flaggedTexts: number;
  anchorTexts: number;
  auditTexts: number;
  /** Audit samples farther than eps from every anchor of their cheap cluster (in MiniLM's space). */
  auditDisagreed: number;
  clustersEmbeddedInFull: number;
  fullClusterTexts: number;
  /** Texts MiniLM embedded in this run (the cache served `cachedTexts` more). */
  embeddedTexts: number;
  /** Texts that took the MiniLM vector of an anchor of their cheap cluster. */
  proxiedTexts: number;
  /** Static vectors, cheap index and clustering. */
  cheapMs: number;
}

export interface InputSummary {
  file: string;
  format: string;
  records: number;
  malformed: number;
  damaged?: { code: string; message: string };
  /** Why the file was not read (format `skipped`): found in a folder or by a glob, it is not a log semlog recognises (or not in the format given). */
  skipped?: string;
}

/** A flagged log line with the reasons it was flagged. */
export interface LineFinding {
  file: string;
  /** Where the anomaly is: `request` (method, path, query), `userAgent`, `referer`. */
  fields: string[];
  line: number;
  ip: string;
  /** Higher is more anomalous: the semantic outlier score plus a share of its client's score. */
  score: number;
  reasons: string[];
  /** The request text that was analysed (method, path, query; volatile tokens masked). */
  text: string;
  /** Well-known attack classes seen in the line; they explain, they do not decide. */
  tags: string[];
  /** How often this text occurs in the input. */
  count: number;
  /**
   * Whether the line carries attack evidence: an attack signature in its request or headers, a
   * hostile client's request, or a form bot's instant POST. Such lines come first in a scan's
   * `lines`, each group by score; the others are odd requests of ordinary clients.
   */
  attack: boolean;
  /** Distance to the nearest normal (clustered) text, in units of eps; > 1 is outside every cluster. */
  outlierScore: number;
  /** What normal looked like nearby: the closest clustered texts with their distances. */
  nearestNormal: Array<{ text: string; distance: number }>;
  /** The id of the campaign its client belongs to (see Campaign); absent when none. */
  campaign?: string;
}

/** The structured detector's verdict on one client, as the fusion stage consumes it. */
export interface IpVerdict {
  ip: string;
  /** Weighted sum of capped z-scores (see docs/structured-detector.md). */
  score: number;
  /** True when at least one feature fired. */
  flagged: boolean;
  features: Record<string, number>;
  /** z-score per scored feature (0 when not scored for this IP); low_uri_variety is 0 or 1. */
  z: Record<string, number>;
  /** Features that fired. */
  fired: string[];
  reasons: string[];
  /** Attack tags of the client's lines, with counts. */
  tags: Record<string, number>;
  topUris: Array<[string, number]>;
  topUserAgents: Array<[string, number]>;
  requestCount: number;
  /** Its largest run of requests for one URI within a minute, as [URI, requests] (features/uri-burst.ts); absent without times. */
  busiestMinute?: [string, number];
  /** Its POSTs, those sent within a second of the GET of their page, and the first such URI (features/form-posts.ts); absent without POSTs. */
  formPosts?: FormPostCounts;
}

/** A client's POSTs, those sent within a second of the GET of their own page, and the first such URI. */
export interface FormPostCounts {
  posts: number;
  instant: number;
  uri: string;
}

/** A flagged client IP with its features, their z-scores and the reasons. */
export interface IpFinding extends Pick<IpVerdict, 'ip' | 'features' | 'z' | 'fired' | 'reasons' | 'tags' | 'topUris' | 'topUserAgents'> {
  /** How bad the client's behaviour is (clients/client-rank.ts). */
  score: number;
  /** What the client is: `hostile`, `hammering`, `form-bot`, `agent-rotation`, `crawler`, `monitor`, `fake-crawler`, `fake-monitor`. */
  labels: string[];
  requests: number;
  /** Lines of this client that are findings. */
  flaggedLines: number;
  /** The id of the campaign it belongs to (see Campaign); absent when none. */
  campaign?: string;
}

/**
 * Clients whose findings share an attack template: the same semantic template, the same payload
 * family, the same probe list, or the same requests sent over and over (see docs/detection.md). One
 * campaign instead of many clients.
 */
export interface Campaign {
  /** `c1`, `c2`, … in order of clients, then requests. */
  id: string;
  /** Distinct clients. */
  clients: number;
  ips: string[];
  /** Time of its first and last finding, epoch milliseconds UTC; null when the format logs no time. */
  firstMs: number | null;
  lastMs: number | null;
  /** Lines of its clients that are findings; for a client in it only by the requests it repeats, those requests. */
  requests: number;
  /** Up to 5 distinct request texts, most frequent first. */
  sample: string[];
  /** Attack tags of its findings, most frequent first. */
  tags: string[];
  /** Why its clients belong together (one line). */
  reason: string;
}

/** WAF requests of one terminating rule, action and route that the audit questions. */
export interface WafAuditGroup {
  /** The WAF's terminating rule (`Default_Action` when no rule decided). */
  rule: string;
  /** The WAF's action: `ALLOW`, `COUNT`, `BLOCK`, `CAPTCHA`, `CHALLENGE`. */
  action: string;
  /** The path with ids masked. */
  route: string;
  requests: number;
  clients: number;
  /** Up to 5 of its requests. */
  sample: Array<{ file: string; line: number; ip: string; text: string }>;
  reason: string;
}

/** What semlog says about the WAF's decisions (AWS WAF logs; empty for other formats). */
export interface WafAudit {
  /** Records that carry a WAF action. */
  records: number;
  /** Requests the WAF allowed (or only counted) that are semlog findings: possible gaps in its rules. */
  allowed: WafAuditGroup[];
  /** Requests the WAF blocked or challenged that sit in a dense cluster of traffic it allows from ordinary clients: possible false positives. */
  blocked: WafAuditGroup[];
}

/** One categorical value as a finding counts it. */
export interface CategoryValue {
  /** `method`, `status`, `country`, `wafAction`, `wafRule`, `wafSource`, `edgeResult`, `targetStatus`, `albError`, `tls`. */
  field: string;
  value: string;
  /** Records with this value (in the scan, the client or the window). */
  count: number;
  /** Records that carry the field there: `share` = count / total. */
  total: number;
  share: number;
  /** The share expected: in the baseline, among the other clients, or in the median window; null for a rare value (judged by its share alone). */
  expected: number | null;
}

/**
 * A categorical anomaly (seed 003's detectors): a value new against the baseline (`new_value`) or
 * rare in this scan (`rare_value`), a client whose mix of values is unusual (`client_mix`), or a
 * time window in which a value's share jumped (`share_shift`). See docs/output.md.
 */
export interface CategoryFinding {
  type: 'new_value' | 'rare_value' | 'client_mix' | 'share_shift';
  /** Bits of surprise: log2 of how many times more frequent than expected (rare_value: −log2 share). */
  score: number;
  /** The client of a `client_mix`; null otherwise. */
  ip: string | null;
  /** The window of a `share_shift`; first and last time a `new_value`/`rare_value` was seen; null for `client_mix` or untimed logs. */
  startMs: number | null;
  endMs: number | null;
  values: CategoryValue[];
  /** Up to 5 clients that sent the value (new_value, rare_value), most first. */
  clients: string[];
  /** The first record with the value (new_value, rare_value); null otherwise. */
  first: { file: string; line: number } | null;
  reasons: string[];
}

/** What a window finding says of its traffic (docs/output.md). */
export type WindowFindingType = 'traffic_spike' | 'error_spike' | 'latency_degradation' | 'bot_traffic';

/** A time window whose traffic stands out from the other windows (or from the baseline). */
export interface WindowFinding {
  type: WindowFindingType;
  startMs: number;
  endMs: number;
  score: number;
  /** Requests, unique clients, error rates, mean latency (null when not logged), bytes. */
  metrics: Record<string, number | null>;
  z: Record<string, number>;
  reasons: string[];
  /**
   * Windows it spans (added with detection v2): consecutive windows of one type are one finding from
   * the first's start to the last's end; `score`, `metrics`, `z` and the reasons after the first are
   * its peak window's. 1 for a lone window.
   */
  windows: number;
}

/** Traffic of one time window, for timelines (every window with traffic, in time order). */
export interface TimelinePoint {
  startMs: number;
  endMs: number;
  requests: number;
  uniqueClients: number;
  errorRate: number;
  serverErrorRate: number;
  /** null when no request of the window logged a duration. */
  meanLatencyMs: number | null;
  bytes: number;
}

/** The complete result of one analysis; the JSON output is exactly this object. */
export interface Analysis {
  summary: ScanSummary;
  lines: LineFinding[];
  ips: IpFinding[];
  /** Findings of several clients grouped by the attack template they share. */
  campaigns: Campaign[];
  /** The WAF's decisions against semlog's (added with issue 15). */
  audit: WafAudit;
  windows: WindowFinding[];
  /** Categorical anomalies: new or rare values, unusual client mixes, shifts of a value's share (added with issue 15). */
  categories: CategoryFinding[];
  /** Traffic per time window (--window-minutes), to draw the timeline the window findings sit on. */
  timeline: TimelinePoint[];
  malformed: MalformedLine[];
}
