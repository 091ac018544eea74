// What `semlog watch` knows of the site's routes, for scan's probe rule (clients/client-context.ts):
// whether a client other than a given one has requested a route, and whether any request to it was
// answered without an error. A scan reads this from the whole log; a watcher knows what it has read
// so far, and judges a client's requests again at each batch against what it knows by then (a dead
// link that other readers follow stops being a probe once they do).
//
// Bounded: at most `maxRoutes` routes are kept, the least recently requested forgotten first; a
// forgotten route is new again when it comes back.

interface RouteFacts {
  /** The route as first seen: the one string every request to it keeps. */
  route: string;
  /** The first client that requested the route. */
  first: string;
  /** Whether another client has requested it since. */
  shared: boolean;
  /** Whether some request to it was answered below 400. */
  ok: boolean;
}

export class LiveSiteMap {
  readonly #routes = new Map<string, RouteFacts>();
  readonly #maxRoutes: number;

  constructor(maxRoutes: number) {
    this.#maxRoutes = maxRoutes;
  }

  /** Notes a request of `client` to `route`, answered `status` (null: the format logs none); returns the route's one string. */
  see(route: string, client: string, status: number | null): string {
    let facts = this.#routes.get(route);
    if (facts === undefined) {
      facts = { route, first: client, shared: false, ok: false };
      if (this.#routes.size >= this.#maxRoutes) this.#routes.delete(this.#routes.keys().next().value!);
    } else {
      // Re-inserted: the Map's order is the order of last use.
      this.#routes.delete(route);
      if (facts.first !== client) facts.shared = true;
    }
    if (status !== null && status < 400) facts.ok = true;
    this.#routes.set(route, facts);
    return facts.route;
  }

  /** Whether a client other than `client` has requested `route`. */
  othersUse(route: string, client: string): boolean {
    const facts = this.#routes.get(route);
    return facts !== undefined && (facts.shared || facts.first !== client);
  }

  /** Whether some request to `route` was answered without an error. */
  answersOk(route: string): boolean {
    return this.#routes.get(route)?.ok === true;
  }

  get size(): number {
    return this.#routes.size;
  }
}
