// Streams LogRecords into per-IP state (one pass, bounded memory) and snapshots feature rows.
import type { LogRecord } from '../types.js';
import { attackTags } from './attack-tags.js';
import { CookieRegistry, type CookieRegistryState } from './cookie-registry.js';
import { hash52 } from './hash.js';
import { toFeatureRow, type IpFeatureRow, type LoggedFields } from './ip-feature-row.js';
import { IpState, type IpStateState } from './ip-state.js';
import { requestProfile, type RequestProfile } from './request-profile.js';

export interface IpAccumulatorOptions {
  /** Distinct paths and distinct URIs counted exactly per IP; beyond it they are estimated. */
  maxUrisPerIp?: number;
  /** Distinct user agents counted exactly per IP; beyond it they are estimated. */
  maxUserAgentsPerIp?: number;
  /** URIs and user agents reported per IP. */
  topUris?: number;
  topUserAgents?: number;
  /** Distinct cookies tracked for reuse across IPs. */
  maxCookies?: number;
  /** IPs remembered per cookie; max_cookie_reuse saturates here. */
  maxIpsPerCookie?: number;
  /** Tag each line with attackTags() when add() gets no profile; on by default. */
  tagLines?: boolean;
  /**
   * Keep what merge() needs to join accumulators of consecutive parts of a log (a distributed scan's
   * map jobs): each client's requests that the part before may change the meaning of (uri-burst.ts,
   * form-posts.ts). Off by default: a single pass needs none of it.
   */
  mergeable?: boolean;
}

/**
 * A mergeable IpAccumulator as data (JSON-safe): what a distributed scan's map job ships for the
 * reduce to merge (docs/scale-out.md). Clients in id order.
 */
export interface IpAccumulatorState {
  options: Required<IpAccumulatorOptions>;
  records: number;
  fields: LoggedFields;
  clients: Array<{ ip: string; state: IpStateState }>;
  cookies: CookieRegistryState;
}

/** Distinct user agents counted exactly per client by default (clients/client-rank.ts says "about" above it). */
export const DEFAULT_MAX_USER_AGENTS_PER_IP = 16;

const DEFAULTS = Object.freeze({
  maxUrisPerIp: 128,
  maxUserAgentsPerIp: DEFAULT_MAX_USER_AGENTS_PER_IP,
  topUris: 10,
  topUserAgents: 5,
  maxCookies: 200_000,
  maxIpsPerCookie: 256,
  tagLines: true,
  mergeable: false,
});

const DEFAULT_FIELDS: Readonly<LoggedFields> = Object.freeze({ status: false, times: false, durations: false, cookies: false, userAgents: false });

export class IpAccumulator {
  readonly #options: Required<IpAccumulatorOptions>;
  readonly #ips = new Map<string, IpState>();
  readonly #ipList: string[] = [];
  #cookies: CookieRegistry;
  readonly #fields: LoggedFields = { ...DEFAULT_FIELDS };
  #records = 0;
  /** Whether the record add() took last was a POST sent within a second of its form (form-posts.ts). */
  lastInstantPost = false;

  constructor(options: IpAccumulatorOptions = {}) {
    this.#options = { ...DEFAULTS, ...stripUndefined(options) };
    this.#cookies = new CookieRegistry(this.#options.maxCookies, this.#options.maxIpsPerCookie);
  }

