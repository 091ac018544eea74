// `--embedding cascade`: MiniLM embeds only the texts that decide the outcome.
//
//   every text ─ static vector ─ HNSW + DBSCAN (cheap eps) ─ plan ─┬─ MiniLM: outliers, small clusters,
//                                                                 │  flagged texts, anchors, audit
//                                                                 └─ audit disagrees → whole cluster
//   the rest takes the MiniLM vector of the nearest anchor of its cheap cluster (a proxy)
//
// The vectors returned are all in MiniLM's space, so clustering, scoring and explanations run as in
// full mode; a proxied text lies on an anchor of its cluster and so is judged normal with it.

import { brokenVectors } from '../embed/broken-vectors.js';
import type { EmbeddingCache } from '../embed/embedding-cache.js';
import type { Embedder } from '../embed/embedder.js';
import { embedStatic } from '../embed/static-embedder.js';
import { loadStaticVectors } from '../embed/static-vectors.js';
import { WordPiece } from '../embed/wordpiece.js';
import { dbscan } from '../cluster/dbscan.js';
import { throwIfAborted } from '../errors.js';
import { sharedVectors } from '../index/neighbor-rows.js';
import { VectorIndex, type HnswOptions } from '../index/vector-index.js';
import type { CascadeStats, ProgressListener } from '../types.js';
import { planCascade } from './cascade-plan.js';
import { cachedNeighbors } from './semantic-outliers.js';

/**
 * The cheap eps is calibrated on this scan, against MiniLM: a random sample of texts and their
 * nearest cheap neighbour are embedded, the pairs sorted by cheap distance, and the cheap eps is the
 * largest cheap distance up to which at least AGREEMENT of the pairs are also MiniLM neighbours
 * (within eps). So the cheap model joins texts only where MiniLM would have joined them too, on
 * this log; no label is used.
 */
export const CALIBRATION = Object.freeze({ pairs: 150, agreement: 0.95, minPairs: 10 });

export interface CascadeInput {
  texts: readonly string[];
  counts: ArrayLike<number>;
  /** Texts another signal flags (attack tags, rare characters): always embedded by MiniLM. */
  flagged: Uint8Array;
  embedder: Embedder;
  modelDir: string;
  cache?: EmbeddingCache | undefined;
  /** MiniLM eps: an audit sample farther than this from every anchor of its cluster is a disagreement. */
  eps: number;
  minSamples: number;
  hnsw?: Partial<HnswOptions> | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
}

export interface CascadeResult {
  vectors: Float32Array;
  stats: CascadeStats;
  cachedTexts: number;
  refusedTexts: number;
  cacheError?: unknown;
}

