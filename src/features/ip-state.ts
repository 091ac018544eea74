// The running totals kept for one client IP: numbers, hashes and two small top-k tables.
import type { LogRecord } from '../types.js';
import { DistinctCounter, type DistinctCounterState } from './distinct-counter.js';
import { FormPosts, type FormPostsState } from './form-posts.js';
import type { RequestProfile } from './request-profile.js';
import { TopK, type TopKState } from './top-k.js';
import { UriBurst, type UriBurstState } from './uri-burst.js';

/** Per-IP caps; see IpAccumulatorOptions for their meaning. */
export interface IpStateLimits {
  maxUrisPerIp: number;
  maxUserAgentsPerIp: number;
  topUris: number;
  topUserAgents: number;
  /** Keep what merge() needs to join a part of the log to the part before it (default false). */
  mergeable?: boolean;
}

/** What IpState.add() reads from a record besides its request profile. */
export type IpStateInput = Pick<LogRecord, 'method' | 'status' | 'userAgent' | 'durationMs' | 'timeMs'>;

/** A mergeable IpState as data (JSON-safe), without its id (the order of a list of them gives it). */
export interface IpStateState {
  requests: number;
  withStatus: number;
  errors: number;
  staticRequests: number;
  emptyUserAgents: number;
  durationSum: number;
  durationCount: number;
  firstMs: number | null;
  lastMs: number | null;
  cookieReuse: number;
  paths: DistinctCounterState;
  uris: DistinctCounterState;
  userAgents: DistinctCounterState;
  topUris: TopKState;
  topUserAgents: TopKState;
  tags: Array<[tag: string, lines: number]>;
  burst: UriBurstState;
  forms: FormPostsState;
}

const NO_TAGS: ReadonlyMap<string, number> = new Map();

