// Which texts the cascade sends to MiniLM, decided on the cheap clustering alone (see cascade.ts):
// cheap outliers, small cheap clusters and flagged texts all; of each large cluster a few anchors
// (what normal looks like there) and a random audit sample that checks the cluster holds together.

import { PointKind, type DbscanResult } from '../cluster/dbscan.js';
import { mulberry32 } from '../mulberry32.js';

export const CASCADE_DEFAULTS = Object.freeze({
  /** A cheap cluster of fewer distinct texts than this is embedded whole. */
  smallCluster: 8,
  /** Anchors per large cluster: √(distinct texts), at least this many. */
  minAnchors: 3,
  /** Share of the remaining texts of every large cluster embedded as an audit (at least one per cluster). */
  auditShare: 0.02,
  /** Seed of the anchor and audit samples: the same log gives the same selection. */
  seed: 42,
});

export interface CascadePlan {
  /** Texts MiniLM embeds now: outliers, small clusters, flagged, anchors, audit. */
  embed: number[];
  /** Per large cluster label: its anchors (a subset of `embed`). */
  anchors: Map<number, number[]>;
  /** Audit samples (a subset of `embed`), with their cheap cluster. */
  audit: number[];
  counts: { cheapOutliers: number; smallClusterTexts: number; flagged: number; anchors: number; audit: number; largeClusters: number };
}

/**
 * `known` marks texts whose MiniLM vector is already at hand (the cache): they are never sent to the
 * model again, but still serve as anchors and audit samples.
 */
export function planCascade(clusters: DbscanResult, flagged: Uint8Array, options: Partial<typeof CASCADE_DEFAULTS> = {}): CascadePlan {
  const settings = { ...CASCADE_DEFAULTS, ...options };
  const n = clusters.labels.length;
  const members = new Map<number, number[]>();
  for (let id = 0; id < n; id++) {
    const label = clusters.labels[id]!;
    if (label < 0) continue;
    const list = members.get(label);
    if (list) list.push(id);
    else members.set(label, [id]);
  }
  const random = mulberry32(settings.seed);
  const chosen = new Uint8Array(n);
  const counts = { cheapOutliers: 0, smallClusterTexts: 0, flagged: 0, anchors: 0, audit: 0, largeClusters: 0 };
  const take = (id: number) => {
    chosen[id] = 1;
  };
  for (let id = 0; id < n; id++) {
    if (clusters.kinds[id] === PointKind.Noise) {
      take(id);
      counts.cheapOutliers++;
    } else if (flagged[id] === 1) {
      take(id);
      counts.flagged++;
    }
  }
  const anchors = new Map<number, number[]>();
  const audit: number[] = [];
  for (const [label, ids] of members) {
    if (ids.length < settings.smallCluster) {
      for (const id of ids) if (chosen[id] === 0) (take(id), counts.smallClusterTexts++);
      continue;
    }
    counts.largeClusters++;
    const shuffled = shuffle(ids, random);
    const wanted = Math.max(settings.minAnchors, Math.ceil(Math.sqrt(ids.length)));
    // Core texts make the better anchors: they sit inside the cluster, not on its rim.
    const cores = shuffled.filter((id) => clusters.kinds[id] === PointKind.Core);
    const picked = [...cores, ...shuffled.filter((id) => clusters.kinds[id] !== PointKind.Core)].slice(0, wanted);
    anchors.set(label, picked);
    for (const id of picked) if (chosen[id] === 0) (take(id), counts.anchors++);
    const rest = shuffled.filter((id) => chosen[id] === 0);
    const audited = rest.slice(0, Math.min(rest.length, Math.max(1, Math.round(rest.length * settings.auditShare))));
    for (const id of audited) (take(id), audit.push(id));
    counts.audit += audited.length;
  }
  const embed: number[] = [];
  for (let id = 0; id < n; id++) if (chosen[id] === 1) embed.push(id);
  return { embed, anchors, audit, counts };
}

/** Fisher–Yates on a copy. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
