// Groups the findings of several clients into campaigns: clients linked by a shared request
// template, payload family, attack toolkit or probe list (campaign-links.ts), or by the requests
// they all send over and over (shared-target.ts), transitively. Computed from what detection
// produced; it changes no finding's score.

import type { NeighborSource } from '../cluster/dbscan.js';
import type { Campaign } from '../types.js';
import { LINK_DEFAULTS, payloadLinks, probeLinks, templateLinks, toolkitLinks, type ClientLink, type LinkKind, type LinkOptions } from './campaign-links.js';
import { clientProfiles, emptyProfile, type ClientProfile, type ProfileInput } from './client-profiles.js';
import { ordinaryTexts } from './ordinary-texts.js';
import { repeatedTargets, targetLinks, type ClientTarget, type TargetRows } from './shared-target.js';

export interface CampaignInput extends ProfileInput {
  rows: ProfileInput['rows'] & TargetRows;
  /**
   * Clients whose repeated requests may make a campaign (shared-target.ts): those reported on their
   * own, not crawlers or monitors. None when absent.
   */
  targetCandidate?: (ipId: number) => boolean;
  ips: readonly string[];
  /** Hostile clients (clients/client-context.ts): only their routes make a probe list. */
  hostile: Uint8Array;
  neighbors: NeighborSource;
  /** The DBSCAN radius: texts within it are one template. */
  eps: number;
  /** Requests of each text in the whole log, findings or not (ordinary-texts.ts). */
  textCounts: ArrayLike<number>;
}

export interface CampaignResult {
  campaigns: Campaign[];
  /** Campaign id by client IP. */
  campaignOf: Map<string, string>;
}

/** Texts shown per campaign. */
const SAMPLE_TEXTS = 5;

const WHY: Record<LinkKind, string> = {
  template: 'near-identical requests (one template)',
  payload: 'the same payload family',
  toolkit: 'the same mix of attack types (one tool)',
  probes: 'the same probe list',
  target: 'the same requests over and over',
};

export function findCampaigns(input: CampaignInput, options: LinkOptions = LINK_DEFAULTS): CampaignResult {
  const profiles = clientProfiles(input);
  const targets = input.targetCandidate ? repeatedTargets(input.rows, input.targetCandidate) : [];
  const links = [
    ...templateLinks(profiles, { neighbors: input.neighbors, eps: input.eps, ordinary: ordinaryTexts(profiles, input.textCounts, options.minFindingShare) }, options),
    ...payloadLinks(profiles, options),
    ...toolkitLinks(profiles, options),
    ...probeLinks(profiles, input.hostile, options),
    ...targetLinks(targets),
  ];
  withTargetProfiles(profiles, targets);
  const groups = connectedGroups(links);
  // Both ends of a link are in one group: the kinds of a group are those of its members' links.
  const kindsOf = new Map<number, Set<LinkKind>>();
  for (const link of links) {
    const kinds = kindsOf.get(link.a) ?? new Set<LinkKind>();
    kinds.add(link.kind);
    kindsOf.set(link.a, kinds);
  }
  const campaigns = groups
    .map((members) => describe(members, profiles, kindsOf, input))
    .sort((a, b) => b.clients - a.clients || b.requests - a.requests || (a.ips[0]! < b.ips[0]! ? -1 : 1))
    .map((campaign, index) => ({ ...campaign, id: `c${index + 1}` }));
  const campaignOf = new Map<string, string>();
  for (const campaign of campaigns) for (const ip of campaign.ips) campaignOf.set(ip, campaign.id);
  return { campaigns, campaignOf };
}

/** The clients of each connected component of the links (components of one client are no campaign). */
function connectedGroups(links: readonly ClientLink[]): number[][] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const { a, b } of links) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const byRoot = new Map<number, number[]>();
  for (const client of parent.keys()) {
    const root = find(client);
    const members = byRoot.get(root) ?? [];
    members.push(client);
    byRoot.set(root, members);
  }
  return [...byRoot.values()].map((members) => members.sort((x, y) => x - y));
}

function describe(members: number[], profiles: ReadonlyMap<number, ClientProfile>, kindsOf: ReadonlyMap<number, ReadonlySet<LinkKind>>, input: CampaignInput): Omit<Campaign, 'id'> {
  const texts = new Map<number, number>();
  const tags = new Map<string, number>();
  const families = new Map<string, number>();
  let requests = 0;
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const client of members) {
    const profile = profiles.get(client)!;
    requests += profile.requests;
    firstMs = Math.min(firstMs, profile.firstMs);
    lastMs = Math.max(lastMs, profile.lastMs);
    for (const [textId, count] of profile.texts) texts.set(textId, (texts.get(textId) ?? 0) + count);
    for (const [tag, count] of profile.tags) tags.set(tag, (tags.get(tag) ?? 0) + count);
    for (const [family, count] of profile.families) families.set(family, (families.get(family) ?? 0) + count);
  }
  const kinds = new Set(members.flatMap((client) => [...(kindsOf.get(client) ?? [])]));
  const why = (['template', 'payload', 'toolkit', 'probes', 'target'] as const).filter((kind) => kinds.has(kind)).map((kind) => WHY[kind]);
  const topFamilies = byCount(families).slice(0, 3);
  return {
    clients: members.length,
    ips: members.map((client) => input.ips[client]!).sort(),
    firstMs: Number.isFinite(firstMs) ? firstMs : null,
    lastMs: Number.isFinite(lastMs) ? lastMs : null,
    requests,
    sample: byCount(texts).slice(0, SAMPLE_TEXTS).map((textId) => input.texts[textId]!),
    tags: byCount(tags),
    reason:
      `${members.length} clients send ${why.join(', ')}` +
      (topFamilies.length > 0 && kinds.has('payload') ? `: ${topFamilies.join(', ')}` : ''),
  };
}

/**
 * A profile for each client that is in a campaign only by its repeated requests: they stand for its
 * findings (the campaign's requests, span and sample).
 */
function withTargetProfiles(profiles: Map<number, ClientProfile>, targets: readonly ClientTarget[]): void {
  for (const target of targets) {
    if (profiles.has(target.ipId)) continue;
    const profile = emptyProfile(target.ipId);
    profile.requests = target.requests;
    for (const [textId, requests] of target.texts) profile.texts.set(textId, requests);
    profile.firstMs = target.firstMs;
    profile.lastMs = target.lastMs;
    profiles.set(target.ipId, profile);
  }
}

/** Keys, most frequent first (ties in key order, so the report is stable). */
function byCount<K>(counts: ReadonlyMap<K, number>): K[] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([key]) => key);
}
