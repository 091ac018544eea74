// Campaigns, live: scan's grouping of clients into one campaign (campaigns/find-campaigns.ts) for
// `semlog watch`, over the line findings the watcher has written. A botnet that sends each of its
// addresses to the same probes or payloads gives a client finding per address; the campaign says they
// are one actor, which is what a block list or an alert wants.
//
// The watcher keeps, per client with findings, its first LINES_PER_CLIENT finding lines (their text,
// tags, time, whether a probe) for the MAX_CAMPAIGN_CLIENTS clients with findings seen last, and once a
// minute of log time runs scan's links over them as they stand: the same payload family, the same mix
// of attacks (one tool), the same probe list (hostile clients), and one template. Live there is no
// index of the day's texts, so a template is the very same request text, not one within eps; and the
// clients that only repeat ordinary requests (scan's "the same requests over and over") are not
// linked, as their requests are no findings here.
//
// A campaign is written when it is found and again when it gains clients, each time whole, under the
// id it was first written with (`c1`, `c2`, … in the order found). Two written campaigns that join
// are written again under the older id. Each write lists the clients its links join then: links are
// worked out afresh each time, and a client whose later findings no longer match is left out of the
// next write of its campaign.

import { findCampaigns, type CampaignInput } from '../campaigns/find-campaigns.js';
import { isMissingAddress } from '../clients/proxied-log.js';
import { attackTags } from '../features/attack-tags.js';
import type { NeighborSource } from '../cluster/dbscan.js';
import { SEMANTIC_DEFAULTS } from '../pipeline/semantic-outliers.js';
import { TagMasks } from '../pipeline/occurrences.js';
import type { Campaign, IpFinding, LineFinding } from '../types.js';
import { Interner } from '../interner.js';
import type { JudgedRecord } from './judge-records.js';
import { sourceText, type KeptLine } from './probe-lines.js';
import { RecencyMap } from './recency-map.js';

/** Clients with findings kept for campaigns, the one whose findings came longest ago forgotten first. */
export const MAX_CAMPAIGN_CLIENTS = 5_000;
/** Finding lines kept per client: its first ones; its later ones are left out of its campaign's counts and shares. */
export const LINES_PER_CLIENT = 50;
/** Log time between two judgements of the campaigns. */
export const CAMPAIGN_EVERY_MS = 60_000;
/** Without time stamps, the campaigns are judged after this many new finding lines. */
export const CAMPAIGN_EVERY_LINES = 1_000;

/** What campaigns read of one line finding. */
export interface CampaignLine {
  finding: LineFinding;
  /** The tags of the request line alone, not of its headers. */
  requestTags: readonly string[];
  /** The tags in its User-Agent and Referer, and the HEADER_BITS of those headers. */
  headerTags: readonly string[];
  headers: number;
  /** Whether the line is a hostile client's probe (probe-lines.ts). */
  probe: boolean;
  timeMs: number | null;
}

/** What is kept of a line: ~100 bytes and its text (cut as a probe's source is, probe-lines.ts). */
interface KeptCampaignLine {
  text: string;
  /** How often its text was seen when it was written. */
  count: number;
  /** OUTLIER | IN_REQUEST | PROBE. */
  flags: number;
  requestTags: number;
  headerTags: number;
  headers: number;
  /** NaN when not logged. */
  timeMs: number;
}

const OUTLIER = 1;
const IN_REQUEST = 2;
const PROBE = 4;

interface LiveClient {
  lines: KeptCampaignLine[];
  hostile: boolean;
}

export class LiveCampaigns {
  readonly #clients = new RecencyMap<string, LiveClient>(MAX_CAMPAIGN_CLIENTS);
  /** The written campaign of each client in one. */
  readonly #campaignOf = new RecencyMap<string, number>(MAX_CAMPAIGN_CLIENTS);
  /** Tag masks of the kept lines: the attack tags are a few dozen (a mask holds 16, as scan's). */
  readonly #masks = new TagMasks();
  #written = 0;
  #newLines = 0;
  #judgedMs: number | null = null;

