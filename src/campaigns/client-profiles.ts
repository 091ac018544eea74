// What each client's findings show, as campaigns compare them: the distinct texts, the payload
// family (attack tag × where the payload stands), the routes, the attack tags, the time span.

import { SCANNER_AGENT_TAG } from '../features/attack-patterns.js';
import { targetShowsTag } from '../features/attack-tags.js';
import { HEADER_BITS, HEADER_NAMES, headerFields } from '../features/header-attacks.js';
import { routeOf } from '../sitemap/route-of.js';

/** Per record: the facts campaigns read (pipeline/occurrences.ts). */
export interface CampaignRows {
  readonly size: number;
  textId(i: number): number;
  ipId(i: number): number;
  /** Tag mask of the attacks in the User-Agent and Referer. */
  headerTags(i: number): number;
  /** Tag mask of the request line's own attacks (one its Referer repeats included). */
  requestTags(i: number): number;
  /** HEADER_BITS of the headers that carry an attack. */
  headers(i: number): number;
  /** NaN when not logged. */
  timeMs(i: number): number;
}

export interface ClientProfile {
  ipId: number;
  /** Findings (records) of the client. */
  requests: number;
  /** Distinct finding texts with their counts. */
  texts: Map<number, number>;
  /**
   * The same for the findings whose anomaly is in the request: a header attack's request is an
   * ordinary page, which says nothing about the attack's template.
   */
  requestTexts: Map<number, number>;
  /** Findings whose anomaly is in the request. */
  requestFindings: number;
  /** Payload-family keys with the findings that carry each (`sql_injection in id`). */
  families: Map<string, number>;
  /** The distinct key sets of its tagged findings, with their findings: what must match, per request. */
  familySets: Map<string, { keys: string[]; requests: number }>;
  /** Findings with a payload tag. */
  taggedRequests: number;
  routes: Set<string>;
  /** Routes it probed (clients/client-context.ts isProbe) among its findings. */
  probes: Set<string>;
  /** Payload tags with their findings. */
  tags: Map<string, number>;
  /**
   * The same, counting only the findings that carry one payload tag: a request tagged with two (a
   * traversal to `cmd.exe?/c dir` is path traversal and command injection at once) is one attack.
   */
  soloTags: Map<string, number>;
  firstMs: number;
  lastMs: number;
}

export interface ProfileInput {
  rows: CampaignRows;
  /** Records that are line findings. */
  findingRows: Iterable<number>;
  texts: readonly string[];
  tagsOf(mask: number): string[];
  /** Whether record `i` is a probe (an error from a route the site's other clients do not use). */
  probe(i: number): boolean;
  /** Whether record `i`'s finding is in its request (method, path, query), not only in a header. */
  inRequest(i: number): boolean;
  /** Whether a text is a semantic outlier (far from every cluster of the site's requests). */
  outlier(textId: number): boolean;
}

export function clientProfiles(input: ProfileInput): Map<number, ClientProfile> {
  const { rows } = input;
  const profiles = new Map<number, ClientProfile>();
  // A log full of attacks has tens of thousands of findings from a few thousand texts and tag masks:
  // what depends on the text, the masks and the headers alone is worked out once (the payload
  // families of every finding cost 40 MB of short-lived sets and strings on the every-site bench log).
  const routes = new Map<number, string>();
  const families = new Map<string, FindingFamilies>();
  const payloadTagsOf = new Map<number, string[]>();
  const routeOfText = (textId: number) => memo(routes, textId, () => routeOf(input.texts[textId]!));
  const tagsOfMask = (mask: number) => memo(payloadTagsOf, mask, () => payloadTags(input.tagsOf(mask)));
  const familiesOf = (textId: number, requestMask: number, headerTags: number, headers: number) =>
    memo(families, `${textId} ${requestMask} ${headerTags} ${headers}`, () =>
      findingFamilies(input.texts[textId]!, tagsOfMask(requestMask), headerTags === 0 ? [] : tagsOfMask(headerTags), headers),
    );
  for (const i of input.findingRows) {
    const ipId = rows.ipId(i);
    let profile = profiles.get(ipId);
    if (profile === undefined) {
      profile = emptyProfile(ipId);
      profiles.set(ipId, profile);
    }
    const textId = rows.textId(i);
    profile.requests++;
    increment(profile.texts, textId);
    if (input.inRequest(i)) {
      profile.requestFindings++;
      increment(profile.requestTexts, textId);
      profile.routes.add(routeOfText(textId));
      if (input.probe(i)) profile.probes.add(routeOfText(textId));
    }
    const time = rows.timeMs(i);
    if (!Number.isNaN(time)) {
      profile.firstMs = Math.min(profile.firstMs, time);
      profile.lastMs = Math.max(profile.lastMs, time);
    }
    const requestMask = rows.requestTags(i);
    const headers = headersOfTheirOwn(rows.headers(i), tagsOfMask(requestMask).length > 0 || input.outlier(textId));
    const headerTags = headers === 0 ? 0 : rows.headerTags(i);
    if (requestMask === 0 && headerTags === 0) continue;
    const found = familiesOf(textId, requestMask, headerTags, headers);
    for (const tag of found.tags) increment(profile.tags, tag);
    if (found.tags.length === 1) increment(profile.soloTags, found.tags[0]!);
    if (found.keys.length === 0) continue;
    profile.taggedRequests++;
    for (const key of found.keys) increment(profile.families, key);
    const set = profile.familySets.get(found.signature);
    if (set === undefined) profile.familySets.set(found.signature, { keys: found.keys, requests: 1 });
    else set.requests++;
  }
  return profiles;
}

