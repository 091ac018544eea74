// The index queries dbscan() will make that a neighbour source cannot serve from the answers it holds:
// with them known before clustering, they can be computed ahead in two threads (prepare-scan.ts)
// instead of one by one on the main thread. The plan replays dbscan's own widening steps
// (withinEpsComplete, findNearestCore) over the held answers, so it asks for the very queries dbscan
// would make; a wrong plan would cost time, never change a result, as the source answers any query.

import { dbscanLimits, findNearestCore, isCore, PointKind, withinEpsComplete, type DbscanOptions, type NeighborSource } from './dbscan.js';

export interface HeldNeighbors {
  readonly size: number;
  /** What neighbors(id, k) would answer without querying the index, or undefined. */
  peek(id: number, k: number): { ids: ArrayLike<number>; distances: ArrayLike<number> } | undefined;
}

/** Thrown inside a replay when dbscan would query: that text's replay stops there. */
const NOT_HELD = Symbol('not held');

/**
 * The next queries dbscan(source, counts, options) will make beyond `source`'s answers: ids (ascending)
 * per k. Empty when it makes none. Once these are answered, the plan may hold further, wider queries.
 */
export function plannedQueries(source: HeldNeighbors, counts: ArrayLike<number>, options: DbscanOptions): Map<number, number[]> {
  const n = source.size;
  const { eps, minSamples } = options;
  const { firstK, maxNeighbors } = dbscanLimits(n, options);
  const planned = new Map<number, number[]>();
  const replay: NeighborSource = {
    size: n,
    neighbors(id, k) {
      const found = source.peek(id, k);
      if (found) return found;
      const wanted = Math.min(k, n);
      const ids = planned.get(wanted);
      if (ids) ids.push(id);
      else planned.set(wanted, [id]);
      throw NOT_HELD;
    },
  };
  const held = (step: () => void): void => {
    try {
      step();
    } catch (error) {
      if (error !== NOT_HELD) throw error;
    }
  };

  const first: Array<{ ids: ArrayLike<number>; distances: ArrayLike<number> }> = new Array(n);
  for (let id = 0; id < n; id++) held(() => (first[id] = replay.neighbors(id, firstK)));
  // Every later step depends on which texts are core, which the first answers decide.
  if (planned.size > 0) return planned;
  const kinds = new Uint8Array(n);
  for (let id = 0; id < n; id++) if (isCore(id, first[id]!, counts, eps, minSamples)) kinds[id] = PointKind.Core;
  for (let id = 0; id < n; id++) {
    if (kinds[id] === PointKind.Core) held(() => withinEpsComplete(replay, id, first[id]!, eps, maxNeighbors, n));
    else held(() => findNearestCore(replay, id, first[id]!, kinds, maxNeighbors, n));
  }
  return planned;
}
