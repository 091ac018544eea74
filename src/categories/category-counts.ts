// Streams records into counts of every categorical value: over the whole scan, per client (for the
// fields whose client mix means something) and per time window. Memory is bounded by the number of
// distinct values (capped per field), not by the number of records.
import type { LogRecord } from '../types.js';
import { doubled } from '../doubled.js';
import { TopK } from '../features/top-k.js';
import { CATEGORY_FIELDS } from './category-fields.js';

/** Distinct values kept per field; later new values are counted under OTHER_VALUE. */
export const MAX_VALUES_PER_FIELD = 500;
/** What values past the cap are counted as; never reported as a value of its own. */
export const OTHER_VALUE = '(other)';
/** Key space per client in the client map: every value id is below it. */
const VALUE_IDS = CATEGORY_FIELDS.length * (MAX_VALUES_PER_FIELD + 1);
/** Clients remembered per value, to name who sent it. */
const CLIENTS_PER_VALUE = 5;
/**
 * Records of a value after which its clients are no longer counted: a value is reported with its
 * clients when it is new or rare, and one that thousands of records carry (`GET`, `200`) would
 * otherwise churn its table for every new address. Its clients are then the top ones of its first
 * CLIENT_COUNTING_RECORDS records.
 */
const CLIENT_COUNTING_RECORDS = 10_000;
/**
 * The fields a record without `extras` can carry (method, status): the others all read `extras`, and
 * most logs (Apache, nginx, Tomcat) have none, so their records skip those fields' readers.
 */
const CORE_FIELDS: readonly number[] = CATEGORY_FIELDS.flatMap((field, f) => (field.fromExtras ? [] : [f]));
const ALL_FIELDS: readonly number[] = CATEGORY_FIELDS.map((_, f) => f);
/** Distinct clients counted per value and window, up to this many (a shift needs MIN_SHIFT_CLIENTS). */
export const WINDOW_CLIENTS_CAP = 3;

/** One value of one field and where it was seen. */
export interface ValueStats {
  field: number;
  value: string;
  count: number;
  firstMs: number | null;
  lastMs: number | null;
  /** Its first record, to show where to look. */
  file: string;
  line: number;
  clients: TopK;
}

/** Counts of one time window: records per field, records per value id. */
export interface WindowCounts {
  startMs: number;
  endMs: number;
  fieldTotals: number[];
  values: Map<number, number>;
  /** The first WINDOW_CLIENTS_CAP distinct clients (ipIds) of each value id. */
  clients: Map<number, number[]>;
}

