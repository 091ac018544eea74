// The library's boundary: analyze(), prepareScan(), detectAnomalies(), trainBaseline() and the pool
// check their options' types (check-option-type.ts) and numbers (OPTION_RULES) before any work,
// naming the option by its path (renderReport() and findingsOver() check theirs themselves).

import type { DetectOptions } from '../pipeline/detect-anomalies.js';
import { UsageError } from '../errors.js';
import { EMBEDDING_MODES } from '../pipeline/embedding-modes.js';
import type { PrepareOptions } from '../pipeline/prepare-scan.js';
import { checkLearnedClientModel } from '../clients/learned-client-score.js';
import { checkLearnedModel } from '../rank/learned-score.js';
import { ENCODER_BACKENDS } from '../embed/embedder.js';
import { checkSignalSwitches } from '../pipeline/detection-signals.js';
import { checkNumbers } from './check-number.js';
import { checkGroup, checkOneOf, checkType, checkTypes } from './check-option-type.js';
import { OPTION_RULES as R } from './option-rules.js';

/** `fn` is the function whose options these are (`analyze()`), for an options argument that is no object. */
export function checkPrepareOptions(options: PrepareOptions, fn = 'prepareScan()'): void {
  checkType(`${fn} options`, options, 'object');
  checkType('option paths', options.paths, 'strings');
  checkTypes('', options, {
    records: 'object', format: 'string', logFormat: 'string', stdin: 'object', s3: 'object', embedding: 'object', embedder: 'object',
    cacheDir: 'folderOrFalse', hnsw: 'object', semantic: 'object', scope: 'object', signal: 'signal', onProgress: 'function',
  });
  checkNumbers('', options, { maxLineBytes: R.maxLineBytes, windowMs: R.windowMs, neighborsAhead: R.neighborsAhead });
  checkEmbeddingOptions('embedding.', options.embedding);
  checkEmbeddingMode(options.embeddingMode, 'option embeddingMode');
  checkNumbers('hnsw.', options.hnsw, { m: R.m, efConstruction: R.efConstruction, efSearch: R.efSearch });
  checkSemanticOptions(options.semantic);
  checkTypes('scope.', options.scope, { trustedProxies: 'strings', exclude: 'strings', allowIps: 'strings', allowUserAgents: 'strings' });
  checkNumbers('scope.', options.scope, { sinceMs: R.timeMs, untilMs: R.timeMs, ipv6Prefix: R.ipv6Prefix });
}

/** `full` or `cascade` (pipeline/cascade.ts); `where` names the option as the user wrote it. */
export function checkEmbeddingMode(mode: unknown, where: string): void {
  if (mode === undefined || (EMBEDDING_MODES as readonly unknown[]).includes(mode)) return;
  throw new UsageError(`${where} must be one of ${EMBEDDING_MODES.join(', ')}, not ${JSON.stringify(mode)}`, {
    hint: 'full embeds every distinct text with MiniLM; cascade embeds only the texts that decide the outcome',
  });
}

/** `prefix` is the group's path with its dot (`embedding.`), or '' for createPoolEmbedder()'s own options. */
export function checkEmbeddingOptions(prefix: string, options: object | undefined): void {
  checkGroup(prefix === '' ? 'createPoolEmbedder() options' : `option ${prefix.slice(0, -1)}`, options);
  checkTypes(prefix, options, { modelDir: 'string', keyMemoFile: 'string' });
  checkOneOf(`option ${prefix}backend`, (options as { backend?: unknown } | undefined)?.backend, ENCODER_BACKENDS);
  checkNumbers(prefix, options, { workers: R.workers, threadsPerWorker: R.threadsPerWorker, batchSize: R.batchSize });
}

export function checkSemanticOptions(semantic: object | undefined): void {
  checkGroup('option semantic', semantic);
  checkNumbers('semantic.', semantic, {
    eps: R.eps, minSamples: R.minSamples, minRarity: R.minRarity, farOutlier: R.farOutlier, maxNeighbors: R.maxNeighbors,
  });
}

/** `fn` is the function whose options these are (`detectAnomalies()`), for an options argument that is no object. */
export function checkDetectOptions(options: DetectOptions, fn = 'detectAnomalies()'): void {
  checkType(`${fn} options`, options, 'object');
  checkTypes('', options, { fuse: 'object', categories: 'object', baseline: 'object' });
  checkSemanticOptions(options.semantic);
  checkSignalSwitches(options.signals);
  checkNumbers('', options, { zThreshold: R.zThreshold });
  checkNumbers('categories.', options.categories, {
    minCount: R.minCount, rareShare: R.rareShare, minRequests: R.minRequests,
    clientShare: R.clientShare, shareRatio: R.shareRatio, minShareRise: R.minShareRise,
  });
  checkNumbers('fuse.', options.fuse, { minFlaggedLines: R.minFlaggedLines, ipWeight: R.ipWeight, minLineScore: R.minScore });
  if (options.learned !== undefined) checkLearnedModel(options.learned, 'option learned');
  if (options.learnedClients !== undefined) checkLearnedClientModel(options.learnedClients, 'option learnedClients');
}
