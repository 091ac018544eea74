// One pass over the input: every record is scoped, tagged, normalized to its text, deduplicated,
// fed to the structured accumulators and (for new texts) queued for embedding.

import { AttackTagger } from '../features/attack-tagger.js';
import { IpAccumulator } from '../features/ip-accumulator.js';
import type { ScopeClassifier } from '../features/scope.js';
import { WindowAccumulator } from '../features/window-accumulator.js';
import { requestText } from '../normalize/request-text.js';
import { TextTable } from '../normalize/text-table.js';
import type { LogStream } from '../parse/read-logs.js';
import type { EmbeddingFeed } from './embedding-feed.js';
import { Interner, Occurrences, TagMasks } from './occurrences.js';

export interface IngestState {
  table: TextTable;
  occurrences: Occurrences;
  files: Interner;
  ips: Interner;
  tags: TagMasks;
  ipAccumulator: IpAccumulator;
  windowAccumulator: WindowAccumulator;
}

export async function ingestRecords(
  stream: LogStream,
  scope: ScopeClassifier,
  feed: EmbeddingFeed,
  windowMs: number,
): Promise<IngestState> {
  const state: IngestState = {
    table: new TextTable(),
    occurrences: new Occurrences(),
    files: new Interner(),
    ips: new Interner(),
    tags: new TagMasks(),
    ipAccumulator: new IpAccumulator(),
    windowAccumulator: new WindowAccumulator(windowMs),
  };
  const { table, occurrences, files, ips, tags, ipAccumulator, windowAccumulator } = state;
  const tagger = new AttackTagger();
  for await (const batch of stream) {
    for (const record of batch) {
      if (scope(record) !== null) continue; // counted by the scope itself
      const before = table.size;
      const textId = table.add(requestText(record));
      if (table.size > before) await feed.push(table.text(textId));
      const lineTags = tagger.tag(record);
      ipAccumulator.add(record, lineTags);
      windowAccumulator.add(record);
      occurrences.add(textId, files.id(record.file), record.line, ips.id(record.clientIp), tags.mask(lineTags));
    }
  }
  return state;
}
