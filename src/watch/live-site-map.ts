// What `semlog watch` knows of the site's routes, for scan's probe rule (clients/client-context.ts):
// whether a client other than a given one has requested a route, and whether any request to it was
// answered without an error. A scan reads this from the whole log; a watcher knows what it has read
// so far, and judges a client's requests again at each batch against what it knows by then (a dead
// link that other readers follow stops being a probe once they do).
//
// It learns the site's catch-all page as scan does (sitemap/catch-all-page.ts): the size of the first
// 200 answer of each route only one client has requested, counted per size; a size that
// MIN_CATCH_ALL_ROUTES such routes share is the page a site answers 200 with for paths it does not
// have. A route that another client requests leaves the count (scan counts every 200 size a
// single-client route got; this counts its first).
//
// It also knows, per request method, whether a client other than a given one got an answer below 400
// with it: scan's refused methods (clients/client-context.ts), such as a `PROPFIND` or `CONNECT` refused
// where no other client gets an answer to that method.
//
// Bounded: at most `maxRoutes` routes are kept, the least recently requested forgotten first; a
// forgotten route is new again when it comes back. The same for MAX_METHODS methods (a method is a
// token the client chooses): a forgotten method has no answer known until one comes again.
//
// Kept across restarts (site-map-journal.ts): takeChanges() gives what the requests since the last
// call changed, in the order of their last use, and apply() puts such changes back into a new map,
// so that the routes and methods are those of a watcher that never stopped, forgotten in the same order.

import { MIN_CATCH_ALL_ROUTES, type CatchAllPage } from '../sitemap/catch-all-page.js';
import { RecencyMap } from './recency-map.js';

interface RouteFacts {
  /** The route as first seen: the one string every request to it keeps. */
  route: string;
  /** The first client that requested the route. */
  first: string;
  /** Whether another client has requested it since. */
  shared: boolean;
  /** Whether some request to it was answered below 400. */
  ok: boolean;
  /** The size of its first 200 answer (0: none yet, or not logged), counted in #routesBySize while it is not shared. */
  okBytes: number;
  /**
   * The next clients to request it after `first`, up to MORE_CLIENTS (made on the second client); the
   * catch-all page's second rule asks whether any of them reads pages.
   */
  more?: string[];
  /** Whether more clients than `first` and `more` have requested it. */
  crowded: boolean;
}

/** Clients after the first that a route remembers (scan's site map keeps 8 or 16 per route). */
export const MORE_CLIENTS = 7;

/** Methods answered below 400 that the map remembers, the least recently answered forgotten first. */
export const MAX_METHODS = 1000;

/** A route's facts as takeChanges() gives them: route, first client, SHARED | OK | CROWDED, okBytes, more clients. */
export type RouteEntry = [route: string, first: string, flags: number, okBytes: number, more?: string[]];
/** A method's facts as takeChanges() gives them: method, first client answered below 400, whether another was since. */
export type MethodEntry = [method: string, first: string, shared: boolean];

/** What the requests since the last takeChanges() changed, in the order of their last use. */
export interface SiteMapChanges {
  routes: RouteEntry[];
  methods: MethodEntry[];
}

const SHARED = 1;
const OK = 2;
const CROWDED = 4;

/** A method some client got an answer below 400 with. */
interface MethodFacts {
  /** The first client answered so. */
  first: string;
  /** Whether another client has been answered so since. */
  shared: boolean;
}

export class LiveSiteMap {
  /** A route forgotten to make room leaves the catch-all size counts too. */
  readonly #routes: RecencyMap<string, RouteFacts>;
  /** Routes that one client has requested, by the size of their first 200 answer. */
  readonly #routesBySize = new Map<number, number>();
  /** Catch-all sizes learned and not yet taken by takeLearned(). */
  readonly #learned: CatchAllPage[] = [];
  /** Sizes already learned once: each is said once per run, however often it drops below the bar and comes back. */
  readonly #announced = new Set<number>();
  /** Methods answered below 400, in the order of their last such answer. */
  readonly #answeredMethods = new RecencyMap<string, MethodFacts>(MAX_METHODS);
  /** Routes and methods used since the last takeChanges(), in the order of their last use (a route forgotten since leaves). */
  readonly #changedRoutes = new Set<string>();
  readonly #changedMethods = new Set<string>();