/** A client with no findings yet. */
export function emptyProfile(ipId: number): ClientProfile {
  return {
    ipId, requests: 0, texts: new Map(), requestTexts: new Map(), requestFindings: 0, families: new Map(), familySets: new Map(), taggedRequests: 0,
    routes: new Set(), probes: new Set(), tags: new Map(), soloTags: new Map(), firstMs: Infinity, lastMs: -Infinity,
  };
}

/**
 * The headers whose payload is an attack of their own. A Referer is the page the client came from: on
 * a request that is itself an attack or an outlier, it mostly repeats that request's payload (a
 * self-referer, a redirect to the same URL), and is no second attack sent through the header. On the
 * first held-out set a background client's echoed `union select` and another's echoed `${eval(…)}` were
 * one campaign with injected Referer attackers by "sql_injection in Referer" and "xss in Referer".
 * When the User-Agent carries a payload too, the tags of both stay (one mask holds them).
 */
function headersOfTheirOwn(headers: number, requestAnomalous: boolean): number {
  return requestAnomalous ? headers & ~HEADER_BITS.referer : headers;
}

/** The payload families of one finding, and its tags: the same for every finding of its text, masks and headers. */
interface FindingFamilies {
  /** Payload-family keys, in the order they are first found. */
  keys: string[];
  /** The keys sorted and joined: one per distinct key set. */
  signature: string;
  /** Payload tags in the request or its headers, each once. */
  tags: string[];
}

function findingFamilies(text: string, requestTags: string[], inHeaders: string[], headers: number): FindingFamilies {
  const keys = new Set<string>();
  for (const tag of requestTags) for (const place of payloadPoints(text, tag)) keys.add(`${tag} in ${place}`);
  for (const tag of inHeaders) for (const header of headerFields(headers).map((field) => HEADER_NAMES[field])) keys.add(`${tag} in ${header}`);
  return { keys: [...keys], signature: [...keys].sort().join('\n'), tags: [...new Set([...requestTags, ...inHeaders])] };
}

/**
 * Where a request's `tag` payload stands: the query parameters whose own `name=value` shows the tag
 * (the parameter the payload was put in, not the page's other parameters), or every place the
 * payload can stand (injectionPoints) when no single parameter shows it (a payload spread over
 * several, or in the path or a parameter's name). On the second held-out set two unrelated 2-request
 * SQL injection clients, one with its payload in `id` and one with it in `pre` (next to an `id=…`
 * of ordinary digits), were one campaign by "sql_injection in id".
 */
export function payloadPoints(text: string, tag: string): string[] {
  const query = text.indexOf('?');
  if (query < 0) return injectionPoints(text);
  const carriers = new Set<string>();
  for (const pair of text.slice(query + 1).split('&')) {
    const name = pair.split('=')[0]!;
    if (name !== '' && pair.length > name.length && targetShowsTag(pair, tag)) carriers.add(name);
  }
  return carriers.size > 0 ? [...carriers] : injectionPoints(text);
}

/**
 * Where a request's payload can stand: each query parameter's name, or the route when the request
 * has no query (the payload is in the path). A campaign sends its payloads through the same
 * parameters, whatever page it picks (the route is kept when it has no parameters).
 */
export function injectionPoints(text: string): string[] {
  const query = text.indexOf('?');
  if (query < 0) return [routeOf(text)];
  const names = text
    .slice(query + 1)
    .split('&')
    .map((pair) => pair.split('=')[0]!)
    .filter((name) => name !== '');
  return names.length > 0 ? [...new Set(names)] : [routeOf(text)];
}

function payloadTags(tags: string[]): string[] {
  return tags.filter((tag) => tag !== SCANNER_AGENT_TAG);
}

function memo<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
