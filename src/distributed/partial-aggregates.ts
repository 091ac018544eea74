// The per-client and window state a map job builds over its input, shipped to the reduce as JSON
// and merged there in job order (docs/scale-out.md, step 1): the reduce then adds no record to them
// again. Merging is exact (ip-accumulator.ts, window-accumulator.ts); the POSTs that only the merge
// can judge (sent before their client's first GET in their part) come back as rows.

import { InputError } from '../errors.js';
import { IpAccumulator, type IpAccumulatorState } from '../features/ip-accumulator.js';
import { WindowAccumulator, type WindowAccumulatorState } from '../features/window-accumulator.js';
import type { IngestAggregates, IngestState } from '../pipeline/ingest-records.js';

/** What a map job writes: its accumulators, and the rows (its in-scope records, from 0) it found instant POSTs. */
export interface PartialAggregates {
  clients: IpAccumulatorState;
  windows: WindowAccumulatorState;
  instantRows: number[];
}

export function partialAggregates(state: IngestState): PartialAggregates {
  const { occurrences } = state;
  const instantRows: number[] = [];
  for (let row = 0; row < occurrences.size; row++) if (occurrences.instantPost(row)) instantRows.push(row);
  return { clients: state.ipAccumulator.state(), windows: state.windowAccumulator.state(), instantRows };
}

/**
 * The jobs' aggregates merged in job order (the input order), as the ingest of one pass over every
 * job's records would have built them. `files` names each job's file in errors.
 */
export function mergePartialAggregates(parts: readonly PartialAggregates[], files: readonly string[]): IngestAggregates | undefined {
  let ipAccumulator: IpAccumulator | undefined;
  let windowAccumulator: WindowAccumulator | undefined;
  const instantRows = new Set<number>();
  for (const [index, part] of parts.entries()) {
    try {
      const clients = IpAccumulator.fromState(part.clients);
      const windows = WindowAccumulator.fromState(part.windows);
      const rowsBefore = ipAccumulator?.recordCount ?? 0;
      if (!Array.isArray(part.instantRows) || !part.instantRows.every((row) => Number.isInteger(row) && row >= 0 && row < clients.recordCount)) {
        throw new RangeError('instant POST rows out of range');
      }
      for (const row of part.instantRows) instantRows.add(rowsBefore + row);
      if (ipAccumulator === undefined || windowAccumulator === undefined) {
        ipAccumulator = clients;
        windowAccumulator = windows;
      } else {
        ipAccumulator.merge(clients, (row) => instantRows.add(row));
        windowAccumulator.merge(windows);
      }
    } catch (cause) {
      if (!(cause instanceof RangeError || cause instanceof TypeError)) throw cause;
      throw new InputError('SEMLOG_PARTIAL_UNREADABLE', `cannot read the map result ${files[index]}: ${cause.message}`, {
        hint: 'every worker must run the same semlog version as the coordinator; scan again after updating them',
        cause,
      });
    }
  }
  return ipAccumulator && windowAccumulator && { ipAccumulator, windowAccumulator, instantRows };
}
