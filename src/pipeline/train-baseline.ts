// `semlog train`: learn what normal looks like from known-clean logs — every distinct text with its
// embedding (all of them are normal: the logs are known to be clean), and the per-IP and window
// statistics.

import { learnCategoryBaseline } from '../categories/category-baseline.js';
import { InputError, UsageError } from '../errors.js';
import { learnFeatureBaseline } from '../features/baseline.js';
import { checkType } from '../options/check-option-type.js';
import { trainedFormats } from './baseline-format.js';
import type { Baseline } from './baseline-store.js';
import { SEMANTIC_BASELINE_VERSION } from './baseline-store.js';
import { prepareScan, type PrepareOptions } from './prepare-scan.js';

/** No detector settings: training clusters nothing, and a scan against the baseline takes its own. */
export type TrainOptions = PrepareOptions;

export async function trainBaseline(options: TrainOptions): Promise<Baseline> {
  checkType('trainBaseline() options', options, 'object');
  if ('semantic' in options) {
    throw new UsageError('option semantic: trainBaseline() clusters nothing, so eps, minSamples and minRarity mean nothing here', {
      hint: 'pass them to analyze() or detectAnomalies() when scanning against the baseline',
    });
  }
  if (options.embeddingMode === 'cascade') {
    throw new UsageError("option embeddingMode: trainBaseline() keeps every text's vector as normal, and the cascade's proxies are not real vectors", {
      hint: "leave embeddingMode out (or 'full') when training; scans against the baseline may use the cascade",
    });
  }
  // Training stores the index; it clusters nothing, so no neighbours are looked up ahead.
  const prepared = await prepareScan({ ...options, neighborsAhead: 0 });
  const { table, ipAccumulator, windowAccumulator } = prepared.state;
  // A baseline of no traffic makes every later request new: scans against it would flag everything
  // and say nothing of why. A scan of nothing warns (nothing-judged.ts); a baseline of nothing is refused.
  if (table.size === 0) {
    const { records, malformed } = prepared.ingest;
    throw new InputError('SEMLOG_NOTHING_TO_LEARN', `no request to learn from (${records} records, ${malformed} malformed lines): no baseline was written`, {
      hint: malformed > 0 ? 'check --format and --log-format against a line of the logs' : 'check the paths, --since/--until and the scope options (--exclude, --allow-ip)',
    });
  }

  return {
    meta: {
      version: SEMANTIC_BASELINE_VERSION,
      createdAt: new Date().toISOString(),
      modelId: prepared.modelId,
      cacheKey: prepared.cacheKey,
      dim: prepared.dim,
      sources: [...options.paths],
      formats: trainedFormats(prepared.ingest.files),
      records: prepared.ingest.records,
      uniqueTexts: table.size,
    },
    texts: [...table.texts],
    counts: [...table.counts],
    vectors: prepared.vectors,
    index: prepared.index,
    structured: learnFeatureBaseline(ipAccumulator.snapshot(), windowAccumulator.windows()),
    categories: learnCategoryBaseline(prepared.state.categories),
  };
}
