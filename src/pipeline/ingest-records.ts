// One pass over the input: every record is scoped, tagged, normalized to its text, deduplicated,
// fed to the structured accumulators and (for new texts) queued for embedding.

import { CategoryCounts } from '../categories/category-counts.js';
import { isCloudFrontAgent } from '../clients/cdn-origin-log.js';
import { forwardedFor } from '../features/forwarded-client.js';
import { HEADER_BITS, HeaderTagMemo } from '../features/header-attacks.js';
import { IpAccumulator } from '../features/ip-accumulator.js';
import { rejudgePostsInTimeOrder } from '../features/posts-in-time-order.js';
import type { ScopeClassifier } from '../features/scope.js';
import { WindowAccumulator } from '../features/window-accumulator.js';
import { Interner } from '../interner.js';
import { TextTable } from '../normalize/text-table.js';
import { answerSize } from '../sitemap/catch-all-page.js';
import type { LogStream } from '../parse/read-logs.js';
import { Occurrences, TagMasks } from './occurrences.js';
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
  /** Records that carry an X-Forwarded-For value semlog reads (features/forwarded-client.ts): what the proxy warning advises on. */
  forwardedHeaders: number;
  /** Records with CloudFront's own user agent, and the client ids that sent them (clients/cdn-origin-log.ts). */
  cloudFrontAgent: { requests: number; clients: Set<number> };
}

export async function ingestRecords(
  stream: LogStream,
  scope: ScopeClassifier,
  feed: { push(text: string): Promise<void> },
  windowMs: number,
): Promise<IngestState> {
  const ipAccumulator = new IpAccumulator();
  const state: IngestState = {
    table: new TextTable(),
    occurrences: new Occurrences(),
    files: new Interner(),
    ips: ipAccumulator.ips,
    tags: new TagMasks(),
    wafVerdicts: new Interner(),
    ipAccumulator,
    windowAccumulator: new WindowAccumulator(windowMs),
    categories: new CategoryCounts(windowMs),
    forwardedHeaders: 0,
    cloudFrontAgent: { requests: 0, clients: new Set() },
  };
  const { table, occurrences, files, windowAccumulator } = state;
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
      const ipId = ipAccumulator.add(record, profile);
      windowAccumulator.add(record);
      state.categories.add(record, ipId, state.ips[ipId]!);
      const refererTags = referers.tags(record.referer);
      const headers = (agentTags.length > 0 ? HEADER_BITS.userAgent : 0) | (refererTags.length > 0 ? HEADER_BITS.referer : 0);
      const headerTags = headers === 0 ? 0 : state.tags.mask([...agentTags, ...refererTags]);
      const requestTags = headers === 0 ? tagMask : requests.requestTags(record, facts);
      const action = record.extras?.['action'];
      const wafVerdict = action ? state.wafVerdicts.id(`${action}\t${record.extras?.['terminatingRuleId'] ?? ''}`) : -1;
      if (record.extras !== null && forwardedFor(record) !== undefined) state.forwardedHeaders++;
      if (isCloudFrontAgent(record.userAgent)) {
        state.cloudFrontAgent.requests++;
        state.cloudFrontAgent.clients.add(ipId);
      }
      occurrences.add(textId, files.id(record.file), record.line, ipId, tagMask | headerTags, record.status ?? 0, headers, headerTags, record.timeMs ?? NaN, wafVerdict, requestTags, facts.browserRequest, ipAccumulator.lastInstantPost, answerSize(record));
    }
  }
  // Several servers' logs read one after the other give a client's requests out of time order: its
  // instant POSTs are judged again in time order.
  rejudgePostsInTimeOrder(occurrences, table.texts, state.ips.length, ipAccumulator);
  return state;
}