/** The plain counts of an IpState (restored as they are; the rest merges into a fresh state). */
const COUNTS = ['requests', 'withStatus', 'errors', 'staticRequests', 'emptyUserAgents', 'durationCount', 'cookieReuse'] as const;
/** What two parts' states add up (the cookie reuse takes the larger, the times widen). */
const SUMS = ['requests', 'withStatus', 'errors', 'staticRequests', 'emptyUserAgents', 'durationSum', 'durationCount'] as const;

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
  /**
   * Attack tags of its lines with their counts; made on the first tag: most clients have none, and a
   * Map per client that outlives every scavenge was most of the cost of a new client.
   */
  #tags: Map<string, number> | undefined;
  /** Its largest run of requests for one URI within a minute (uri-burst.ts). */
  readonly burst: UriBurst;
  /** Its POSTs, and those sent within a second of loading the form (form-posts.ts). */
  readonly forms: FormPosts;

  constructor(id: number, limits: IpStateLimits) {
    this.id = id;
    this.paths = new DistinctCounter(limits.maxUrisPerIp);
    this.uris = new DistinctCounter(limits.maxUrisPerIp);
    this.userAgents = new DistinctCounter(limits.maxUserAgentsPerIp);
    // Space-Saving needs spare slots to keep the shown top entries accurate.
    this.topUris = new TopK(limits.topUris * 2);
    this.topUserAgents = new TopK(limits.topUserAgents * 2);
    this.burst = new UriBurst(limits.mergeable ?? false);
    this.forms = new FormPosts(limits.mergeable ?? false);
  }

  /**
   * Joins `next`, the same client's state over the part of the log right after this one (both made
   * with the same limits, mergeable): counts and sums add up, first and last times widen, the distinct
   * counts merge exactly, the burst and form posts exactly (uri-burst.ts, form-posts.ts), the top URIs
   * and user agents as Space-Saving summaries merge (top-k.ts: exact while they fit, else bounded).
   * Merge parts in log order. The id stays this state's.
   */
  merge(next: IpState): void {
    for (const key of SUMS) this[key] += next[key];
    if (next.firstMs !== null && (this.firstMs === null || next.firstMs < this.firstMs)) this.firstMs = next.firstMs;
    if (next.lastMs !== null && (this.lastMs === null || next.lastMs > this.lastMs)) this.lastMs = next.lastMs;
    this.cookieReuse = Math.max(this.cookieReuse, next.cookieReuse);
    this.paths.merge(next.paths);
    this.uris.merge(next.uris);
    this.userAgents.merge(next.userAgents);
    this.topUris.merge(next.topUris);
    this.topUserAgents.merge(next.topUserAgents);
    for (const [tag, count] of next.tags) this.#countTag(tag, count);
    this.burst.merge(next.burst);
    this.forms.merge(next.forms);
  }

  /** Attack tags of its lines with how many lines carried each, in first-seen order. */
  get tags(): ReadonlyMap<string, number> {
    return this.#tags ?? NO_TAGS;
  }

  #countTag(tag: string, lines: number): void {
    const tags = (this.#tags ??= new Map());
    tags.set(tag, (tags.get(tag) ?? 0) + lines);
  }

  /** What a mergeable state holds, for another process to restore and merge (fromState). */
  state(): IpStateState {
    return {
      requests: this.requests, withStatus: this.withStatus, errors: this.errors, staticRequests: this.staticRequests,
      emptyUserAgents: this.emptyUserAgents, durationSum: this.durationSum, durationCount: this.durationCount,
      firstMs: this.firstMs, lastMs: this.lastMs, cookieReuse: this.cookieReuse,
      paths: this.paths.state(), uris: this.uris.state(), userAgents: this.userAgents.state(),
      topUris: this.topUris.state(), topUserAgents: this.topUserAgents.state(),
      tags: [...this.tags], burst: this.burst.state(), forms: this.forms.state(),
    };
  }

  /**
   * The mergeable state state() described, as client `id` with these limits (mergeable); throws
   * RangeError on a state no client can be in or one kept with other limits. The sketches and runs
   * are restored, then merged into the fresh state's empty ones, which gives them exactly.
   */
  static fromState(id: number, state: IpStateState, limits: IpStateLimits): IpState {
    const times = [state.firstMs, state.lastMs];
    const valid =
      COUNTS.every((key) => Number.isInteger(state[key]) && state[key] >= 0) && state.requests >= 1 && state.cookieReuse >= 1 &&
      state.errors <= state.withStatus && state.withStatus <= state.requests && state.staticRequests <= state.requests &&
      state.emptyUserAgents <= state.requests && state.durationCount <= state.requests && Number.isFinite(state.durationSum) &&
      times.every((ms) => ms === null || Number.isFinite(ms)) && (state.firstMs === null) === (state.lastMs === null) &&
      (state.firstMs === null || state.firstMs <= state.lastMs!) &&
      Array.isArray(state.tags) && state.tags.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && Number.isInteger(entry[1]) && entry[1] > 0);
    if (!valid) throw new RangeError(`not a client state: counts or times out of range (client ${id})`);
    const restored = new IpState(id, { ...limits, mergeable: true });
    for (const key of COUNTS) restored[key] = state[key];
    restored.durationSum = state.durationSum;
    restored.firstMs = state.firstMs;
    restored.lastMs = state.lastMs;
    restored.paths.merge(DistinctCounter.fromState(state.paths));
    restored.uris.merge(DistinctCounter.fromState(state.uris));
    restored.userAgents.merge(DistinctCounter.fromState(state.userAgents));
    restored.topUris.merge(TopK.fromState(state.topUris));
    restored.topUserAgents.merge(TopK.fromState(state.topUserAgents));
    for (const [tag, lines] of state.tags) restored.#countTag(tag, lines);
    restored.burst.merge(UriBurst.fromState(state.burst));
    restored.forms.merge(FormPosts.fromState(state.forms));
    return restored;
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
    // Most requests carry no tag: no iterator for them.
    if (profile.tags.length > 0) for (const tag of profile.tags) this.#countTag(tag, 1);
    return instantPost;
  }
}
