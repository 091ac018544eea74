// The running totals kept for one client IP: numbers, hashes and two small top-k tables.
import type { LogRecord } from '../types.js';
import { DistinctCounter } from './distinct-counter.js';
import { FormPosts } from './form-posts.js';
import type { RequestProfile } from './request-profile.js';
import { TopK } from './top-k.js';
import { UriBurst } from './uri-burst.js';

/** Per-IP caps; see IpAccumulatorOptions for their meaning. */
export interface IpStateLimits {
  maxUrisPerIp: number;
  maxUserAgentsPerIp: number;
  topUris: number;
  topUserAgents: number;
}

/** What IpState.add() reads from a record besides its request profile. */
export type IpStateInput = Pick<LogRecord, 'method' | 'status' | 'userAgent' | 'durationMs' | 'timeMs'>;

export class IpState {
  readonly id: number;
  requests = 0;
  /** Records with a status code (errors are a share of these). */
  withStatus = 0;
  errors = 0;
  staticRequests = 0;
  emptyUserAgents = 0;
  durationSum = 0;
  durationCount = 0;
  firstMs: number | null = null;
  lastMs: number | null = null;
  cookieReuse = 1;
  readonly paths: DistinctCounter;
  readonly uris: DistinctCounter;
  readonly userAgents: DistinctCounter;
  readonly topUris: TopK;
  readonly topUserAgents: TopK;
  readonly tags = new Map<string, number>();
  /** Its largest run of requests for one URI within a minute (uri-burst.ts). */
  readonly burst = new UriBurst();
  /** Its POSTs, and those sent within a second of loading the form (form-posts.ts). */
  readonly forms = new FormPosts();

  constructor(id: number, limits: IpStateLimits) {
    this.id = id;
    this.paths = new DistinctCounter(limits.maxUrisPerIp);
    this.uris = new DistinctCounter(limits.maxUrisPerIp);
    this.userAgents = new DistinctCounter(limits.maxUserAgentsPerIp);
    // Space-Saving needs spare slots to keep the shown top entries accurate.
    this.topUris = new TopK(limits.topUris * 2);
    this.topUserAgents = new TopK(limits.topUserAgents * 2);
  }

  /**
   * Adds one record; `profile` is what the record's request alone determines (request-profile.ts).
   * Only these fields of the record are read, so that a sliding window (watch/client-window.ts) can
   * keep them instead of the whole record. Returns whether the record is an instant POST (form-posts.ts).
   */
  add(record: IpStateInput, profile: RequestProfile): boolean {
    this.requests++;
    if (record.status !== null) {
      this.withStatus++;
      if (record.status >= 400) this.errors++;
    }
    if (profile.isStatic) this.staticRequests++;
    if (record.userAgent === '') this.emptyUserAgents++;
    if (record.durationMs !== null) {
      this.durationSum += record.durationMs;
      this.durationCount++;
    }
    if (record.timeMs !== null) {
      if (this.firstMs === null || record.timeMs < this.firstMs) this.firstMs = record.timeMs;
      if (this.lastMs === null || record.timeMs > this.lastMs) this.lastMs = record.timeMs;
    }
    this.paths.add(profile.pathHash);
    this.uris.add(profile.uriHash);
    this.userAgents.add(profile.userAgentHash);
    this.topUris.add(profile.shownUri);
    this.burst.add(profile.shownUri, record.timeMs);
    const instantPost = this.forms.add(record.method, profile.pathHash, profile.shownUri, record.timeMs);
    this.topUserAgents.add(profile.shownUserAgent);
    for (const tag of profile.tags) this.tags.set(tag, (this.tags.get(tag) ?? 0) + 1);
    return instantPost;
  }
}
