// Records sent from the parse thread to the main thread as columns, not as objects. Structured
// cloning 200,000 LogRecords costs more than parsing them (bench/scan/interned-strings.md); typed
// arrays transfer for free, and each string is sent once: a field value gets an id in a table both
// sides grow in step. On the main thread equal values are then one string object, and V8 keeps a
// string's hash on it, so the ingest's map lookups (clients, request memo, referers) stop hashing
// every record's strings again.

import type { LogRecord } from '../../types.js';
import { intern } from '../intern.js';
import { newRecord } from '../new-record.js';

/** The string fields of a LogRecord (but `file`: every record of one input carries the input's name), in the order of the columns. */
const STRING_FIELDS = ['clientIp', 'method', 'path', 'query', 'protocol', 'userAgent', 'referer', 'cookie', 'host', 'user'] as const;
/** The fields that are a number or null. */
const NUMBER_FIELDS = ['timeMs', 'status', 'bytes', 'durationMs'] as const;

// Every field of LogRecord travels: adding one without adding it to a list above (and to encode and
// decode) fails to compile, as the field's name is then the type of EVERY_FIELD, which `true` is not.
type UnsentField = Exclude<keyof LogRecord, 'file' | 'line' | 'extras' | (typeof STRING_FIELDS)[number] | (typeof NUMBER_FIELDS)[number]>;
const EVERY_FIELD: [UnsentField] extends [never] ? true : UnsentField = true;
void EVERY_FIELD;

const STRINGS = STRING_FIELDS.length;
const NUMBERS = NUMBER_FIELDS.length;

/**
 * Strings the table holds before it starts over. It bounds both sides' memory (a log of unique
 * query strings would otherwise grow it without end); starting over only costs sending values again.
 */
export const STRING_TABLE_CAP = 1 << 17;

/** The records of one or more batches, in columns. */
export interface RecordColumns {
  /** Records in each batch, in order. */
  batchSizes: number[];
  lines: Float64Array<ArrayBuffer>;
  /** NUMBER_FIELDS per record; a null is NaN here and its bit set in `nulls`. */
  numbers: Float64Array<ArrayBuffer>;
  /** Bit i of a record's byte: NUMBER_FIELDS[i] is null. */
  nulls: Uint8Array<ArrayBuffer>;
  /** STRING_FIELDS per record, ids into the string table. */
  strings: Uint32Array<ArrayBuffer>;
  /** The table starts over before this message's strings. */
  reset: boolean;
  /** Strings new to the table, in id order: the receiver appends them before it reads `strings`. */
  fresh: string[];
  /** Each record's extras, or null when no record in the message has any. */
  extras: Array<Record<string, string> | null> | null;
}

/** The sending side: ids for strings, and the batches as columns. */
export class ColumnEncoder {
  readonly #ids = new Map<string, number>();
  readonly #cap: number;
  /** Per string field, the last value encoded and its id, within one message. */
  readonly #last = new Array<string | undefined>(STRINGS).fill(undefined);
  readonly #lastIds = new Array<number>(STRINGS).fill(0);

  /** `cap` is for tests; STRING_TABLE_CAP by default. */
  constructor(cap = STRING_TABLE_CAP) {
    this.#cap = cap;
  }

