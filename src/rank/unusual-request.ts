// Whether a request is unusual for the site, and why: the test a hostile client's requests must pass
// to become findings (clients/client-context.ts). A scanner's ordinary page views are not findings;
// its requests to paths no other client gets an answer from, its errors where others succeed, its
// attack payloads and its characters that other clients never use in that field are.

import type { FieldNovelty } from '../params/field-novelty.js';
import type { SiteMap } from '../sitemap/site-map.js';

export interface UnusualInput {
  rows: {
    textId(i: number): number;
    ipId(i: number): number;
    tagMask(i: number): number;
    status(i: number): number;
    /** Whether browsers send the request by themselves (a favicon): never a probe. */
    browserRequest(i: number): boolean;
  };
  map: SiteMap;
  characters: FieldNovelty;
  /** Bits of unusual characters that make a request unusual by its characters alone. */
  minBits: number;
  /** The payload tags of a tag mask (no scanner user agent): what the request looks like. */
  payloadTags(mask: number): string[];
  /**
   * Whether enough ordinary clients use the site for its routes to say what is normal. Behind a
   * proxy that logs one address, or in a log of one user, "no other client requests it" holds for
   * every path and means nothing.
   */
  routesKnown: boolean;
  /**
   * Whether the client is a scanner by its own word and its probes: a scanner's user agent, and many
   * of its paths probes (clients/client-context.ts probesManyPaths). Where the routes are not known,
   * its requests answered with an error on routes that answer no client with a success are still
   * probes: a log with nothing but scanners in it (a pentest of a staging server) has no ordinary
   * client, and its scanners' probes were no findings.
   */
  prober?(ipId: number): boolean;
  /**
   * Whether the row was answered with the site's catch-all page to a route that no client reading
   * pages requests (clients/client-context.ts): a guess, though the page answers 200 to everyone.
   */
  catchAllProbe?(row: number): boolean;
  /**
   * Against a baseline: whether the clean period had this very text, and served this route. Its
   * texts are normal by definition, and its routes are part of the site whoever requests them today.
   */
  baseline?: { hasText(textId: number): boolean; hasRoute(route: string): boolean };
}

/** Non-hostile clients a site needs before "no other client requests this path" means anything (tomcat-banner-2019 has a handful). */
export const MIN_SITE_CLIENTS = 2;

/**
 * Why a request to `route`, answered `status`, is unusual by what the site's other clients do there:
 * none requests it, none gets a success from it, or it got an error where they get a success; else
 * undefined. `scan` asks its site map, `semlog watch` what it knows so far (watch/probe-lines.ts).
 */
export function routeReason(route: string, othersRequest: boolean, othersSucceed: boolean, status: number): string | undefined {
  if (!othersSucceed) return othersRequest ? `no other client gets a success from ${route}` : `no other client requests ${route}`;
  return status >= 400 ? `answered ${status} where other clients get a success` : undefined;
}

/** Why a request answered with the site's catch-all page (sitemap/catch-all-page.ts) is unusual: `scan`'s and `semlog watch`'s words. */
export function catchAllReason(route: string): string {
  return `no client that reads pages requests ${route}; answered with the site's catch-all page`;
}

/** The reason of a hostile client's request that is unusual for the site (`unusual`, from unusualRequest or routeReason). */
export function hostileRequestReason(kinds: string, unusual: string): string {
  return `from a hostile client (${kinds}); unusual for this site: ${unusual}`;
}

export function unusualRequest(input: UnusualInput, row: number): string | undefined {
  const { rows, map } = input;
  const textId = rows.textId(row);
  if (input.baseline?.hasText(textId)) return undefined;
  const ipId = rows.ipId(row);
  const route = map.routeOfText[textId]!;
  // The baseline's routes are part of the site, whoever requests them today.
  const partOfBaseline = (): boolean => input.baseline?.hasRoute(map.routes[route]!) === true;
  if (input.routesKnown) {
    if (!partOfBaseline()) {
      if (input.catchAllProbe?.(row) === true) return catchAllReason(map.routes[route]!);
      const othersSucceed = map.routeOkClients.others(route, ipId) > 0;
      const why = routeReason(map.routes[route]!, othersSucceed || map.routeClients.others(route, ipId) > 0, othersSucceed, rows.status(row));
      if (why !== undefined) return why;
    }
  } else if (rows.status(row) >= 400 && !rows.browserRequest(row) && map.routeOkClients.count(route) === 0 && input.prober?.(ipId) === true && !partOfBaseline()) {
    return `no client gets a success from ${map.routes[route]!}`;
  }
  const tags = input.payloadTags(rows.tagMask(row));
  if (tags.length > 0) return `looks like ${tags.join(', ')}`;
  if (input.characters.bits[textId]! >= input.minBits) return input.characters.explain(textId);
  return undefined;
}