  /** Notes the batch's line findings. Records without a client address are everyone's: no campaign member (clients/proxied-log.ts). */
  add(lines: readonly CampaignLine[]): void {
    for (const line of lines) {
      if (isMissingAddress(line.finding.ip)) continue;
      const client = this.#client(line.finding.ip);
      if (client.lines.length < LINES_PER_CLIENT) client.lines.push(this.#keep(line));
      this.#newLines++;
    }
  }

  /** Notes the batch's client findings: a hostile client's probes make a probe list. */
  noteClients(ips: readonly IpFinding[]): void {
    for (const ip of ips) if (ip.labels.includes('hostile')) this.#client(ip.ip).hostile = true;
  }

  /**
   * The campaigns found or grown since the last judgement, when CAMPAIGN_EVERY_MS of log time passed
   * since it (`nowMs`: the newest time read; null when the log has none, then every
   * CAMPAIGN_EVERY_LINES new lines); none otherwise.
   */
  due(nowMs: number | null): Campaign[] {
    if (this.#newLines === 0) return [];
    if (nowMs === null ? this.#newLines < CAMPAIGN_EVERY_LINES : this.#judgedMs !== null && nowMs - this.#judgedMs < CAMPAIGN_EVERY_MS) return [];
    this.#judgedMs = nowMs;
    return this.flush();
  }

  /** The campaigns found or grown since the last judgement, judged now (the input has ended). */
  flush(): Campaign[] {
    if (this.#newLines === 0) return [];
    this.#newLines = 0;
    const found = findCampaigns(this.#campaignInput()).campaigns;
    const changed: Campaign[] = [];
    // Larger campaigns first, as scan ranks them: a new one takes the next id in that order.
    for (const campaign of found) {
      const earlier = campaign.ips.map((ip) => this.#campaignOf.peek(ip)).filter((id): id is number => id !== undefined);
      const id = earlier.length > 0 ? Math.min(...earlier) : ++this.#written;
      if (earlier.length === campaign.ips.length && earlier.every((known) => known === id)) continue;
      for (const ip of campaign.ips) this.#campaignOf.set(ip, id);
      changed.push({ ...campaign, id: `c${id}` });
    }
    return changed;
  }

  /** The id of the written campaign client `ip` is in; undefined when none. */
  campaignOf(ip: string): string | undefined {
    const id = this.#campaignOf.peek(ip);
    return id === undefined ? undefined : `c${id}`;
  }

  /** Clients kept for campaigns. */
  get clients(): number {
    return this.#clients.size;
  }

  #keep(line: CampaignLine): KeptCampaignLine {
    const { finding } = line;
    return {
      text: sourceText(finding.text),
      count: finding.count,
      flags: (finding.outlierScore > 0 ? OUTLIER : 0) | (finding.fields.includes('request') ? IN_REQUEST : 0) | (line.probe ? PROBE : 0),
      requestTags: line.requestTags.length === 0 ? 0 : this.#masks.mask(line.requestTags),
      headerTags: line.headerTags.length === 0 ? 0 : this.#masks.mask(line.headerTags),
      headers: line.headers,
      timeMs: line.timeMs ?? Number.NaN,
    };
  }

  #client(ip: string): LiveClient {
    const client = this.#clients.peek(ip) ?? { lines: [], hostile: false };
    this.#clients.set(ip, client);
    return client;
  }

  /** Scan's campaign input over the kept lines: rows, ids and sets made afresh each time. */
  #campaignInput(): CampaignInput {
    const ips: string[] = [];
    const texts = new Interner();
    const lines: KeptCampaignLine[] = [];
    const textIds: number[] = [];
    const ipIds: number[] = [];
    const outliers = new Set<number>();
    const counts: number[] = [];
    const hostile: number[] = [];
    for (const [ip, client] of this.#clients.entries()) {
      const ipId = ips.length;
      ips.push(ip);
      if (client.hostile) hostile.push(ipId);
      for (const line of client.lines) {
        const textId = texts.id(line.text);
        counts[textId] = Math.max(counts[textId] ?? 0, line.count);
        if ((line.flags & OUTLIER) !== 0) outliers.add(textId);
        lines.push(line);
        textIds.push(textId);
        ipIds.push(ipId);
      }
    }
    const hostileFlags = new Uint8Array(ips.length);
    for (const ipId of hostile) hostileFlags[ipId] = 1;
    return {
      rows: {
        size: lines.length,
        textId: (i) => textIds[i]!,
        ipId: (i) => ipIds[i]!,
        requestTags: (i) => lines[i]!.requestTags,
        headerTags: (i) => lines[i]!.headerTags,
        headers: (i) => lines[i]!.headers,
        timeMs: (i) => lines[i]!.timeMs,
      },
      findingRows: textIds.keys(),
      texts: texts.values,
      tagsOf: (mask) => this.#masks.tags(mask),
      probe: (i) => (lines[i]!.flags & PROBE) !== 0,
      inRequest: (i) => (lines[i]!.flags & IN_REQUEST) !== 0,
      outlier: (textId) => outliers.has(textId),
      ips,
      hostile: hostileFlags,
      neighbors: sameTextOnly(texts.values.length),
      eps: SEMANTIC_DEFAULTS.eps,
      textCounts: counts,
    };
  }
}

/** A judged record's line finding as campaigns read it; undefined when the record is no finding. */
export function judgedLine(judged: JudgedRecord): CampaignLine | undefined {
  const { finding, record, headers } = judged;
  if (finding === undefined) return undefined;
  // As scan's rows give it (pipeline/request-memo.ts requestTags): the request line's own tags when a
  // header carries an attack, for a payload the Referer repeats is no second one.
  const requestTags = headers === 0 ? judged.tags : attackTags({ ...record, userAgent: '', referer: '', cookie: '' });
  return { finding, requestTags, headerTags: judged.headerTags, headers, probe: false, timeMs: record.timeMs };
}

/** A line finding written from what a client's window kept (a probe, a form bot's POST), as campaigns read it. */
export function keptCampaignLine(kept: KeptLine): CampaignLine {
  return { finding: kept.finding, requestTags: [], headerTags: [], headers: 0, probe: kept.probe, timeMs: kept.timeMs };
}

/** A neighbour source in which each text's only neighbour is itself: templates are identical texts. */
function sameTextOnly(size: number): NeighborSource {
  return { size, neighbors: (id) => ({ ids: [id], distances: [0] }) };
}
