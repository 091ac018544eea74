// DBSCAN counts requests, so one client that repeats an attack template (a scanner, sqlmap) makes a
// dense cluster of its own. Density that comes from hostile clients, or from one or two clients
// alone, is not the site's normal traffic: such a cluster is dissolved, and its texts are judged by
// their distance to the nearest text of a cluster that enough other clients share.

import { PointKind, type DbscanResult, type NeighborSource } from './dbscan.js';

export interface ClientSupportInput {
  /** The clients counted for each distinct text (capped lists are fine). */
  clientsOf(textId: number): ArrayLike<number>;
  /** 1 where a client is hostile (clients/client-context.ts): it supports no cluster. */
  hostile: Uint8Array;
}

/** Non-hostile clients a cluster needs to count as normal traffic: one regular (a feed reader) is a habit, not an attack. */
export const MIN_CLUSTER_CLIENTS = 1;
/** Neighbours searched for the nearest supported text. */
const SEARCH_NEIGHBORS = 32;

export function dissolveUnsupported(
  result: DbscanResult,
  neighbors: NeighborSource,
  input: ClientSupportInput,
  minClients = MIN_CLUSTER_CLIENTS,
): DbscanResult {
  const supporters: number[][] = Array.from({ length: result.clusterCount }, () => []);
  for (let id = 0; id < result.labels.length; id++) {
    const label = result.labels[id]!;
    if (label < 0) continue;
    const list = supporters[label]!;
    if (list.length >= minClients) continue;
    const clients = input.clientsOf(id);
    for (let i = 0; i < clients.length && list.length < minClients; i++) {
      const client = clients[i]!;
      if (input.hostile[client] !== 1 && !list.includes(client)) list.push(client);
    }
  }
  const supported = supporters.map((list) => list.length >= minClients);
  if (supported.every(Boolean)) return result;

  const labels = Int32Array.from(result.labels, (label) => (label >= 0 && !supported[label] ? -1 : label));
  const kinds = Uint8Array.from(result.kinds, (kind, id) => (labels[id]! < 0 ? PointKind.Noise : kind));
  const nearestCore = Int32Array.from(result.nearestCore);
  const coreDistance = Float32Array.from(result.coreDistance);
  for (let id = 0; id < labels.length; id++) {
    if (labels[id]! >= 0) continue;
    const near = nearestCore[id]!;
    if (near >= 0 && labels[near]! >= 0) continue; // its nearest core is still normal traffic
    const found = neighbors.neighbors(id, Math.min(neighbors.size, SEARCH_NEIGHBORS));
    nearestCore[id] = -1;
    coreDistance[id] = found.ids.length > 0 ? found.distances[found.ids.length - 1]! : Number.POSITIVE_INFINITY;
    for (let j = 0; j < found.ids.length; j++) {
      if (labels[found.ids[j]!]! >= 0) {
        nearestCore[id] = found.ids[j]!;
        coreDistance[id] = found.distances[j]!;
        break;
      }
    }
  }
  return { labels, kinds, nearestCore, coreDistance, clusterCount: result.clusterCount };
}
