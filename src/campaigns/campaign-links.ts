// The evidence that two clients run one campaign. Each rule asks for most of both clients' findings
// to match, never a single shared request: a popular page or parameter alone links nobody.
//
// - template: their finding texts lie within eps of each other (the DBSCAN radius: one request
//   template; a campaign's texts are near each other even where they are outliers for the site), and
//   are not the site's ordinary pages (ordinary-texts.ts);
// - payload: the same attack tags through the same parameters (or header, or path);
// - toolkit: clients that each send several kinds of attack, in the same proportions (one tool);
// - probes: hostile clients whose probed routes overlap (Jaccard), as one scanner's probe list does.
// - target: client findings that send the same set of requests over and over (shared-target.ts); no line finding needed.

import type { NeighborSource } from '../cluster/dbscan.js';
import type { ClientProfile } from './client-profiles.js';
import { ClientTally } from './client-tally.js';

export type LinkKind = 'template' | 'payload' | 'toolkit' | 'probes' | 'target';

export interface ClientLink {
  a: number;
  b: number;
  kind: LinkKind;
}

export interface LinkOptions {
  /** Share of each client's findings that must match the other's. */
  minShare: number;
  /** Route Jaccard that makes two probe lists one. */
  minProbeJaccard: number;
  /** Distinct probed routes each client needs before its probe list says anything. */
  minProbeRoutes: number;
  /** Cosine of the attack-tag counts that makes two multi-attack clients one tool. */
  minToolkitCosine: number;
  /**
   * A multi-attack tool sends at least `minToolkitTags` attack tags alone (as the only payload tag of
   * a finding) on `minToolkitTagShare` of its tagged findings or more each (one XSS payload that also
   * looks like SQL is no second attack, nor is a traversal to `cmd.exe` that is command injection
   * too), and `minToolkitRequests` tagged findings.
   */
  minToolkitTags: number;
  minToolkitTagShare: number;
  minToolkitRequests: number;
  /** Neighbours of each finding text looked at for the template rule. */
  neighbors: number;
  /** Share of a text's requests that must be findings for it to be part of a template (ordinary-texts.ts). */
  minFindingShare: number;
}

/** Where the template rule looks for near texts. */
export interface TemplateSpace {
  neighbors: NeighborSource;
  /** The DBSCAN radius: texts within it are one template. */
  eps: number;
  /** Whether a text is one of the site's ordinary pages (ordinary-texts.ts): it matches no other. */
  ordinary(textId: number): boolean;
}

export const LINK_DEFAULTS: Readonly<LinkOptions> = Object.freeze({
  minShare: 0.5,
  minProbeJaccard: 0.5,
  minProbeRoutes: 3,
  minToolkitCosine: 0.75,
  minToolkitTags: 2,
  minToolkitTagShare: 0.1,
  minToolkitRequests: 5,
  neighbors: 16,
  minFindingShare: 0.5,
});

/**
 * Clients whose findings in the request mostly have a text within eps of the other's. An ordinary
 * text matches nothing but still counts in its client's findings: a client whose findings are mostly
 * the site's pages shows no template.
 */
