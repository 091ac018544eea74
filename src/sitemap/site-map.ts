// The site's map as this scan shows it: every route (path template) with the distinct clients that
// use it and the distinct clients it answers without an error. A route that one client alone
// requests, or one that answers nobody without an error, is not part of the site its users know:
// scanners probe exactly such paths (`/phpmyadmin/`, `/.git/config`, another product's login page).

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
  const routeIds = new Map<string, number>();
  const routes: string[] = [];
  const routeOfText = new Uint32Array(texts.length);
  const methodIds = new Map<string, number>();
  const methods: string[] = [];
  const methodOfText = new Uint32Array(texts.length);
  texts.forEach((text, id) => {
    const method = text.slice(0, Math.max(0, text.indexOf(' ')));
    let methodId = methodIds.get(method);
    if (methodId === undefined) {
      methodId = methods.length;
      methodIds.set(method, methodId);
      methods.push(method);
    }
    methodOfText[id] = methodId;
    const route = routeOf(text);
    let routeId = routeIds.get(route);
    if (routeId === undefined) {
      routeId = routes.length;
      routeIds.set(route, routeId);
      routes.push(route);
    }
    routeOfText[id] = routeId;
  });
  const routeClients = new CappedDistinct(routes.length, CLIENT_CAP);
  const routeOkClients = new CappedDistinct(routes.length, CLIENT_CAP);
  const textClients = new CappedDistinct(texts.length, TEXT_CLIENT_CAP);
  const methodOkClients = new CappedDistinct(methods.length, CLIENT_CAP);
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
  return { routes, routeOfText, routeClients, routeOkClients, textClients, methods, methodOfText, methodOkClients };
}