  /**
   * Adds one record and returns its client's id (dense, in first-seen order; see `ips`). Pass the
   * request's profile when the caller keeps one per distinct request; otherwise it is computed here.
   */
  add(record: LogRecord, profile?: RequestProfile): number {
    this.#records++;
    const state = this.#stateOf(record.clientIp);
    this.lastInstantPost = state.add(record, profile ?? requestProfile(record, this.#options.tagLines ? attackTags(record) : []));
    const fields = this.#fields;
    if (record.status !== null) fields.status = true;
    if (record.timeMs !== null) fields.times = true;
    if (record.durationMs !== null) fields.durations = true;
    if (record.userAgent !== '') fields.userAgents = true;
    if (record.cookie !== '' && record.cookie !== '-') {
      fields.cookies = true;
      state.cookieReuse = Math.max(state.cookieReuse, this.#cookies.add(hash52(record.cookie), state.id));
    }
    return state.id;
  }

  /**
   * Joins `next`, an accumulator over the part of the log right after this one's (both mergeable, with
   * the same options): the result is what one pass over both parts gives, clients in first-seen order
   * (next's new clients get the next ids), with the precision of IpState.merge and CookieRegistry.merge.
   * Merge parts in log order. `lastInstantPost` is left as it was: it describes a record, not a part.
   */
  merge(next: IpAccumulator): void {
    if (!this.#options.mergeable || !next.#options.mergeable) throw new TypeError('only mergeable accumulators merge (new IpAccumulator({ mergeable: true }))');
    const mine = JSON.stringify(this.#options);
    if (JSON.stringify(next.#options) !== mine) throw new RangeError(`cannot merge accumulators with different options: ${mine} and ${JSON.stringify(next.#options)}`);
    const idOf = new Uint32Array(next.#ipList.length);
    for (const [ip, nextState] of next.#ips) {
      const state = this.#stateOf(ip);
      state.merge(nextState);
      idOf[nextState.id] = state.id;
    }
    this.#cookies.merge(next.#cookies, idOf);
    for (const field of Object.keys(this.#fields) as Array<keyof LoggedFields>) this.#fields[field] ||= next.#fields[field];
    this.#records += next.#records;
  }

  /** What a mergeable accumulator holds, for another process to restore and merge (fromState). */
  state(): IpAccumulatorState {
    if (!this.#options.mergeable) throw new TypeError('only a mergeable accumulator has a state to ship (new IpAccumulator({ mergeable: true }))');
    return {
      options: { ...this.#options },
      records: this.#records,
      fields: { ...this.#fields },
      clients: [...this.#ips].map(([ip, state]) => ({ ip, state: state.state() })),
      cookies: this.#cookies.state(),
    };
  }

  /** The accumulator state() described; throws RangeError on a state no accumulator can be in. */
  static fromState(state: IpAccumulatorState): IpAccumulator {
    const { options, records, fields, clients } = state;
    const numbers = ['maxUrisPerIp', 'maxUserAgentsPerIp', 'topUris', 'topUserAgents', 'maxCookies', 'maxIpsPerCookie'] as const;
    const valid =
      typeof options === 'object' && options !== null && numbers.every((key) => Number.isInteger(options[key]) && options[key] >= 1) &&
      options.mergeable === true && typeof options.tagLines === 'boolean' && Object.keys(options).length === Object.keys(DEFAULTS).length &&
      Number.isInteger(records) && records >= 0 && typeof fields === 'object' && fields !== null &&
      Object.keys(DEFAULT_FIELDS).every((key) => typeof fields[key as keyof LoggedFields] === 'boolean') &&
      Array.isArray(clients) && clients.every((client) => typeof client?.ip === 'string') && new Set(clients.map((client) => client.ip)).size === clients.length;
    if (!valid) throw new RangeError('not an IP accumulator state: options, counts or client list out of range');
    const accumulator = new IpAccumulator(options);
    for (const [id, { ip, state: client }] of clients.entries()) {
      accumulator.#ips.set(ip, IpState.fromState(id, client, accumulator.#options));
      accumulator.#ipList.push(ip);
    }
    if (clients.reduce((sum, client) => sum + client.state.requests, 0) !== records) throw new RangeError(`not an IP accumulator state: its clients sent other than its ${records} records`);
    if (state.cookies?.maxCookies !== options.maxCookies || state.cookies.maxIpsPerCookie !== Math.max(2, options.maxIpsPerCookie)) {
      throw new RangeError('not an IP accumulator state: its cookie registry has other caps than its options');
    }
    accumulator.#cookies = CookieRegistry.fromState(state.cookies, clients.length);
    for (const key of Object.keys(DEFAULT_FIELDS) as Array<keyof LoggedFields>) accumulator.#fields[key] = fields[key];
    accumulator.#records = records;
    return accumulator;
  }

  /** The state of client `ip`, new (with the next id) on its first request. */
  #stateOf(ip: string): IpState {
    let state = this.#ips.get(ip);
    if (state === undefined) {
      state = new IpState(this.#ips.size, this.#options);
      this.#ips.set(ip, state);
      this.#ipList.push(ip);
    }
    return state;
  }

  /**
   * The state of client `ipId`, undefined for an id add() never gave. (A lookup by `ipList[ipId] ?? ''`
   * would answer for the client whose address is empty, which a log without %h has.)
   */
  #at(ipId: number): IpState | undefined {
    const ip = this.#ipList[ipId];
    return ip === undefined ? undefined : this.#ips.get(ip);
  }

  /** Client IPs by the id add() returned. */
  get ips(): readonly string[] {
    return this.#ipList;
  }

  /** The id add() returned for client `ip`, or undefined when it sent nothing. */
  idOf(ip: string): number | undefined {
    return this.#ips.get(ip)?.id;
  }

  /** Client `ipId`'s POSTs and instant POSTs (form-posts.ts). */
  formPosts(ipId: number): { posts: number; instant: number } {
    const forms = this.#at(ipId)?.forms;
    return { posts: forms?.posts ?? 0, instant: forms?.instant ?? 0 };
  }

  /** Client `ipId`'s instant POSTs as judged again in time order (posts-in-time-order.ts). */
  rejudgeFormPosts(ipId: number, instant: number, firstInstantUri: string): void {
    const forms = this.#at(ipId)?.forms;
    if (forms === undefined) throw new RangeError(`no client ${ipId}`);
    forms.rejudge(instant, firstInstantUri);
  }

  /** The requests client `ipId` sent (0 for an unknown id). */
  requestsOf(ipId: number): number {
    return this.#at(ipId)?.requests ?? 0;
  }

  /** The user agent client `ipId` sent most often ('' when none). */
  topUserAgent(ipId: number): string {
    return this.#at(ipId)?.topUserAgents.top(1)[0]?.[0] ?? '';
  }

  get ipCount(): number {
    return this.#ips.size;
  }

  get recordCount(): number {
    return this.#records;
  }

  /** Cookies not tracked because `maxCookies` was reached. */
  get droppedCookies(): number {
    return this.#cookies.droppedCookies;
  }

  /** Which inputs the records carried; features of missing inputs are absent from the rows. */
  get loggedFields(): Readonly<LoggedFields> {
    return { ...this.#fields };
  }

  /** One row per IP in first-seen order. Can be called repeatedly; later adds are reflected. */
  snapshot(): IpFeatureRow[] {
    const states = [...this.#ips.values()];
    // An IP's own adds only saw the cookie's IP count at that moment; IPs that joined later
    // raise it for everyone who shared the cookie.
    const reuse = states.map((s) => s.cookieReuse);
    this.#cookies.forEachShared((ipIds) => {
      for (const id of ipIds) reuse[id] = Math.max(reuse[id] ?? 1, ipIds.size);
    });
    const rows: IpFeatureRow[] = [];
    for (const [ip, state] of this.#ips) {
      const row = toFeatureRow(ip, state, this.#fields, this.#options.topUris, this.#options.topUserAgents);
      if (row.features.max_cookie_reuse !== undefined) row.features.max_cookie_reuse = reuse[state.id] ?? 1;
      rows.push(row);
    }
    return rows;
  }
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
