// What the scan says about the site itself, before any line is judged: its routes, its fields'
// characters (learned from the baseline when there is one), its hostile clients, which texts carry a
// signature, and the test of "unusual for this site" that a hostile client's requests must pass.

import { clientContext, probesManyPaths, type ClientContext } from '../clients/client-context.js';
import { isFormBot } from '../clients/client-rank.js';
import { knownAgent } from '../clients/known-agents.js';
import { isMissingAddress } from '../clients/proxied-log.js';
import { SCANNER_AGENT_TAG } from '../features/attack-patterns.js';
import { characterRarity, symbolsOf } from '../normalize/character-rarity.js';
import { fieldNovelty, type FieldNovelty } from '../params/field-novelty.js';
import { MIN_SITE_CLIENTS, unusualRequest } from '../rank/unusual-request.js';
import { routeOf } from '../sitemap/route-of.js';
import { catchAllAnswers, learnCatchAllPages, type CatchAllPage } from '../sitemap/catch-all-page.js';
import { buildSiteMap, type SiteMap } from '../sitemap/site-map.js';
import type { Baseline } from './baseline-store.js';
import { signatureTags, type DetectionSignal } from './detection-signals.js';
import type { PreparedScan } from './prepare-scan.js';

export interface SiteJudgement {
  map: SiteMap;
  /** How unusual each text's characters are for the fields they stand in. */
  characters: FieldNovelty;
  /** Hostile clients. */
  context: ClientContext;
  /**
   * 1 where a distinct text carries an attack signature in its request line: such a text supports no
   * cluster and teaches no field, whoever sent it (a campaign from many addresses is no normal traffic).
   */
  tagged: Uint8Array;
  /** Why record `row` is unusual for the site (rank/unusual-request.ts); undefined when it is not. */
  unusual(row: number): string | undefined;
  /**
   * 1 where the client is a form bot (clients/client-rank.ts isFormBot): its instant POSTs are line
   * findings, the spam or sign-up or log-in attempts themselves. All 0 with the client roles off.
   */
  formBots: Uint8Array;
  /** The sizes of the page the site answers 200 with for paths it does not have (sitemap/catch-all-page.ts); usually none. */
  catchAll: CatchAllPage[];
}

/**
 * What the scan says about the site itself: its routes, its fields' characters (learned from the
 * baseline's texts when there is one), its hostile clients.
 */
export function judgeSite(
  prepared: Pick<PreparedScan, 'state'>,
  minRarity: number,
  baseline?: Pick<Baseline, 'texts' | 'counts'>,
  on: (signal: DetectionSignal) => boolean = () => true,
): SiteJudgement {
  const { state } = prepared;
  const map = buildSiteMap(state.table.texts, state.occurrences);
  const tagsOf = signatureTags(on, state.tags);
  const tagKinds = tagKindsOf(tagsOf);
  const crawler = (ipId: number) => knownAgent(state.ipAccumulator.topUserAgent(ipId))?.role === 'crawler';
  const noClient = (ipId: number) => isMissingAddress(state.ips[ipId]!);
  const catchAll = on('catchAllPage') ? learnCatchAllPages(state.occurrences, map) : [];
  const context = clientContext({
    rows: state.occurrences, clients: state.ips.length, site: map, tagKinds, crawler, noClient,
    ...(catchAll.length > 0 && { catchAll: catchAllAnswers(state.occurrences, catchAll) }),
  });
  if (!on('hostileClients')) context.hostile.fill(0);
  const tagged = taggedTexts(state.occurrences, state.table.size, tagKinds);
  const characters = on('fieldNovelty')
    ? fieldNovelty(state.table.texts, (id) => map.textClients.members(id), (client, id) => context.hostile[client] !== 1 && tagged[id] !== 1, baseline)
    : logWideRarity(state.table.texts, state.table.counts);
  const ordinaryClients = context.hostile.reduce((n, hostile) => n + (hostile === 1 ? 0 : 1), 0);
  const unusual = {
    rows: state.occurrences,
    map,
    characters,
    minBits: minRarity,
    payloadTags: (mask: number) => tagsOf(mask).filter((t) => t !== SCANNER_AGENT_TAG),
    routesKnown: ordinaryClients >= MIN_SITE_CLIENTS,
    // Only a client that says it is a scanner: one address carrying a whole site (netnea's tutorial-8,
    // a replay the site answered 404 to all of its 10,000 requests, whose few CRS-like payloads make it
    // hostile) probes as much by this measure.
    prober: (ipId: number) => context.evidence[ipId]!.scannerAgent && probesManyPaths(context.evidence[ipId]!),
    catchAllProbe: context.catchAllProbe,
    ...(baseline !== undefined && { baseline: baselineVocabulary(baseline.texts, state.table.texts) }),
  };
  const formBots = new Uint8Array(state.ips.length);
  if (on('clientRoles')) for (let ipId = 0; ipId < formBots.length; ipId++) formBots[ipId] = !noClient(ipId) && isFormBot(state.ipAccumulator.formPosts(ipId)) ? 1 : 0;
  return { map, characters, context, tagged, unusual: (row) => unusualRequest(unusual, row), formBots, catchAll };
}

/** The character rarity of semlog before field novelty: per log, weighted by requests (for ablation). */
function logWideRarity(texts: readonly string[], counts: ArrayLike<number>): FieldNovelty {
  const { rarity, bits } = characterRarity(texts, counts);
  return {
    bits: rarity,
    explain: (id) => {
      const rarest = [...symbolsOf(texts[id]!)].sort((a, b) => bits(b) - bits(a)).slice(0, 6);
      return `unusual characters for this log: ${rarest.map((ch) => JSON.stringify(ch)).join(' ')} (rarity ${rarity[id]!.toFixed(1)} bits)`;
    },
  };
}

/** Which of today's texts the baseline had verbatim, and which routes it served. */
function baselineVocabulary(baselineTexts: readonly string[], texts: readonly string[]) {
  const known = new Set(baselineTexts);
  const routes = new Set(baselineTexts.map(routeOf));
  const hasText = Uint8Array.from(texts, (text) => (known.has(text) ? 1 : 0));
  return { hasText: (textId: number) => hasText[textId] === 1, hasRoute: (route: string) => routes.has(route) };
}

/** Texts whose request line (not a header) carries a payload tag in any of their records. */
function taggedTexts(
  rows: { readonly size: number; textId(i: number): number; tagMask(i: number): number; headerTags(i: number): number },
  texts: number,
  tagKinds: (mask: number) => { payload: boolean },
): Uint8Array {
  const tagged = new Uint8Array(texts);
  for (let i = 0; i < rows.size; i++) {
    const mask = rows.tagMask(i) & ~rows.headerTags(i);
    if (mask !== 0 && tagKinds(mask).payload) tagged[rows.textId(i)] = 1;
  }
  return tagged;
}

/** Which kinds of tag a tag mask holds, memoized per mask (a log has few distinct masks). */
export function tagKindsOf(tagsOf: (mask: number) => string[]): (mask: number) => { payload: boolean; scannerAgent: boolean } {
  const memo = new Map<number, { payload: boolean; scannerAgent: boolean }>();
  return (mask) => {
    let kinds = memo.get(mask);
    if (kinds === undefined) {
      const tags = tagsOf(mask);
      kinds = { payload: tags.some((t) => t !== SCANNER_AGENT_TAG), scannerAgent: tags.includes(SCANNER_AGENT_TAG) };
      memo.set(mask, kinds);
    }
    return kinds;
  };
}
