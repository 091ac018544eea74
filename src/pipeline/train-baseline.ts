// `semlog train`: learn what normal looks like from known-clean logs — every distinct text with its
// embedding (all of them are normal: the logs are known to be clean), and the per-IP and window
// statistics.

import { learnFeatureBaseline } from '../features/baseline.js';
import type { Baseline } from './baseline-store.js';
import { SEMANTIC_BASELINE_VERSION } from './baseline-store.js';
import { prepareScan, type PrepareOptions } from './prepare-scan.js';
import { SEMANTIC_DEFAULTS, type SemanticOptions } from './semantic-outliers.js';

export interface TrainOptions extends PrepareOptions {
  semantic?: Partial<SemanticOptions>;
}

export async function trainBaseline(options: TrainOptions): Promise<Baseline> {
  // Training stores the index; it clusters nothing, so no neighbours are looked up ahead.
  const prepared = await prepareScan({ ...options, neighborsAhead: 0 });
  const semantic = { ...SEMANTIC_DEFAULTS, ...options.semantic };
  const { table, ipAccumulator, windowAccumulator } = prepared.state;

  return {
    meta: {
      version: SEMANTIC_BASELINE_VERSION,
      createdAt: new Date().toISOString(),
      modelId: prepared.modelId,
      cacheKey: prepared.cacheKey,
      dim: prepared.dim,
      sources: [...options.paths],
      records: prepared.ingest.records,
      uniqueTexts: table.size,
      eps: semantic.eps,
      minSamples: semantic.minSamples,
    },
    texts: [...table.texts],
    counts: [...table.counts],
    vectors: prepared.vectors,
    index: prepared.index,
    structured: learnFeatureBaseline(ipAccumulator.snapshot(), windowAccumulator.windows()),
  };
}