export function templateLinks(profiles: ReadonlyMap<number, ClientProfile>, space: TemplateSpace, options: LinkOptions = LINK_DEFAULTS): ClientLink[] {
  const { neighbors, eps, ordinary } = space;
  const clientsOfText = ownersOf([...profiles.values()].map((p) => [p.ipId, [...p.requestTexts.keys()].filter((textId) => !ordinary(textId))]));
  const links = popularLinks(clientsOfText, profiles, (p, textId) => p.requestTexts.get(textId) ?? 0, (p) => p.requestFindings, options.minShare, 'template');
  // Ordinary texts have no owners here, so they are neither popular nor anyone's match.
  const popular = (textId: number) => (clientsOfText.get(textId)?.length ?? 0) > MAX_PAIRWISE_OWNERS;
  const unusable = (textId: number) => popular(textId) || !clientsOfText.has(textId);
  // The clients with a finding text within eps of each text, worked out once per text, not once per
  // client that sends it.
  const nearClients = new Map<number, number[]>();
  const clientsNear = (textId: number): number[] => {
    let near = nearClients.get(textId);
    if (near !== undefined) return near;
    const clients = new Set<number>();
    const found = neighbors.neighbors(textId, Math.min(options.neighbors, neighbors.size));
    for (let j = 0; j < found.ids.length && found.distances[j]! <= eps; j++) {
      if (unusable(found.ids[j]!)) continue;
      for (const client of clientsOfText.get(found.ids[j]!) ?? []) clients.add(client);
    }
    // The text itself, whatever the index answered (other clients sending the very same request).
    for (const client of clientsOfText.get(textId)!) clients.add(client);
    nearClients.set(textId, (near = [...clients]));
    return near;
  };
  // For each client, per other client: how many of its findings have a text of that client within eps
  // (kept where that reaches the share).
  const matched = new Map<number, Set<number>>();
  const counts = new ClientTally(clientIds(profiles));
  for (const profile of profiles.values()) {
    counts.reset();
    for (const [textId, requests] of profile.requestTexts) {
      if (unusable(textId)) continue;
      for (const client of clientsNear(textId)) if (client !== profile.ipId) counts.add(client, requests);
    }
    matched.set(profile.ipId, counts.reaching(profile.requestFindings, options.minShare));
  }
  return [...links, ...mutualLinks(matched, 'template')];
}

/** Clients whose tagged findings mostly carry a payload family the other sends too. */
export function payloadLinks(profiles: ReadonlyMap<number, ClientProfile>, options: LinkOptions = LINK_DEFAULTS): ClientLink[] {
  const clientsOfFamily = ownersOf([...profiles.values()].map((p) => [p.ipId, p.families.keys()]));
  const links = popularLinks(clientsOfFamily, profiles, (p, family) => p.families.get(family) ?? 0, (p) => p.taggedRequests, options.minShare, 'payload');
  const popular = (family: string) => clientsOfFamily.get(family)!.length > MAX_PAIRWISE_OWNERS;
  const matched = new Map<number, Set<number>>();
  const clients = clientIds(profiles);
  // seenIn[client] === k: the client is already counted for the k-th key set looked at.
  const seenIn = new Int32Array(clients);
  let k = 0;
  const counts = new ClientTally(clients);
  for (const profile of profiles.values()) {
    counts.reset();
    for (const family of profile.families.keys()) {
      if (popular(family)) continue;
      for (const client of clientsOfFamily.get(family)!) if (client !== profile.ipId) counts.add(client, 0);
    }
    // A key set's findings match every other client that sends one of its keys (once per set),
    // found through the owners of its keys rather than by asking each candidate about each key.
    for (const set of profile.familySets.values()) {
      k++;
      for (const key of set.keys) {
        if (popular(key)) continue;
        for (const client of clientsOfFamily.get(key)!) {
          if (client === profile.ipId || seenIn[client] === k) continue;
          seenIn[client] = k;
          counts.add(client, set.requests);
        }
      }
    }
    matched.set(profile.ipId, counts.reaching(profile.taggedRequests, options.minShare));
  }
  return [...links, ...mutualLinks(matched, 'payload')];
}

/**
 * A text or payload family that many clients share is not compared pair by pair (thousands of clients
 * sending one probe would make millions of pairs): the clients for which it is most of their findings
 * are linked to one another through the first of them, which is what the pairwise rule would give
 * them anyway (each one's share matched by the key alone); the others are not linked through it.
 */
const MAX_PAIRWISE_OWNERS = 64;

function popularLinks<K>(
  owners: ReadonlyMap<K, number[]>,
  profiles: ReadonlyMap<number, ClientProfile>,
  share: (profile: ClientProfile, key: K) => number,
  mass: (profile: ClientProfile) => number,
  minShare: number,
  kind: LinkKind,
): ClientLink[] {
  const links: ClientLink[] = [];
  for (const [key, clients] of owners) {
    if (clients.length <= MAX_PAIRWISE_OWNERS) continue;
    const dominated = clients.filter((client) => {
      const profile = profiles.get(client)!;
      return mass(profile) > 0 && share(profile, key) / mass(profile) >= minShare;
    });
    for (let i = 1; i < dominated.length; i++) links.push({ a: dominated[0]!, b: dominated[i]!, kind });
  }
  return links;
}

