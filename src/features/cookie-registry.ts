// Which client IPs sent each cookie, in bounded memory: the evidence for session replay.

/** A CookieRegistry as data (JSON-safe): its caps, and each cookie's hash with its IP ids in first-seen order. */
export interface CookieRegistryState {
  maxCookies: number;
  maxIpsPerCookie: number;
  droppedCookies: number;
  cookies: Array<[cookieHash: number, ipIds: number[]]>;
}

/**
 * Maps a 52-bit cookie hash to the ids of the IPs that sent it. A cookie seen from one IP (the
 * common case) costs one number; only shared cookies get a Set, capped at `maxIpsPerCookie`
 * (the reuse count saturates there, which is already far beyond normal). Once `maxCookies`
 * cookies are tracked, new cookies are ignored and counted in `droppedCookies`, so memory stays
 * bounded on huge inputs at the price of missing replays of cookies first seen late.
 */
export class CookieRegistry {
  readonly #maxCookies: number;
  readonly #maxIpsPerCookie: number;
  readonly #ips = new Map<number, number | Set<number>>();
  droppedCookies = 0;

  constructor(maxCookies: number, maxIpsPerCookie: number) {
    this.#maxCookies = maxCookies;
    this.#maxIpsPerCookie = Math.max(2, maxIpsPerCookie);
  }

  /** Records that `ipId` sent the cookie; returns how many distinct IPs sent it so far. */
  add(cookieHash: number, ipId: number): number {
    const known = this.#ips.get(cookieHash);
    if (known === undefined) {
      if (this.#ips.size >= this.#maxCookies) {
        this.droppedCookies++;
        return 1;
      }
      this.#ips.set(cookieHash, ipId);
      return 1;
    }
    if (typeof known === 'number') {
      if (known === ipId) return 1;
      this.#ips.set(cookieHash, new Set([known, ipId]));
      return 2;
    }
    if (known.size < this.#maxIpsPerCookie) known.add(ipId);
    return known.size;
  }

  /**
   * Adds what `next` recorded over the part of the log after this one, its IP ids translated by
   * `idOf` (ids of `next` → ids here): cookies and IPs in their first-seen order, so the result is the
   * registry of one pass as long as neither cap was reached. Past `maxCookies` the cookies dropped are
   * those first seen last in either part, and `droppedCookies` counts dropped cookies, not requests.
   */
  merge(next: CookieRegistry, idOf: ArrayLike<number>): void {
    for (const [cookieHash, ips] of next.#ips) {
      if (typeof ips === 'number') this.add(cookieHash, idOf[ips]!);
      else for (const ipId of ips) this.add(cookieHash, idOf[ipId]!);
    }
    this.droppedCookies += next.droppedCookies;
  }

  /** What the registry holds, for another process to restore and merge (fromState). */
  state(): CookieRegistryState {
    return {
      maxCookies: this.#maxCookies,
      maxIpsPerCookie: this.#maxIpsPerCookie,
      droppedCookies: this.droppedCookies,
      cookies: [...this.#ips].map(([hash, ips]): [number, number[]] => [hash, typeof ips === 'number' ? [ips] : [...ips]]),
    };
  }

  /**
   * The registry state() described, for IP ids below `clients`; throws RangeError on a state no
   * registry can be in.
   */
  static fromState(state: CookieRegistryState, clients: number): CookieRegistry {
    const { maxCookies, maxIpsPerCookie, droppedCookies, cookies } = state;
    const valid =
      Number.isInteger(maxCookies) && maxCookies >= 0 && Number.isInteger(maxIpsPerCookie) && maxIpsPerCookie >= 2 &&
      Number.isInteger(droppedCookies) && droppedCookies >= 0 && Array.isArray(cookies) && cookies.length <= maxCookies &&
      cookies.every((entry) => Array.isArray(entry) && Number.isSafeInteger(entry[0]) && entry[0] >= 0 && Array.isArray(entry[1]) &&
        entry[1].length >= 1 && entry[1].length <= maxIpsPerCookie && new Set(entry[1]).size === entry[1].length &&
        entry[1].every((ipId) => Number.isInteger(ipId) && ipId >= 0 && ipId < clients)) &&
      new Set(cookies.map(([hash]) => hash)).size === cookies.length;
    if (!valid) throw new RangeError('not a cookie registry state: caps, hashes or client ids out of range');
    const registry = new CookieRegistry(maxCookies, maxIpsPerCookie);
    for (const [hash, ipIds] of cookies) registry.#ips.set(hash, ipIds.length === 1 ? ipIds[0]! : new Set(ipIds));
    registry.droppedCookies = droppedCookies;
    return registry;
  }

  /** Calls `visit` for every cookie sent by two or more IPs. */
  forEachShared(visit: (ipIds: ReadonlySet<number>) => void): void {
    for (const ips of this.#ips.values()) if (typeof ips !== 'number') visit(ips);
  }
}
