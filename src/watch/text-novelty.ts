// Against a baseline (`watch --baseline DIR`), the rules of `scan --baseline`: a new distinct text is
// embedded (worker pool, shared embedding cache), its distance to the nearest text of the baseline
// measured (pipeline/baseline-novelty.ts), and it is a finding when its characters, path or
// parameters are new for their fields as the baseline taught them (params/field-novelty.ts), with
// the same score and reasons (pipeline/semantic-verdicts.ts). Verdicts are remembered per text, at
// most maxTexts of them, so that a text seen again costs nothing.

import { join } from 'node:path';
import type { FeatureBaseline } from '../features/score-ips.js';
import type { WindowBaseline } from '../features/window-stats.js';
import type { CategoryBaseline } from '../categories/category-baseline.js';
import { PointKind } from '../cluster/dbscan.js';
import { defaultCacheDir } from '../embed/embedding-cache.js';
import type { Embedder } from '../embed/embedder.js';
import { createPoolEmbedder, type PoolEmbedderOptions } from '../embed/pool-embedder.js';
import { baselineFieldNovelty } from '../params/field-novelty.js';
import { baselineNovelty } from '../pipeline/baseline-novelty.js';
import { readBaseline } from '../pipeline/baseline-store.js';
import { EmbeddingFeed } from '../pipeline/embedding-feed.js';
import { MODEL_KEYS_FILE, openCache } from '../pipeline/prepare-scan.js';
import { SEMANTIC_DEFAULTS, type SemanticOptions } from '../pipeline/semantic-outliers.js';
import { semanticVerdicts } from '../pipeline/semantic-verdicts.js';
import type { JudgeTexts, TextVerdict } from './judge-records.js';
import { RecencyMap } from './recency-map.js';

export interface TextNoveltyOptions {
  baselineDir: string;
  embedding?: PoolEmbedderOptions;
  /** Use this embedder instead of starting a pool (it is not closed). */
  embedder?: Embedder;
  /** Embedding cache folder; `false` disables it. Default: the user's cache folder. */
  cacheDir?: string | false;
  semantic?: Partial<SemanticOptions>;
  maxTexts: number;
  /** Problems that do not stop the run (the cache could not be opened or written). */
  onWarning?: (message: string) => void;
}

export interface TextNovelty {
  judgeTexts: JudgeTexts;
  /** The baseline's per-client statistics, for the rolling client state (judge-clients.ts). */
  clientStats: FeatureBaseline;
  /** The baseline's window statistics, for the live time windows (live-windows.ts). */
  windowStats: WindowBaseline;
  /** The baseline's categorical values, for the live new values (live-new-values.ts); absent in older baselines. */
  categories?: CategoryBaseline;
  /** The log formats the baseline was trained on, for the input warnings (watch-input-warnings.ts); absent in older baselines. */
  formats?: readonly string[];
  close(): Promise<void>;
}

export async function openTextNovelty(options: TextNoveltyOptions): Promise<TextNovelty> {
  const cacheRoot = options.cacheDir === false ? undefined : (options.cacheDir ?? defaultCacheDir());
  const embedder =
    options.embedder ??
    (await createPoolEmbedder({ ...(cacheRoot !== undefined && { keyMemoFile: join(cacheRoot, MODEL_KEYS_FILE) }), ...options.embedding }));
  const close = async () => {
    if (!options.embedder) await embedder.close();
  };
  try {
    const baseline = readBaseline(options.baselineDir, embedder);
    const warnings: string[] = [];
    const cache = openCache(cacheRoot, embedder, warnings);
    for (const warning of warnings) options.onWarning?.(warning);
    const fieldsOf = baselineFieldNovelty(baseline);
    const semantic = { ...SEMANTIC_DEFAULTS, ...options.semantic };
    // The least recently judged texts are forgotten first, and judged again when they come back.
    const memo = new RecencyMap<string, TextVerdict | undefined>(options.maxTexts);
    const judgeTexts: JudgeTexts = async (texts, signal) => {
      const fresh = texts.filter((text) => !memo.has(text));
      if (fresh.length > 0) {
        const feed = new EmbeddingFeed(embedder, { cache, signal, onCacheError: (error) => options.onWarning?.(`embedding cache not updated: ${(error as Error).message}`) });
        for (const text of fresh) await feed.push(text);
        const vectors = await feed.finish();
        const verdicts = judgeFresh(fresh, vectors, embedder.dim, baseline, fieldsOf, semantic);
        fresh.forEach((text, i) => memo.set(text, verdicts[i]));
      }
      return texts.map((text) => memo.use(text));
    };
    return {
      judgeTexts,
      clientStats: baseline.structured.features,
      windowStats: baseline.structured.windows,
      ...(baseline.categories && { categories: baseline.categories }),
      ...(baseline.meta.formats && { formats: baseline.meta.formats }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function judgeFresh(
  texts: readonly string[],
  vectors: Float32Array,
  dim: number,
  baseline: ReturnType<typeof readBaseline>,
  fieldsOf: ReturnType<typeof baselineFieldNovelty>,
  semantic: SemanticOptions,
): Array<TextVerdict | undefined> {
  const novelty = baselineNovelty(baseline, vectors, dim);
  const characters = fieldsOf(texts);
  const counts = new Uint32Array(texts.length).fill(1);
  // No clustering of the batch: only the novelty branch of semanticVerdicts is taken, and its
  // reasons about "this scan" (how often a text occurs in it, whether it clusters there) are left out.
  const none = { clusters: { labels: new Int32Array(texts.length).fill(-1), kinds: new Uint8Array(texts.length).fill(PointKind.Noise), nearestCore: new Int32Array(texts.length).fill(-1), coreDistance: new Float32Array(texts.length), clusterCount: 0 }, neighbors: undefined as never };
  const verdicts = semanticVerdicts(texts, counts, characters, none, semantic, novelty);
  return texts.map((_, id) => {
    if (verdicts.flagged[id] !== 1) return undefined;
    const why = verdicts.explain(id);
    return { score: verdicts.scores[id]!, reasons: why.reasons.filter((reason) => !reason.includes('in this scan')), nearestNormal: why.nearestNormal };
  });
}
