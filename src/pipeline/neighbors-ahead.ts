// Looks up, before clustering and in two threads, every index answer the DBSCAN will need with the
// scan's settings: first every text's nearest neighbours, then the wider queries it will make for
// the texts whose first answer does not settle them (noise looking for a core, cores with many
// neighbours within eps). On sparse data, where most texts are noise, those wider queries are most
// of the clustering's time; asked one by one on the main thread they left the second core idle.
// The answers are the queries' own (see cachedNeighbors), so results do not change.

import { plannedQueries } from '../cluster/planned-queries.js';
import type { BackgroundIndex } from '../index/background-index.js';
import type { VectorIndex } from '../index/vector-index.js';
import { cachedNeighbors, SEMANTIC_DEFAULTS, type CachedNeighbors, type SemanticOptions } from './semantic-outliers.js';

export interface NeighborsAheadInput {
  indexer: BackgroundIndex;
  index: VectorIndex;
  vectors: Float32Array;
  dim: number;
  counts: ArrayLike<number>;
  /** Neighbours looked up for every text (at most efSearch: answers for fewer are their prefixes). */
  ahead: number;
  /** The clustering settings the scan will use; others still work, with queries on demand. */
  semantic?: Partial<SemanticOptions>;
  warnings: string[];
  signal?: AbortSignal;
  /** Work for the main thread while the index worker starts on the lookups (it takes more of them then). */
  meanwhile?: () => void;
}

/** dbscan's widening doubles k up to maxNeighbors: a handful of rounds; more means a wrong plan. */
const MAX_ROUNDS = 12;

export async function neighborsAhead(input: NeighborsAheadInput): Promise<CachedNeighbors> {
  const { indexer, index, vectors, dim, warnings, signal } = input;
  if (input.ahead === 0) {
    input.meanwhile?.();
    return cachedNeighbors(index, vectors, dim);
  }
  const rows = await indexer.neighborRows(index, vectors, input.ahead, warnings, signal, input.meanwhile);
  const neighbors = cachedNeighbors(index, vectors, dim, rows);
  const settings = { ...SEMANTIC_DEFAULTS, ...input.semantic };
  const clustering = { eps: settings.eps, minSamples: settings.minSamples, ...(settings.maxNeighbors !== undefined && { maxNeighbors: settings.maxNeighbors }) };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const planned = plannedQueries(neighbors, input.counts, clustering);
    if (planned.size === 0) break;
    for (const [k, ids] of planned) {
      for (const answers of await indexer.rowsOf(index, vectors, Int32Array.from(ids), k, warnings, signal)) neighbors.addAnswers(answers);
    }
  }
  return neighbors;
}