export class CategoryCounts {
  readonly windowMs: number;
  /** By value id. */
  readonly values: ValueStats[] = [];
  /** Records that carry each field, by field index. */
  readonly fieldTotals: number[] = CATEGORY_FIELDS.map(() => 0);
  readonly #ids = CATEGORY_FIELDS.map(() => new Map<string, number>());
  /** ipId × VALUE_IDS + value id → records; only values whose field's clientMix() holds. */
  readonly clientValues = new Map<number, number>();
  /**
   * By field index, for the fields whose clientMix() is defined: the records of each client (by ipId)
   * that carry the field. Arrays by ipId, not a map: a status is counted for every record.
   */
  #clientTotals: Array<Uint32Array<ArrayBuffer> | undefined> = CATEGORY_FIELDS.map((field) => (field.clientMix === undefined ? undefined : new Uint32Array(1024)));
  readonly #windows = new Map<number, WindowCounts>();
  /** The window of the last record: records mostly come in time order. */
  #lastWindow: WindowCounts | undefined;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  add(record: LogRecord, ipId: number, ip: string): void {
    const window = this.#window(record.timeMs);
    for (const f of record.extras === null ? CORE_FIELDS : ALL_FIELDS) {
      const field = CATEGORY_FIELDS[f]!;
      if (field.valuesOf !== undefined) {
        // Several values or none per record: the record counts once in the field's totals, so that a
        // value's share is that of the records carrying it.
        const values = field.valuesOf(record);
        if (values === undefined) continue;
        this.#carries(f, ipId, window);
        for (const value of values) this.#count(f, value, record, ipId, ip, window);
        continue;
      }
      const value = field.valueOf(record);
      if (value === '') continue;
      this.#carries(f, ipId, window);
      this.#count(f, value, record, ipId, ip, window);
    }
  }

  /** A record that carries field `f`, in the field's totals. */
  #carries(f: number, ipId: number, window: WindowCounts | undefined): void {
    this.fieldTotals[f]!++;
    this.#addClientTotal(f, ipId, 1);
    if (window !== undefined) window.fieldTotals[f]!++;
  }

  /** `records` more of client `ipId` carrying field `f`, when the field is counted per client. */
  #addClientTotal(f: number, ipId: number, records: number): void {
    let totals = this.#clientTotals[f];
    if (totals === undefined) return;
    while (ipId >= totals.length) this.#clientTotals[f] = totals = doubled(totals);
    totals[ipId]! += records;
  }

  /** One value of field `f` in a record. */
  #count(f: number, value: string, record: LogRecord, ipId: number, ip: string, window: WindowCounts | undefined): void {
    const field = CATEGORY_FIELDS[f]!;
    const id = this.#id(f, value, record);
    const stats = this.values[id]!;
    stats.count++;
    if (record.timeMs !== null && Number.isFinite(record.timeMs)) {
      if (stats.firstMs === null || record.timeMs < stats.firstMs) stats.firstMs = record.timeMs;
      if (stats.lastMs === null || record.timeMs > stats.lastMs) stats.lastMs = record.timeMs;
    }
    if (stats.count <= CLIENT_COUNTING_RECORDS) stats.clients.add(ip);
    if (field.clientMix !== undefined && field.clientMix(stats.value)) bump(this.clientValues, ipId * VALUE_IDS + id);
    if (window !== undefined) {
      bump(window.values, id);
      addWindowClient(window, id, ipId);
    }
  }

  /** The value id of a field's value, interned on first sight (OTHER_VALUE past the cap); `first` is where it was first seen. */
  #id(field: number, value: string, first: { file: string; line: number }): number {
    const ids = this.#ids[field]!;
    let id = ids.get(value);
    if (id !== undefined) return id;
    const key = ids.size >= MAX_VALUES_PER_FIELD ? OTHER_VALUE : value;
    id = ids.get(key);
    if (id !== undefined) return id;
    id = this.values.length;
    ids.set(key, id);
    this.values.push({ field, value: key, count: 0, firstMs: null, lastMs: null, file: first.file, line: first.line, clients: new TopK(CLIENTS_PER_VALUE * 2) });
    return id;
  }

  /**
   * Joins `next`, the counts of the part of the log right after this one's (a distributed scan's map
   * jobs, docs/scale-out.md), with the same window length; `clientOf[ipId]` is where next's client
   * `ipId` went in this one's numbering. Values are interned in next's first-seen order, so the value
   * ids, the cap of MAX_VALUES_PER_FIELD and where each value was first seen come out as in one pass;
   * counts, totals and time spans add up; a window's first clients of a value join in log order.
   * **Exact**, but for the clients named per value: a Space-Saving table of 10 over the value's first
   * CLIENT_COUNTING_RECORDS records, merged as such tables merge (features/top-k.ts: exact while the
   * two hold no more than 10 clients, else within Space-Saving's bound), and counted past that many
   * records when the value crosses it inside next. Merge parts in log order.
   */
  merge(next: CategoryCounts, clientOf: ArrayLike<number>): void {
    if (next.windowMs !== this.windowMs) throw new RangeError(`cannot merge categorical counts of ${this.windowMs} ms and ${next.windowMs} ms windows`);
    const idOf = new Uint32Array(next.values.length);
    for (const [nextId, theirs] of next.values.entries()) {
      const id = this.#id(theirs.field, theirs.value, theirs);
      idOf[nextId] = id;
      const stats = this.values[id]!;
      if (stats.count < CLIENT_COUNTING_RECORDS) stats.clients.merge(theirs.clients);
      stats.count += theirs.count;
      if (theirs.firstMs !== null && (stats.firstMs === null || theirs.firstMs < stats.firstMs)) stats.firstMs = theirs.firstMs;
      if (theirs.lastMs !== null && (stats.lastMs === null || theirs.lastMs > stats.lastMs)) stats.lastMs = theirs.lastMs;
    }
    for (const [f, total] of next.fieldTotals.entries()) this.fieldTotals[f]! += total;
    for (const [key, count] of next.clientValues) {
      const { ipId, valueId } = CategoryCounts.clientKey(key);
      bump(this.clientValues, clientOf[ipId]! * VALUE_IDS + idOf[valueId]!, count);
    }
    for (const [f, theirs] of next.#clientTotals.entries()) {
      if (theirs === undefined) continue;
      // The array is longer than next's clients: the ids past them hold 0.
      for (let ipId = 0; ipId < theirs.length; ipId++) if (theirs[ipId] !== 0) this.#addClientTotal(f, clientOf[ipId]!, theirs[ipId]!);
    }
    for (const [index, theirs] of next.#windows) {
      const window = this.#windowAt(index);
      for (const [f, total] of theirs.fieldTotals.entries()) window.fieldTotals[f]! += total;
      for (const [valueId, count] of theirs.values) bump(window.values, idOf[valueId]!, count);
      for (const [valueId, members] of theirs.clients) for (const member of members) addWindowClient(window, idOf[valueId]!, clientOf[member]!);
    }
  }

  #window(timeMs: number | null): WindowCounts | undefined {
    if (timeMs === null || !Number.isFinite(timeMs)) return undefined;
    const last = this.#lastWindow;
    if (last !== undefined && timeMs >= last.startMs && timeMs < last.endMs) return last;
    const window = this.#windowAt(Math.floor(timeMs / this.windowMs));
    this.#lastWindow = window;
    return window;
  }

  /** The window of this index, made empty on first use. */
  #windowAt(index: number): WindowCounts {
    let window = this.#windows.get(index);
    if (window === undefined) {
      window = { startMs: index * this.windowMs, endMs: (index + 1) * this.windowMs, fieldTotals: CATEGORY_FIELDS.map(() => 0), values: new Map(), clients: new Map() };
      this.#windows.set(index, window);
    }
    return window;
  }

  /** Windows with records, in time order. */
  windows(): WindowCounts[] {
    return [...this.#windows.entries()].sort((a, b) => a[0] - b[0]).map(([, window]) => window);
  }

  /** A client's records of a value (0 when the value's field is not counted per client). */
  clientCount(ipId: number, valueId: number): number {
    return this.clientValues.get(ipId * VALUE_IDS + valueId) ?? 0;
  }

  /** A client's records that carry a field (0 when the field is not counted per client). */
  clientTotal(ipId: number, field: number): number {
    return this.#clientTotals[field]?.[ipId] ?? 0;
  }

  /** Decodes a clientValues key into the client and the value. */
  static clientKey(key: number): { ipId: number; valueId: number } {
    return { ipId: Math.floor(key / VALUE_IDS), valueId: key % VALUE_IDS };
  }
}

function bump(map: Map<number, number>, key: number, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Client `ipId` among the first WINDOW_CLIENTS_CAP distinct clients of a value in a window. */
function addWindowClient(window: WindowCounts, valueId: number, ipId: number): void {
  const clients = window.clients.get(valueId);
  if (clients === undefined) window.clients.set(valueId, [ipId]);
  else if (clients.length < WINDOW_CLIENTS_CAP && !clients.includes(ipId)) clients.push(ipId);
}
