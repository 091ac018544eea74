// The library's boundary: analyze(), prepareScan(), detectAnomalies(), trainBaseline() and the pool
// check their numeric options against OPTION_RULES before any work, naming the option by its path
// (renderReport() and findingsOver() check their one number themselves).

import type { DetectOptions } from '../pipeline/detect-anomalies.js';
import { UsageError } from '../errors.js';
import { EMBEDDING_MODES } from '../pipeline/embedding-modes.js';
import type { PrepareOptions } from '../pipeline/prepare-scan.js';
import { checkLearnedClientModel } from '../clients/learned-client-score.js';
import { checkLearnedModel } from '../rank/learned-score.js';
import { checkNumbers } from './check-number.js';
import { OPTION_RULES as R } from './option-rules.js';

export function checkPrepareOptions(options: PrepareOptions): void {
  checkNumbers('', options, { maxLineBytes: R.maxLineBytes, windowMs: R.windowMs, neighborsAhead: R.neighborsAhead });
  checkEmbeddingOptions('embedding.', options.embedding);
  checkEmbeddingMode(options.embeddingMode, 'option embeddingMode');
  checkNumbers('hnsw.', options.hnsw, { m: R.m, efConstruction: R.efConstruction, efSearch: R.efSearch });
  checkNumbers('scope.', options.scope, { sinceMs: R.timeMs, untilMs: R.timeMs, ipv6Prefix: R.ipv6Prefix });
}

/** `full` or `cascade` (pipeline/cascade.ts); `where` names the option as the user wrote it. */
export function checkEmbeddingMode(mode: unknown, where: string): void {
  if (mode === undefined || (EMBEDDING_MODES as readonly unknown[]).includes(mode)) return;
  throw new UsageError(`${where} must be one of ${EMBEDDING_MODES.join(', ')}, not ${JSON.stringify(mode)}`, {
    hint: 'full embeds every distinct text with MiniLM; cascade embeds only the texts that decide the outcome',
  });
}

export function checkEmbeddingOptions(prefix: string, options: object | undefined): void {
  checkNumbers(prefix, options, { workers: R.workers, threadsPerWorker: R.threadsPerWorker, batchSize: R.batchSize });
}

export function checkDetectOptions(options: DetectOptions): void {
  checkNumbers('semantic.', options.semantic, {
    eps: R.eps, minSamples: R.minSamples, minRarity: R.minRarity, farOutlier: R.farOutlier, maxNeighbors: R.maxNeighbors,
  });
  checkNumbers('', options, { zThreshold: R.zThreshold });
  checkNumbers('categories.', options.categories, {
    minCount: R.minCount, rareShare: R.rareShare, minRequests: R.minRequests,
    clientShare: R.clientShare, shareRatio: R.shareRatio, minShareRise: R.minShareRise,
  });
  checkNumbers('fuse.', options.fuse, { minFlaggedLines: R.minFlaggedLines, ipWeight: R.ipWeight, minLineScore: R.minScore });
  if (options.learned !== undefined) checkLearnedModel(options.learned, 'option learned');
  if (options.learnedClients !== undefined) checkLearnedClientModel(options.learnedClients, 'option learnedClients');
}