/**
 * Multi-attack clients whose attack tags come in the same proportions. Compared with every pair, a
 * log of twenty thousand attacking addresses made hundreds of millions of comparisons and as many
 * links; instead each tool joins the first *leader* it agrees with (cosine ≥ minToolkitCosine), or
 * leads a group of its own (leader clustering): one link per client, and as many comparisons per
 * client as there are distinct attack mixes.
 */
export function toolkitLinks(profiles: ReadonlyMap<number, ClientProfile>, options: LinkOptions = LINK_DEFAULTS): ClientLink[] {
  const tools = [...profiles.values()].filter(
    (p) =>
      p.taggedRequests >= options.minToolkitRequests &&
      [...p.soloTags.values()].filter((n) => n >= options.minToolkitTagShare * p.taggedRequests).length >= options.minToolkitTags,
  );
  const leaders: ClientProfile[] = [];
  const links: ClientLink[] = [];
  for (const tool of tools) {
    const leader = leaders.find((l) => cosine(l.tags, tool.tags) >= options.minToolkitCosine);
    if (leader === undefined) leaders.push(tool);
    else links.push({ a: leader.ipId, b: tool.ipId, kind: 'toolkit' });
  }
  return links;
}

/** Hostile clients whose probed routes overlap with Jaccard ≥ minProbeJaccard. */
export function probeLinks(profiles: ReadonlyMap<number, ClientProfile>, hostile: Uint8Array, options: LinkOptions = LINK_DEFAULTS): ClientLink[] {
  const probers = [...profiles.values()].filter((p) => hostile[p.ipId] === 1 && p.probes.size >= options.minProbeRoutes);
  const clientsOfRoute = ownersOf(probers.map((p, index) => [index, p.probes]));
  const links: ClientLink[] = [];
  for (const [index, profile] of probers.entries()) {
    const shared = new Map<number, number>();
    for (const route of profile.probes) {
      // A route that many probers share (everyone's `/wp-login.php`) is compared through the rest.
      const owners = clientsOfRoute.get(route)!;
      if (owners.length > MAX_PAIRWISE_OWNERS) continue;
      for (const other of owners) if (other > index) shared.set(other, (shared.get(other) ?? 0) + 1);
    }
    for (const [other, common] of shared) {
      const union = profile.probes.size + probers[other]!.probes.size - common;
      if (common / union >= options.minProbeJaccard) links.push({ a: profile.ipId, b: probers[other]!.ipId, kind: 'probes' });
    }
  }
  return links;
}

/** Inverted index: every key with the owners that have it, in the order given. */
function ownersOf<K>(owners: ReadonlyArray<readonly [number, Iterable<K>]>): Map<K, number[]> {
  const index = new Map<K, number[]>();
  for (const [owner, keys] of owners) {
    for (const key of keys) {
      const list = index.get(key);
      if (list === undefined) index.set(key, [owner]);
      else list.push(owner);
    }
  }
  return index;
}

/** Client ids are below this: one more than the largest profiled one. */
function clientIds(profiles: ReadonlyMap<number, ClientProfile>): number {
  let most = -1;
  for (const ipId of profiles.keys()) most = Math.max(most, ipId);
  return most + 1;
}

/**
 * Pairs where each client's matched share reaches minShare: `reached` holds, per client, the others it
 * does (ClientTally.reaching). A pair whose count falls short on either side is no link, so only those
 * are kept: every count of every client, kept until all were counted, held 200 MB on the every-site
 * 1M-line bench log.
 */
function mutualLinks(reached: ReadonlyMap<number, ReadonlySet<number>>, kind: LinkKind): ClientLink[] {
  const links: ClientLink[] = [];
  for (const [a, others] of reached) {
    for (const b of others) if (b > a && reached.get(b)?.has(a) === true) links.push({ a, b, kind });
  }
  return links;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [key, value] of a) {
    dot += value * (b.get(key) ?? 0);
    normA += value * value;
  }
  for (const value of b.values()) normB += value * value;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