  constructor(maxRoutes: number) {
    this.#routes = new RecencyMap(maxRoutes, (route, facts) => {
      this.#uncount(facts);
      this.#changedRoutes.delete(route);
    });
  }

  /**
   * Notes a request of `client` to `route`, answered `status` (null: the format logs none) with `okBytes`
   * (its size when the status is 200, else 0); returns the route's one string.
   */
  see(route: string, client: string, status: number | null, okBytes = 0): string {
    let facts = this.#routes.peek(route);
    if (facts === undefined) {
      facts = { route, first: client, shared: false, ok: false, okBytes: 0, crowded: false };
    } else {
      if (facts.first !== client && !facts.shared) {
        this.#uncount(facts);
        facts.shared = true;
      }
      if (facts.first !== client && !facts.crowded && !(facts.more?.includes(client) ?? false)) {
        if ((facts.more ??= []).length < MORE_CLIENTS) facts.more.push(client);
        else facts.crowded = true;
      }
    }
    // Marked used; a new route first makes room (the route forgotten leaves the size counts before this one joins them).
    this.#routes.set(route, facts);
    this.#changed(this.#changedRoutes, route);
    if (status !== null && status < 400) facts.ok = true;
    if (okBytes > 0 && facts.okBytes === 0 && !facts.shared) {
      facts.okBytes = okBytes;
      const routes = (this.#routesBySize.get(okBytes) ?? 0) + 1;
      this.#routesBySize.set(okBytes, routes);
      if (routes >= MIN_CATCH_ALL_ROUTES && !this.#announced.has(okBytes)) {
        this.#announced.add(okBytes);
        this.#learned.push({ bytes: okBytes, routes });
      }
    }
    return facts.route;
  }

  /** Whether `okBytes` is the size of the site's catch-all page now: MIN_CATCH_ALL_ROUTES single-client routes or more answered 200 with it. */
  isCatchAll(okBytes: number): boolean {
    return okBytes > 0 && (this.#routesBySize.get(okBytes) ?? 0) >= MIN_CATCH_ALL_ROUTES;
  }

  /** The catch-all sizes learned since the last call, each once per run. */
  takeLearned(): CatchAllPage[] {
    return this.#learned.splice(0);
  }

  /** Takes a route that stops being single-client (shared or forgotten) out of the size counts. */
  #uncount(facts: RouteFacts): void {
    if (facts.shared || facts.okBytes === 0) return;
    const routes = this.#routesBySize.get(facts.okBytes)! - 1;
    if (routes === 0) this.#routesBySize.delete(facts.okBytes);
    else this.#routesBySize.set(facts.okBytes, routes);
  }

  /**
   * Notes that `client` sent a request with `method`, answered `status` (null: the format logs none).
   * Only an answer below 400 is kept: what the refused-method rule asks is whether anyone else got one.
   */
  answer(method: string, client: string, status: number | null): void {
    if (status === null || status >= 400) return;
    const facts = this.#answeredMethods.peek(method);
    this.#changed(this.#changedMethods, method);
    if (facts === undefined) {
      this.#answeredMethods.set(method, { first: client, shared: false });
      return;
    }
    this.#answeredMethods.set(method, facts);
    if (facts.first !== client) facts.shared = true;
  }

  /** What the requests since the last call changed: each route and method used, as it is now, the least recently used first. */
  takeChanges(): SiteMapChanges {
    const routes = [...this.#changedRoutes].map((route) => routeEntry(this.#routes.peek(route)!));
    // A method is forgotten only to make room for another: one forgotten since is no change to keep.
    const methods = [...this.#changedMethods].flatMap((method): MethodEntry[] => {
      const facts = this.#answeredMethods.peek(method);
      return facts === undefined ? [] : [[method, facts.first, facts.shared]];
    });
    this.#changedRoutes.clear();
    this.#changedMethods.clear();
    return { routes, methods };
  }

  /**
   * Puts `changes` (of takeChanges(), from another map with the same maxRoutes) into this map, each
   * used now in their order: the changes of a run's batches applied in turn make the map it had.
   * The catch-all sizes they reach are not learned again (they were said in their run).
   */
  apply(changes: SiteMapChanges): void {
    for (const [route, first, flags, okBytes, more] of changes.routes) {
      const old = this.#routes.peek(route);
      if (old !== undefined) this.#uncount(old);
      const facts: RouteFacts = { route, first, shared: (flags & SHARED) !== 0, ok: (flags & OK) !== 0, okBytes, crowded: (flags & CROWDED) !== 0, ...(more !== undefined && { more }) };
      this.#routes.set(route, facts);
      if (!facts.shared && okBytes > 0) {
        this.#routesBySize.set(okBytes, (this.#routesBySize.get(okBytes) ?? 0) + 1);
        if (this.isCatchAll(okBytes)) this.#announced.add(okBytes);
      }
    }
    for (const [method, first, shared] of changes.methods) this.#answeredMethods.set(method, { first, shared });
  }

  /** Every route and method kept, the least recently used first: what apply() makes this map again from nothing. */
  entries(): SiteMapChanges {
    return {
      routes: [...this.#routes.values()].map(routeEntry),
      methods: [...this.#answeredMethods.entries()].map(([method, facts]): MethodEntry => [method, facts.first, facts.shared]),
    };
  }

  /** Moves `key` to the end of `changed` (its last use). */
  #changed(changed: Set<string>, key: string): void {
    changed.delete(key);
    changed.add(key);
  }

  /** Whether a client other than `client` got an answer below 400 to a request with `method`. */
  othersAnswered(method: string, client: string): boolean {
    const facts = this.#answeredMethods.peek(method);
    return facts !== undefined && (facts.shared || facts.first !== client);
  }

  /** Whether a client other than `client` has requested `route`. */
  othersUse(route: string, client: string): boolean {
    const facts = this.#routes.peek(route);
    return facts !== undefined && (facts.shared || facts.first !== client);
  }

  /**
   * Whether a client other than `client` that `readsPages` has requested `route`; true as well for a
   * route more clients have requested than it remembers (a page many read), false for one it forgot.
   */
  otherReader(route: string, client: string, readsPages: (client: string) => boolean): boolean {
    const facts = this.#routes.peek(route);
    if (facts === undefined) return false;
    if (facts.crowded) return true;
    if (facts.first !== client && readsPages(facts.first)) return true;
    return facts.more?.some((other) => other !== client && readsPages(other)) ?? false;
  }

  /** Whether some request to `route` was answered without an error. */
  answersOk(route: string): boolean {
    return this.#routes.peek(route)?.ok === true;
  }

  get size(): number {
    return this.#routes.size;
  }
}

function routeEntry(facts: RouteFacts): RouteEntry {
  const flags = (facts.shared ? SHARED : 0) | (facts.ok ? OK : 0) | (facts.crowded ? CROWDED : 0);
  return facts.more === undefined ? [facts.route, facts.first, flags, facts.okBytes] : [facts.route, facts.first, flags, facts.okBytes, [...facts.more]];
}
