// Which client addresses sent each cookie, live: scan's `max_cookie_reuse` (features/cookie-registry.ts,
// the evidence for a replayed session) for `semlog watch --baseline`. Scan's registry stops taking new
// cookies at its cap, which a watcher running for months would reach; this one forgets the cookie sent
// longest ago instead. A cookie sent from one address (the common case) costs one string reference.

import { RecencyMap } from './recency-map.js';

/** Cookies remembered, the least recently sent forgotten first. */
export const MAX_LIVE_COOKIES = 100_000;
/** Addresses remembered per cookie: the reuse count saturates there, as in scan. */
export const ADDRESSES_PER_COOKIE = 256;

export class LiveCookies {
  /** By the cookie's 52-bit hash: its first address, or the set of them once shared; in the order of last use. */
  readonly #senders = new RecencyMap<number, string | Set<string>>(MAX_LIVE_COOKIES);

  /** Notes that `ip` sent the cookie; returns how many distinct addresses have sent it (as far as remembered). */
  add(cookieHash: number, ip: string): number {
    const known = this.#senders.peek(cookieHash);
    if (known === undefined) {
      this.#senders.set(cookieHash, ip);
      return 1;
    }
    if (typeof known === 'string') {
      this.#senders.set(cookieHash, known === ip ? known : new Set([known, ip]));
      return known === ip ? 1 : 2;
    }
    this.#senders.set(cookieHash, known);
    if (known.size < ADDRESSES_PER_COOKIE) known.add(ip);
    return known.size;
  }

  /** Cookies remembered. */
  get size(): number {
    return this.#senders.size;
  }
}
