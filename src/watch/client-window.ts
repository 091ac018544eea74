// Rolling per-client state for `semlog watch`: each client's requests of the last `windowMs` (by
// the log's own clock), from which its feature row is rebuilt with the scan's code (IpState,
// toFeatureRow), so that a client is described by the same features and reasons as in `scan`.
//
// Memory is bounded three ways, so that it stays flat over days:
//   - a request leaves its client's window `windowMs` after the log's clock (log-clock.ts: the median of
//     the last few times, which one line with a wild time does not move);
//   - a client keeps at most `maxRequestsPerClient` requests (the oldest go first; its rate stays
//     right because its span shrinks with them, its request_count saturates there);
//   - at most `maxClients` clients and `maxRequests` requests over all clients are kept; past that,
//     the clients idle longest are forgotten (LRU): under more traffic than that, the window of the
//     quiet clients is shorter than `windowMs`, never the memory larger.
// A client whose requests all left the window is forgotten too.

import { DEFAULT_MAX_USER_AGENTS_PER_IP } from '../features/ip-accumulator.js';
import { toFeatureRow, type IpFeatureRow, type LoggedFields } from '../features/ip-feature-row.js';
import { IpState, type IpStateInput } from '../features/ip-state.js';
import type { RequestProfile } from '../features/request-profile.js';
import { LogClock } from './log-clock.js';
import type { ProbeSource } from './probe-lines.js';

/**
 * One request as the window keeps it: the fields IpState reads (it is its own IpStateInput, one
 * object per request), its profile (shared by every request with the same URI and user agent), and
 * what the hostile rule counts. About 110 bytes.
 */
export interface WindowRequest extends IpStateInput {
  profile: RequestProfile;
  /** The request carries an attack payload (a tag other than the scanner user agent). */
  payload: boolean;
  scannerAgent: boolean;
  /** The request was a line finding. */
  flagged: boolean;
  /** Its route (sitemap/route-of.ts), shared with every request to it (live-site-map.ts). */
  route: string;
  /** Whether browsers send it by themselves (clients/browser-requests.ts): never a probe. */
  browserRequest: boolean;
  /** The response size of a 200 answer (0 for any other status, or when not logged): the catch-all page test (live-site-map.ts). */
  okBytes: number;
  /**
   * Kept only for a request that was no line finding and was answered with an error, or with 200 to a
   * route no other client had requested (a catch-all page's answer, live-site-map.ts), or is a POST,
   * until it is written as a hostile client's probe (probe-lines.ts) or a form bot's instant POST
   * (form-bot-lines.ts): where it is and its text, ~80 bytes more.
   */
  source?: ProbeSource;
  /** Log time in ms; the arrival order stands in when the format logs no time. */
  atMs: number;
  /** How many addresses had sent its cookie when it came (live-cookies.ts); absent when it carried none or is not counted. */
  cookieReuse?: number;
}

export interface ClientWindowOptions {
  windowMs: number;
  maxClients: number;
  maxRequestsPerClient: number;
  /** Requests kept over all clients; past it the clients idle longest are forgotten. */
  maxRequests: number;
}

/** The state limits of the structured detector's rows, as in scan (features/ip-accumulator.ts). */
const ROW_LIMITS = Object.freeze({ maxUrisPerIp: 128, maxUserAgentsPerIp: DEFAULT_MAX_USER_AGENTS_PER_IP, topUris: 10, topUserAgents: 5 });

export class ClientTrail {
  readonly requests: WindowRequest[] = [];
  /** Index of the oldest request still in the window (a queue without shifting the array). */
  head = 0;
  /** The labels and fired features already emitted for this client (judge-clients.ts). */
  readonly emitted = new Set<string>();

  get size(): number {
    return this.requests.length - this.head;
  }

  get lastMs(): number {
    return this.requests[this.requests.length - 1]?.atMs ?? Number.NEGATIVE_INFINITY;
  }

  push(request: WindowRequest, max: number): void {
    this.requests.push(request);
    if (this.size > max) this.head++;
    this.#compact();
  }

  /** Drops the requests older than `cutoffMs`; returns how many. */
  expire(cutoffMs: number): number {
    const before = this.head;
    while (this.head < this.requests.length && this.requests[this.head]!.atMs < cutoffMs) this.head++;
    this.#compact();
    return this.head - before;
  }

