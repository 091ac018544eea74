// Record rows grouped by client: a counting sort on the client id, rows in log order within a client.
// Per-client passes (client evidence, repeated requests) then read one client's rows at a time and can
// keep their per-client state in arrays reset between clients instead of a map per client.

/** Entries `start[c]` to `start[c + 1]` of `order` are client c's rows, in row order. */
export interface RowsByClient {
  start: Uint32Array;
  order: Uint32Array;
}

/** The rows for which `keep` holds (every row without it), grouped by client id (all below `clients`). */
export function rowsByClient(rows: { readonly size: number; ipId(i: number): number }, clients: number, keep?: (i: number) => boolean): RowsByClient {
  const start = new Uint32Array(clients + 1);
  for (let i = 0; i < rows.size; i++) if (keep === undefined || keep(i)) start[rows.ipId(i) + 1]!++;
  for (let c = 0; c < clients; c++) start[c + 1]! += start[c]!;
  const order = new Uint32Array(start[clients]!);
  const next = start.slice(0, clients);
  for (let i = 0; i < rows.size; i++) if (keep === undefined || keep(i)) order[next[rows.ipId(i)]!++] = i;
  return { start, order };
}