export async function runCascade(input: CascadeInput): Promise<CascadeResult> {
  const { texts, embedder, signal } = input;
  const n = texts.length;
  const dim = embedder.dim;
  const started = performance.now();
  const table = loadStaticVectors(input.modelDir, embedder.cacheKey);
  const cheap = embedStatic(texts, WordPiece.fromModelDir(input.modelDir), table);
  throwIfAborted(signal);
  const cheapIndex = VectorIndex.build(cheap, table.meta.dim, input.hnsw, signal);
  const nearest = nearestOthers(cheapIndex, cheap, table.meta.dim, signal);
  const cheapMs = Math.round(performance.now() - started);

  const vectors = sharedVectors(n * dim);
  const have = new Uint8Array(n);
  const result: CascadeResult = { vectors, stats: undefined!, cachedTexts: 0, refusedTexts: 0 };
  // The cache serves real MiniLM vectors for free: every text it holds skips the proxy.
  if (input.cache) {
    const missing = new Set(input.cache.lookup(texts, vectors));
    for (let id = 0; id < n; id++) if (!missing.has(id)) have[id] = 1;
    result.cachedTexts = n - missing.size;
  }
  let embedded = 0;
  const embed = async (ids: readonly number[]) => {
    const wanted = ids.filter((id) => have[id] === 0);
    if (wanted.length === 0) return;
    const batch = wanted.map((id) => texts[id]!);
    const fresh = await embedder.embed(batch, signal);
    const broken = brokenVectors(fresh, wanted.length, dim, `the embedder ${embedder.modelId}`);
    if (broken) throw broken;
    wanted.forEach((id, row) => {
      vectors.set(fresh.subarray(row * dim, (row + 1) * dim), id * dim);
      have[id] = 1;
    });
    embedded += wanted.length;
    input.onProgress?.({ stage: 'embed', done: embedded, total: n });
    if (input.cache) {
      try {
        result.refusedTexts += input.cache.store(batch, fresh);
      } catch (error) {
        result.cacheError = error;
      }
    }
  };
  const sample = calibrationSample(nearest, n, CALIBRATION.pairs);
  await embed([...new Set(sample.flat())]);
  const calibrationTexts = embedded;
  const cheapEps = calibrateCheapEps(sample, (a, b) => distance(cheap, a, b, table.meta.dim), (a, b) => distance(vectors, a, b, dim), input.eps);
  const clusterStart = performance.now();
  // 32 links per text (not 128) are enough for a pre-clustering whose doubtful texts go to MiniLM anyway.
  const clusters = dbscan(cachedNeighbors(cheapIndex, cheap, table.meta.dim), input.counts, { eps: cheapEps, minSamples: input.minSamples, maxNeighbors: 32 });
  throwIfAborted(signal);
  const plan = planCascade(clusters, input.flagged);
  const clusterMs = performance.now() - clusterStart;
  await embed(plan.embed);

  // The audit: a sample farther than eps (in MiniLM's space) from every anchor of its cheap cluster
  // says the cheap model put it where MiniLM would not; then the whole cluster is embedded.
  const disagreeing = new Set<number>();
  for (const id of plan.audit) {
    const label = clusters.labels[id]!;
    const nearest = Math.min(...(plan.anchors.get(label) ?? []).map((anchor) => distance(vectors, id, anchor, dim)));
    if (!(nearest <= input.eps)) disagreeing.add(label);
  }
  const auditDisagreed = plan.audit.filter((id) => disagreeing.has(clusters.labels[id]!)).length;
  const inFull: number[] = [];
  for (let id = 0; id < n; id++) if (disagreeing.has(clusters.labels[id]!)) inFull.push(id);
  const beforeFull = embedded;
  await embed(inFull);

  let proxied = 0;
  for (let id = 0; id < n; id++) {
    if (have[id] === 1) continue;
    const anchors = plan.anchors.get(clusters.labels[id]!)!;
    let best = anchors[0]!;
    for (const anchor of anchors) if (distance(cheap, id, anchor, table.meta.dim) < distance(cheap, id, best, table.meta.dim)) best = anchor;
    vectors.copyWithin(id * dim, best * dim, (best + 1) * dim);
    proxied++;
  }
  result.stats = {
    cheapEps: round(cheapEps),
    calibrationTexts,
    cheapClusters: clusters.clusterCount,
    largeClusters: plan.counts.largeClusters,
    cheapOutliers: plan.counts.cheapOutliers,
    smallClusterTexts: plan.counts.smallClusterTexts,
    flaggedTexts: plan.counts.flagged,
    anchorTexts: plan.counts.anchors,
    auditTexts: plan.counts.audit,
    auditDisagreed,
    clustersEmbeddedInFull: disagreeing.size,
    fullClusterTexts: embedded - beforeFull,
    embeddedTexts: embedded,
    proxiedTexts: proxied,
    cheapMs: cheapMs + Math.round(clusterMs),
  };
  return result;
}

/** Every text's nearest other text in the cheap index, and the distance to it (-1 and 0 when alone). */
function nearestOthers(index: VectorIndex, vectors: Float32Array, dim: number, signal?: AbortSignal): { other: Int32Array; distance: Float32Array } {
  const n = vectors.length / dim;
  const other = new Int32Array(n).fill(-1);
  const dist = new Float32Array(n);
  for (let id = 0; id < n; id++) {
    if (id % 4096 === 0) throwIfAborted(signal);
    const found = index.searchEuclidean(vectors.subarray(id * dim, (id + 1) * dim), 2);
    const j = found.ids[0] === id ? 1 : 0;
    if (found.ids[j] === undefined) continue;
    other[id] = found.ids[j]!;
    dist[id] = found.distances[j]!;
  }
  return { other, distance: dist };
}

/** Up to `pairs` (text, its nearest cheap neighbour) pairs, the texts drawn at random (seeded). */
function calibrationSample(nearest: { other: Int32Array }, n: number, pairs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let state = 42;
  const picked = new Set<number>();
  for (let tries = 0; out.length < Math.min(pairs, n) && tries < pairs * 4; tries++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const id = Math.floor((state / 4294967296) * n);
    if (picked.has(id) || nearest.other[id]! < 0) continue;
    picked.add(id);
    out.push([id, nearest.other[id]!]);
  }
  return out;
}

/** The largest cheap distance up to which CALIBRATION.agreement of the sampled pairs are MiniLM neighbours too. */
export function calibrateCheapEps(
  pairs: ReadonlyArray<readonly [number, number]>,
  cheapDistance: (a: number, b: number) => number,
  modelDistance: (a: number, b: number) => number,
  eps: number,
): number {
  const rows = pairs.map(([a, b]) => ({ cheap: cheapDistance(a, b), agrees: modelDistance(a, b) <= eps })).sort((x, y) => x.cheap - y.cheap);
  let agreeing = 0;
  let best = 0;
  rows.forEach((row, k) => {
    if (row.agrees) agreeing++;
    if (row.agrees && k + 1 >= CALIBRATION.minPairs && agreeing / (k + 1) >= CALIBRATION.agreement) best = row.cheap;
  });
  return best;
}

function distance(vectors: Float32Array, a: number, b: number, dim: number): number {
  let dot = 0;
  for (let d = 0; d < dim; d++) dot += vectors[a * dim + d]! * vectors[b * dim + d]!;
  return Math.sqrt(Math.max(0, 2 - 2 * dot));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
