// Looks up, before clustering and in two threads, every index answer the DBSCAN will need with the
// scan's settings: first every text's nearest neighbours, then the wider queries it will make for
// the texts whose first answer does not settle them (noise looking for a core, cores with many
// neighbours within eps). On sparse data, where most texts are noise, those wider queries are most
// of the clustering's time; asked one by one on the main thread they left the second core idle.
//
// A search costs the same for any k up to efSearch (hnswlib searches max(efSearch, k) candidates),
// so every text is searched once for efSearch neighbours, and the answers for fewer (the first 32,
// the DBSCAN's 48) are cut from it wherever that is exact (see prefixRows); the rest are queried.
// The answers are the queries' own (see cachedNeighbors), so results do not change.

import { plannedQueries } from '../cluster/planned-queries.js';
import type { BackgroundIndex } from '../index/background-index.js';
import { prefixRows, type NeighborRows } from '../index/neighbor-rows.js';
import { HNSW_DEFAULTS, type VectorIndex } from '../index/vector-index.js';
import { cachedNeighbors, SEMANTIC_DEFAULTS, type CachedNeighbors, type SemanticOptions } from './semantic-outliers.js';

export interface NeighborsAheadInput {
  indexer: BackgroundIndex;
  index: VectorIndex;
  vectors: Float32Array;
  dim: number;
  counts: ArrayLike<number>;
  /** Neighbours looked up for every text, at most `efSearch`. */
  ahead: number;
  /** The index's efSearch (HNSW_DEFAULTS by default). */
  efSearch?: number;
  /** The clustering settings the scan will use; others still work, with queries on demand. */
  semantic?: Partial<SemanticOptions>;
  warnings: string[];
  signal?: AbortSignal;
}

/** dbscan's widening doubles k up to maxNeighbors: a handful of rounds; more means a wrong plan. */
const MAX_ROUNDS = 12;

export async function neighborsAhead(input: NeighborsAheadInput): Promise<CachedNeighbors> {
  const { indexer, index, vectors, dim, warnings, signal } = input;
  if (input.ahead === 0) return cachedNeighbors(index, vectors, dim);
  const efSearch = input.efSearch ?? HNSW_DEFAULTS.efSearch;
  const full = await indexer.neighborRows(index, vectors, Math.max(efSearch, input.ahead), warnings, signal);
  const fullK = full[0]?.k ?? 0;
  // Answers for k ≤ efSearch come from the same search as `full` only when it searched efSearch candidates too.
  const cut = input.ahead <= efSearch;
  /** The answers for k of `ids`: cut from `full` where exact, queried in both threads elsewhere. */
  const answersFor = async (k: number, ids: Iterable<number>): Promise<NeighborRows[]> => {
    if (cut && k === fullK) return full;
    const { rows, missing } = cut && k < fullK ? prefixRows(full, k, ids) : { rows: undefined, missing: [...ids] };
    const queried = missing.length > 0 ? await indexer.rowsOf(index, vectors, Int32Array.from(missing), k, warnings, signal) : [];
    return rows ? [rows, ...queried] : queried;
  };
  const all = { *[Symbol.iterator]() { for (let id = 0; id < index.size; id++) yield id; } };
  const neighbors = cachedNeighbors(index, vectors, dim, await answersFor(Math.min(input.ahead, index.size), all));
  const settings = { ...SEMANTIC_DEFAULTS, ...input.semantic };
  const clustering = { eps: settings.eps, minSamples: settings.minSamples, ...(settings.maxNeighbors !== undefined && { maxNeighbors: settings.maxNeighbors }) };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const planned = plannedQueries(neighbors, input.counts, clustering);
    if (planned.size === 0) break;
    for (const [k, ids] of planned) for (const answers of await answersFor(k, ids)) neighbors.addAnswers(answers);
  }
  return neighbors;
}