  encode(batches: readonly LogRecord[][]): RecordColumns {
    let count = 0;
    for (const batch of batches) count += batch.length;
    // Starting over between messages, never inside one, so that every id a message uses is in the receiver's table.
    const reset = this.#ids.size + count * STRINGS > this.#cap;
    if (reset) this.#ids.clear();
    this.#last.fill(undefined);
    const fresh: string[] = [];
    const lines = new Float64Array(count);
    const numbers = new Float64Array(count * NUMBERS);
    const nulls = new Uint8Array(count);
    const strings = new Uint32Array(count * STRINGS);
    let extras: Array<Record<string, string> | null> | null = null;
    let i = 0;
    for (const batch of batches) {
      for (const record of batch) {
        lines[i] = record.line;
        // Each field named, not read through a list of names: a read by a varying key is a slow lookup.
        const n = i * NUMBERS;
        nulls[i] =
          putNumber(numbers, n, record.timeMs, 1) |
          putNumber(numbers, n + 1, record.status, 2) |
          putNumber(numbers, n + 2, record.bytes, 4) |
          putNumber(numbers, n + 3, record.durationMs, 8);
        const s = i * STRINGS;
        strings[s] = this.#id(0, record.clientIp, fresh);
        strings[s + 1] = this.#id(1, record.method, fresh);
        strings[s + 2] = this.#id(2, record.path, fresh);
        strings[s + 3] = this.#id(3, record.query, fresh);
        strings[s + 4] = this.#id(4, record.protocol, fresh);
        strings[s + 5] = this.#id(5, record.userAgent, fresh);
        strings[s + 6] = this.#id(6, record.referer, fresh);
        strings[s + 7] = this.#id(7, record.cookie, fresh);
        strings[s + 8] = this.#id(8, record.host, fresh);
        strings[s + 9] = this.#id(9, record.user, fresh);
        if (record.extras !== null) {
          extras ??= new Array<Record<string, string> | null>(count).fill(null);
          extras[i] = record.extras;
        }
        i++;
      }
    }
    return { batchSizes: batches.map((b) => b.length), lines, numbers, nulls, strings, reset, fresh, extras };
  }

  /** The id of field `field`'s `value`, a new value getting the next one. */
  #id(field: number, value: string, fresh: string[]): number {
    // Neighbouring records often repeat a field (method, protocol, an empty cookie): comparing with
    // the last value is cheaper than hashing it for the table.
    if (value === this.#last[field]) return this.#lastIds[field]!;
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(value, id);
      fresh.push(value);
    }
    this.#last[field] = value;
    this.#lastIds[field] = id;
    return id;
  }
}

/** Writes `value` (NaN for null) at `at`; returns `bit` when it is null, else 0. */
function putNumber(numbers: Float64Array, at: number, value: number | null, bit: number): number {
  numbers[at] = value ?? Number.NaN;
  return value === null ? bit : 0;
}

/** The receiving side: the table in step with the encoder's, and the records rebuilt. */
export class ColumnDecoder {
  readonly #values: string[] = [];

  /** Strings the table holds now; for tests. */
  get tableSize(): number {
    return this.#values.length;
  }

  /** The batches `columns` holds, each record carrying `file`. */
  decode(columns: RecordColumns, file: string): LogRecord[][] {
    if (columns.reset) this.#values.length = 0;
    for (const value of columns.fresh) this.#values.push(value);
    const values = this.#values;
    const { lines, numbers, nulls, strings, extras } = columns;
    const batches: LogRecord[][] = [];
    let i = 0;
    for (const size of columns.batchSizes) {
      const batch = new Array<LogRecord>(size);
      for (let b = 0; b < size; b++, i++) {
        // newRecord and then the same field order as the parsers: one hidden class for every record.
        const record = newRecord(file, lines[i]!);
        const mask = nulls[i]!;
        const n = i * NUMBERS;
        const s = i * STRINGS;
        record.timeMs = mask & 1 ? null : numbers[n]!;
        record.clientIp = values[strings[s]!]!;
        record.method = values[strings[s + 1]!]!;
        record.path = values[strings[s + 2]!]!;
        record.query = values[strings[s + 3]!]!;
        record.protocol = values[strings[s + 4]!]!;
        record.status = mask & 2 ? null : numbers[n + 1]!;
        record.bytes = mask & 4 ? null : numbers[n + 2]!;
        record.durationMs = mask & 8 ? null : numbers[n + 3]!;
        record.userAgent = values[strings[s + 5]!]!;
        record.referer = values[strings[s + 6]!]!;
        record.cookie = values[strings[s + 7]!]!;
        record.host = values[strings[s + 8]!]!;
        record.user = values[strings[s + 9]!]!;
        const extra = extras?.[i] ?? null;
        if (extra !== null) record.extras = internValues(extra);
        batch[b] = record;
      }
      batches.push(batch);
    }
    return batches;
  }
}

/** The parsers intern extras' values (intern.ts); a cloned value is a fresh string, so intern it again here. */
function internValues(extras: Record<string, string>): Record<string, string> {
  for (const key of Object.keys(extras)) extras[key] = intern(extras[key]!);
  return extras;
}
