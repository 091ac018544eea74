// One pass over the input: every record is scoped, tagged, normalized to its text, deduplicated,
// fed to the structured accumulators and (for new texts) queued for embedding.

import { CategoryCounts } from '../categories/category-counts.js';
import { InputError } from '../errors.js';
import { HEADER_BITS, HeaderTagMemo } from '../features/header-attacks.js';
import { IpAccumulator } from '../features/ip-accumulator.js';
import type { ScopeClassifier } from '../features/scope.js';
import { WindowAccumulator } from '../features/window-accumulator.js';
import { TextTable } from '../normalize/text-table.js';
import type { LogStream } from '../parse/read-logs.js';
import { Interner, Occurrences, TagMasks } from './occurrences.js';
import { RequestMemo } from './request-memo.js';

export interface IngestState {
  table: TextTable;
  occurrences: Occurrences;
  files: Interner;
  /** Client IPs by the ipId of `occurrences`. */
  ips: readonly string[];
  tags: TagMasks;
  /** WAF verdicts (`action` + `\t` + terminating rule) by the ids in `occurrences`. */
  wafVerdicts: Interner;
  ipAccumulator: IpAccumulator;
  windowAccumulator: WindowAccumulator;
  /** Counts of the categorical fields (method, status, country, WAF action, …) overall, per client, per window. */
  categories: CategoryCounts;
}

/**
 * The per-client and window state of the records, built elsewhere: the reduce of a distributed scan
 * merges what its map jobs built (distributed/partial-aggregates.ts) instead of adding every record
 * again. `instantRows` are the rows (in-scope records, from 0) that are POSTs sent within a second of
 * their form; the accumulators must hold exactly the records the ingest reads.
 */
export interface IngestAggregates {
  ipAccumulator: IpAccumulator;
  windowAccumulator: WindowAccumulator;
  instantRows: ReadonlySet<number>;
}

export interface IngestOptions {
  /** Keep what merging the per-client state with another part's needs (a map job; ip-accumulator.ts). */
  mergeable?: boolean;
  aggregates?: IngestAggregates;
}

export async function ingestRecords(
  stream: LogStream,
  scope: ScopeClassifier,
  feed: { push(text: string): Promise<void> },
  windowMs: number,
  options: IngestOptions = {},
): Promise<IngestState> {
  const { aggregates } = options;
  if (aggregates !== undefined && aggregates.windowAccumulator.windowMs !== windowMs) {
    throw disagreement(`their windows are ${aggregates.windowAccumulator.windowMs} ms long, the scan's ${windowMs} ms`);
  }
  const ipAccumulator = aggregates?.ipAccumulator ?? new IpAccumulator({ mergeable: options.mergeable ?? false });
  const state: IngestState = {
    table: new TextTable(),
    occurrences: new Occurrences(),
    files: new Interner(),
    ips: ipAccumulator.ips,
    tags: new TagMasks(),
    wafVerdicts: new Interner(),
    ipAccumulator,
    windowAccumulator: aggregates?.windowAccumulator ?? new WindowAccumulator(windowMs),
    categories: new CategoryCounts(windowMs),
  };
  const { table, occurrences, files, windowAccumulator } = state;
  // Merged top lists are exact only while they fit (features/top-k.ts): counted again from the records.
  aggregates?.ipAccumulator.restartTops();
  const requests = new RequestMemo(table, state.tags);
  const referers = new HeaderTagMemo('referer');
  for await (const batch of stream) {
    for (const record of batch) {
      if (scope(record) !== null) continue; // counted by the scope itself
      const before = table.size;
      const facts = requests.facts(record);
      const { textId, tagMask, profile, agentTags } = facts;
      table.count(textId);
      if (table.size > before) await feed.push(table.text(textId));
      let ipId: number;
      let instantPost: boolean;
      if (aggregates === undefined) {
        ipId = ipAccumulator.add(record, profile);
        instantPost = ipAccumulator.lastInstantPost;
        windowAccumulator.add(record);
      } else {
        ipId = knownClient(ipAccumulator.recountTops(record, profile), record.clientIp);
        instantPost = aggregates.instantRows.has(occurrences.size);
      }
      state.categories.add(record, ipId, state.ips[ipId]!);
      const refererTags = referers.tags(record.referer);
      const headers = (agentTags.length > 0 ? HEADER_BITS.userAgent : 0) | (refererTags.length > 0 ? HEADER_BITS.referer : 0);
      const headerTags = headers === 0 ? 0 : state.tags.mask([...agentTags, ...refererTags]);
      const requestTags = headers === 0 ? tagMask : requests.requestTags(record, facts);
      const action = record.extras?.['action'];
      const wafVerdict = action ? state.wafVerdicts.id(`${action}\t${record.extras?.['terminatingRuleId'] ?? ''}`) : -1;
      occurrences.add(textId, files.id(record.file), record.line, ipId, tagMask | headerTags, record.status ?? 0, headers, headerTags, record.timeMs ?? NaN, wafVerdict, requestTags, facts.browserRequest, instantPost);
    }
  }
  if (aggregates !== undefined && occurrences.size !== ipAccumulator.recordCount) {
    throw disagreement(`their client state holds ${ipAccumulator.recordCount} records, their records ${occurrences.size}`);
  }
  return state;
}

function knownClient(id: number | undefined, ip: string): number {
  if (id === undefined) throw disagreement(`client ${JSON.stringify(ip)} has records but no client state`);
  return id;
}

/** Aggregates that do not describe the records read (exit 3): no report may rest on them. */
function disagreement(what: string): InputError {
  return new InputError('SEMLOG_PARTIAL_UNREADABLE', `the map results disagree: ${what}`, {
    hint: 'the store holds results of two different scans or semlog versions, or was changed while the scan ran: scan again',
  });
}
