// What the cascade sends to MiniLM, on hand-made cheap clusterings.

import { describe, expect, it } from 'vitest';
import { PointKind, type DbscanResult } from '../../src/cluster/dbscan.js';
import { planCascade } from '../../src/pipeline/cascade-plan.js';

/** A clustering from labels (-1 noise); every clustered point is core except those listed as border. */
function clustering(labels: number[], border: number[] = []): DbscanResult {
  const kinds = Uint8Array.from(labels, (label, id) => (label < 0 ? PointKind.Noise : border.includes(id) ? PointKind.Border : PointKind.Core));
  return {
    labels: Int32Array.from(labels),
    kinds,
    nearestCore: new Int32Array(labels.length).fill(-1),
    coreDistance: new Float32Array(labels.length),
    clusterCount: new Set(labels.filter((l) => l >= 0)).size,
  };
}

describe('planCascade', () => {
  // 2 noise texts (0, 1), a small cluster of 3 (label 0: 2..4), a large one of 100 (label 1: 5..104).
  const labels = [-1, -1, 0, 0, 0, ...new Array<number>(100).fill(1)];

  it('embeds noise and small clusters whole, anchors and an audit sample of large ones', () => {
    const plan = planCascade(clustering(labels), new Uint8Array(labels.length));
    expect(plan.counts).toEqual({ cheapOutliers: 2, smallClusterTexts: 3, flagged: 0, anchors: 10, audit: 2, largeClusters: 1 });
    const anchors = plan.anchors.get(1)!;
    expect(anchors).toHaveLength(10); // √100
    for (const id of anchors) expect(labels[id]).toBe(1);
    expect(plan.audit).toHaveLength(2); // 2 % of the 90 others
    for (const id of plan.audit) expect(anchors).not.toContain(id);
    expect(plan.embed).toEqual([...new Set([0, 1, 2, 3, 4, ...anchors, ...plan.audit])].sort((a, b) => a - b));
    expect(plan.anchors.has(0)).toBe(false);
  });

  it('always embeds flagged texts, and takes core texts as anchors before border ones', () => {
    const flagged = new Uint8Array(labels.length);
    flagged[50] = 1;
    const border = Array.from({ length: 95 }, (_, i) => i + 10); // only 5..9 are core
    const plan = planCascade(clustering(labels, border), flagged);
    expect(plan.embed).toContain(50);
    expect(plan.counts.flagged).toBe(1);
    expect(plan.anchors.get(1)!.slice(0, 5).sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9]);
  });

  it('is the same for the same clustering, and audits at least one text of every large cluster', () => {
    const eight = [...new Array<number>(8).fill(0), ...new Array<number>(8).fill(1)];
    const a = planCascade(clustering(eight), new Uint8Array(16));
    const b = planCascade(clustering(eight), new Uint8Array(16));
    expect(a.embed).toEqual(b.embed);
    expect(a.counts.largeClusters).toBe(2);
    expect(new Set(a.audit.map((id) => eight[id]))).toEqual(new Set([0, 1]));
  });
});
