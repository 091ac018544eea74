// Weighted DBSCAN against an exact reference: density-clustering's DBSCAN on the expanded (duplicated) points.

import fc from 'fast-check';
import DensityClustering from 'density-clustering';
import { describe, expect, it } from 'vitest';
import { dbscan, PointKind, type NeighborSource } from '../../src/cluster/dbscan.js';

/** Exact neighbours by brute force: the reference for what an index should return. */
function exactSource(points: number[][]): NeighborSource {
  return {
    size: points.length,
    neighbors(id, k) {
      const order = points
        .map((p, j) => ({ j, d: Math.hypot(...p.map((v, i) => v - points[id]![i]!)) }))
        .sort((a, b) => a.d - b.d || a.j - b.j)
        .slice(0, k);
      return { ids: order.map((o) => o.j), distances: order.map((o) => o.d) };
    },
  };
}

interface Expected {
  kind: number[];
  /** For every pair of core points: same cluster or not. */
  sameCluster: (a: number, b: number) => boolean;
  clustersOf: number[][];
}

/** Runs the reference on the points expanded by their counts and maps the labels back to distinct points. */
function reference(points: number[][], counts: number[], eps: number, minSamples: number): Expected {
  const expanded: number[][] = [];
  const owner: number[] = [];
  points.forEach((p, i) => {
    for (let c = 0; c < counts[i]!; c++) {
      expanded.push(p);
      owner.push(i);
    }
  });
  const ref = new DensityClustering.DBSCAN();
  // The reference uses d < eps; we use d <= eps (as scikit-learn). Random points never tie.
  const clusters = ref.run(expanded, eps, minSamples);
  const neighborsOf = (i: number) => expanded.filter((q) => Math.hypot(...q.map((v, d) => v - points[i]![d]!)) < eps).length;
  const clusterOfExpanded = new Map<number, number>();
  clusters.forEach((members, c) => members.forEach((m) => clusterOfExpanded.set(m, c)));
  const kind = points.map((_, i) => {
    if (neighborsOf(i) >= minSamples) return PointKind.Core;
    return clusterOfExpanded.has(owner.indexOf(i)) ? PointKind.Border : PointKind.Noise;
  });
  const clustersOf = points.map((_, i) => {
    const set = new Set<number>();
    owner.forEach((o, e) => {
      if (o === i && clusterOfExpanded.has(e)) set.add(clusterOfExpanded.get(e)!);
    });
    return [...set];
  });
  return {
    kind,
    clustersOf,
    sameCluster: (a, b) => clusterOfExpanded.get(owner.indexOf(a)) === clusterOfExpanded.get(owner.indexOf(b)),
  };
}

function expectSameAsReference(points: number[][], counts: number[], eps: number, minSamples: number): void {
  const result = dbscan(exactSource(points), counts, { eps, minSamples });
  const expected = reference(points, counts, eps, minSamples);
  expect([...result.kinds]).toEqual(expected.kind);
  const cores = points.map((_, i) => i).filter((i) => expected.kind[i] === PointKind.Core);
  for (const a of cores) {
    for (const b of cores) expect(result.labels[a] === result.labels[b]).toBe(expected.sameCluster(a, b));
  }
  // A border point may belong to any cluster whose core reaches it (classic DBSCAN picks by visit order).
  points.forEach((_, i) => {
    if (expected.kind[i] !== PointKind.Border) return;
    const coreClusters = cores
      .filter((c) => Math.hypot(...points[c]!.map((v, d) => v - points[i]![d]!)) <= eps)
      .map((c) => result.labels[c]);
    expect(coreClusters).toContain(result.labels[i]);
  });
  points.forEach((_, i) => expect(result.labels[i] === -1).toBe(expected.kind[i] === PointKind.Noise));
}

describe('dbscan', () => {
  it('labels a hand-made set: two clusters, a border point, noise, and duplicates that make a core', () => {
    const points = [[0, 0], [0.1, 0], [0, 0.1], [0.25, 0], [5, 5], [5.1, 5], [9, 9], [20, 20]];
    const counts = [1, 1, 1, 1, 2, 1, 3, 1];
    const result = dbscan(exactSource(points), counts, { eps: 0.2, minSamples: 3 });
    // (0,0): itself + 2 neighbours = 3 → core; (0.1,0): (0,0),(0.25,0) within 0.2 plus (0,0.1) at 0.141 → core
    expect([...result.kinds]).toEqual([2, 2, 2, 1, 2, 2, 2, 0]);
    expect(result.labels[0]).toBe(result.labels[3]);
    expect(result.labels[4]).toBe(result.labels[5]);
    expect(result.labels[0]).not.toBe(result.labels[4]);
    // A text seen 3 times is a cluster of its own: the same as 3 identical lines in classic DBSCAN.
    expect(result.kinds[6]).toBe(PointKind.Core);
    expect(result.labels[7]).toBe(-1);
    expect(result.clusterCount).toBe(3);
    // Noise gets the distance to its nearest core as its outlier score.
    expect(result.nearestCore[7]).toBe(6);
    expect(result.coreDistance[7]).toBeCloseTo(Math.hypot(11, 11), 5);
  });

  it('agrees with the exact reference on random sets with duplicates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: 0, max: 4, noNaN: true })), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 40, maxLength: 40 }),
        fc.double({ min: 0.2, max: 1.2, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        (points, counts, eps, minSamples) => {
          expectSameAsReference(points.map(([x, y]) => [x, y]), counts.slice(0, points.length), eps, minSamples);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('is unchanged when the input order is shuffled', () => {
    const points = Array.from({ length: 60 }, (_, i) => [Math.cos(i) * (i % 7), Math.sin(i * 1.3) * (i % 5)]);
    const counts = points.map((_, i) => 1 + (i % 3));
    const base = dbscan(exactSource(points), counts, { eps: 0.8, minSamples: 4 });
    const order = points.map((_, i) => i).reverse();
    const shuffled = dbscan(exactSource(order.map((i) => points[i]!)), order.map((i) => counts[i]!), { eps: 0.8, minSamples: 4 });
    order.forEach((original, position) => expect(shuffled.kinds[position]).toBe(base.kinds[original]));
  });
});
