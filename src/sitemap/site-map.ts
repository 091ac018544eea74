// The site's map as this scan shows it: every route (path template) with the distinct clients that
// use it and the distinct clients it answers without an error. A route that one client alone
// requests, or one that answers nobody without an error, is not part of the site its users know:
// scanners probe exactly such paths (`/phpmyadmin/`, `/.git/config`, another product's login page).

import { Interner } from '../interner.js';
import { CappedDistinct } from './capped-distinct.js';
import { routeOf } from './route-of.js';

/** "One, two, a few, many": the counts the detectors compare against. */
export const CLIENT_CAP = 8;
/** Clients remembered per distinct text: they vouch for its characters in others' texts (params/field-novelty.ts). */
export const TEXT_CLIENT_CAP = 16;

export interface OccurrenceRows {
  readonly size: number;
  textId(i: number): number;
  ipId(i: number): number;
  /** HTTP status, 0 when not logged. */
  status(i: number): number;
}

export interface SiteMap {
  routes: readonly string[];
  /** Route id of every distinct text. */
  routeOfText: Uint32Array;
  /** Distinct clients per route (saturating at CLIENT_CAP). */
  routeClients: CappedDistinct;
  /** Distinct clients per route that got a status below 400 (or whose status is not logged). */
  routeOkClients: CappedDistinct;
  /** Distinct clients per text (saturating at TEXT_CLIENT_CAP). */
  textClients: CappedDistinct;
  /** Request methods (`GET`, `PROPFIND`, …) and the method id of every distinct text. */
  methods: readonly string[];
  methodOfText: Uint32Array;
  /** Distinct clients per method that got a status below 400 with it (or whose status is not logged). */
  methodOkClients: CappedDistinct;
}

export function buildSiteMap(texts: readonly string[], occurrences: OccurrenceRows): SiteMap {
  const { routes, methods, routeOfText, methodOfText } = textRoutes(texts);
  const routeClients = new CappedDistinct(routes.values.length, CLIENT_CAP);
  const routeOkClients = new CappedDistinct(routes.values.length, CLIENT_CAP);
  const textClients = new CappedDistinct(texts.length, TEXT_CLIENT_CAP);
  const methodOkClients = new CappedDistinct(methods.values.length, CLIENT_CAP);
  for (let i = 0; i < occurrences.size; i++) {
    const textId = occurrences.textId(i);
    const ipId = occurrences.ipId(i);
    const route = routeOfText[textId]!;
    routeClients.add(route, ipId);
    textClients.add(textId, ipId);
    const status = occurrences.status(i);
    if (status < 400) {
      routeOkClients.add(route, ipId);
      methodOkClients.add(methodOfText[textId]!, ipId);
    }
  }
  return { routes: routes.values, routeOfText, routeClients, routeOkClients, textClients, methods: methods.values, methodOfText, methodOkClients };
}

/** The route and the method of every distinct text, with the routes and methods in first-seen order. */
function textRoutes(texts: readonly string[]): { routes: Interner; methods: Interner; routeOfText: Uint32Array; methodOfText: Uint32Array } {
  const routes = new Interner();
  const methods = new Interner();
  const routeOfText = new Uint32Array(texts.length);
  const methodOfText = new Uint32Array(texts.length);
  texts.forEach((text, id) => {
    methodOfText[id] = methods.id(text.slice(0, Math.max(0, text.indexOf(' '))));
    routeOfText[id] = routes.id(routeOf(text));
  });
  return { routes, routeOfText, methods, methodOfText };
}

/** One part of a log for mergeSiteMaps: its map, and where its text and client ids went in the merged table and client list. */
export interface SiteMapPart {
  map: SiteMap;
  textOf: ArrayLike<number>;
  clientOf: ArrayLike<number>;
}

/**
 * The site map of consecutive parts of a log, given in log order (a distributed scan's map jobs,
 * docs/scale-out.md step 2): `texts` are the merged text table's (TextTable.merge), each part says
 * where its text and client ids went. Routes and methods follow from the texts; the client sets join
 * in log order (CappedDistinct.join). Exactly what buildSiteMap() gives over the whole log, without
 * its records.
 */
export function mergeSiteMaps(parts: readonly SiteMapPart[], texts: readonly string[]): SiteMap {
  const { routes, methods, routeOfText, methodOfText } = textRoutes(texts);
  // Every part's route and method is one of the merged texts', so each is found.
  const routesOf = parts.map(({ map }) => Uint32Array.from(map.routes, (route) => routes.find(route)!));
  const methodsOf = parts.map(({ map }) => Uint32Array.from(map.methods, (method) => methods.find(method)!));
  const join = (pick: (map: SiteMap) => CappedDistinct, keyOf: (p: number) => ArrayLike<number>, keys: number, cap: number) =>
    CappedDistinct.join(parts.map((part, p) => ({ set: pick(part.map), keyOf: keyOf(p), memberOf: part.clientOf })), keys, cap);
  return {
    routes: routes.values,
    routeOfText,
    routeClients: join((map) => map.routeClients, (p) => routesOf[p]!, routes.values.length, CLIENT_CAP),
    routeOkClients: join((map) => map.routeOkClients, (p) => routesOf[p]!, routes.values.length, CLIENT_CAP),
    textClients: join((map) => map.textClients, (p) => parts[p]!.textOf, texts.length, TEXT_CLIENT_CAP),
    methods: methods.values,
    methodOfText,
    methodOkClients: join((map) => map.methodOkClients, (p) => methodsOf[p]!, methods.values.length, CLIENT_CAP),
  };
}