  *live(): Iterable<WindowRequest> {
    for (let i = this.head; i < this.requests.length; i++) yield this.requests[i]!;
  }

  #compact(): void {
    // Copy the live part down once the dead prefix is half the array: amortised O(1) per request.
    if (this.head > 32 && this.head * 2 >= this.requests.length) {
      this.requests.splice(0, this.head);
      this.head = 0;
    }
  }
}

export class ClientWindow {
  readonly #options: ClientWindowOptions;
  /** In order of last activity, idle longest first (a Map keeps insertion order; a touch re-inserts). */
  readonly #clients = new Map<string, ClientTrail>();
  readonly #fields: LoggedFields = { status: false, times: false, durations: false, cookies: false, userAgents: false };
  #requests = 0;
  /** Where "now" is on the log's clock (log-clock.ts): the window ends there. */
  readonly #clock = new LogClock();
  #evicted = 0;

  constructor(options: ClientWindowOptions) {
    this.#options = options;
  }

  /** Adds one request of `ip` and returns its trail; forgets what the window and the caps no longer hold. */
  add(ip: string, request: WindowRequest): ClientTrail {
    let trail = this.#clients.get(ip);
    if (trail === undefined) trail = new ClientTrail();
    else this.#clients.delete(ip);
    this.#clients.set(ip, trail);
    const before = trail.size;
    trail.push(request, this.#options.maxRequestsPerClient);
    this.#requests += trail.size - before;
    this.#noteFields(request);
    this.#clock.note(request.atMs);
    // The clock read once: it is the median of its last times, sorted on each read.
    const nowMs = this.#clock.nowMs;
    this.#requests -= trail.expire(nowMs - this.#options.windowMs);
    this.#forgetIdle(nowMs);
    return trail;
  }

  get(ip: string): ClientTrail | undefined {
    return this.#clients.get(ip);
  }

  /** The client's feature row over its window, built as scan builds it. */
  row(ip: string): IpFeatureRow | undefined {
    const trail = this.#clients.get(ip);
    if (trail === undefined || trail.size === 0) return undefined;
    const state = new IpState(0, ROW_LIMITS);
    for (const request of trail.live()) {
      state.add(request, request.profile);
      // As scan's accumulator: the most addresses any of its cookies had been sent from (features/ip-accumulator.ts).
      if (request.cookieReuse !== undefined && request.cookieReuse > state.cookieReuse) state.cookieReuse = request.cookieReuse;
    }
    return toFeatureRow(ip, state, this.#fields, ROW_LIMITS.topUris, ROW_LIMITS.topUserAgents);
  }

  /** Every client's trail, idle longest first. */
  trails(): Iterable<ClientTrail> {
    return this.#clients.values();
  }

  get clients(): number {
    return this.#clients.size;
  }

  /** Requests held over all clients. */
  get requests(): number {
    return this.#requests;
  }

  /** Clients forgotten because of the cap (not because they went idle). */
  get evicted(): number {
    return this.#evicted;
  }

  /** Forgets the clients outside the window at `nowMs` on the log's clock, and those past the caps. */
  #forgetIdle(nowMs: number): void {
    const cutoff = nowMs - this.#options.windowMs;
    // A client whose last request is a window ahead of the clock is outside the window too (a wild
    // time): left in place, it would stop this walk, oldest first, at itself.
    const ahead = nowMs + this.#options.windowMs;
    for (const [ip, trail] of this.#clients) {
      const idle = trail.lastMs < cutoff || trail.lastMs > ahead;
      const over = this.#clients.size > this.#options.maxClients || this.#requests > this.#options.maxRequests;
      if (!idle && !over) break;
      this.#requests -= trail.size;
      this.#clients.delete(ip);
      if (!idle) this.#evicted++;
    }
  }

  #noteFields(input: WindowRequest): void {
    const fields = this.#fields;
    if (input.cookieReuse !== undefined) fields.cookies = true;
    if (input.status !== null) fields.status = true;
    if (input.timeMs !== null) fields.times = true;
    if (input.durationMs !== null) fields.durations = true;
    if (input.userAgent !== '') fields.userAgents = true;
  }
}
