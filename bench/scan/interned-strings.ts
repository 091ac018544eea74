// What reading in a second thread could save the main thread of a warm rescan, measured before it is
// built (docs/detection.md "Cost"). On the one-site bench log the index worker idles while the records
// are read, so parsing could move there; but the records must then cross to the main thread:
//
// - by structured clone (postMessage of parsed records): what that costs against parsing them here;
// - as columns with interned strings: the main thread rebuilds records whose string fields are one
//   shared object per distinct value. What the ingest then costs, against freshly parsed records whose
//   strings are new objects every line (V8 keeps a string's hash on the object, so the request memo,
//   the client map and the referer memo hash each fresh string again).
//
// And what rebuilding records from such columns (typed arrays of numbers, string ids into per-field
// tables) costs the main thread. One process, rounds interleaved, the fastest of each.
//
//   npx tsx bench/scan/interned-strings.ts [--rounds 4]

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { parseArgs } from 'node:util';
import { createScope } from '../../src/features/scope.js';
import { parseClfLine } from '../../src/parse/formats/clf-line.js';
import type { LogStream } from '../../src/parse/read-logs.js';
import { newRecord } from '../../src/parse/new-record.js';
import { ingestRecords } from '../../src/pipeline/ingest-records.js';
import type { LogRecord } from '../../src/types.js';
import { makeLog } from '../parse/make-log.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '4' } } });
const rounds = Number(values.rounds);
const work = fileURLToPath(new URL('../work/', import.meta.url));

const STRING_FIELDS = ['clientIp', 'method', 'path', 'query', 'protocol', 'userAgent', 'referer', 'cookie', 'host', 'user'] as const;

function parseAll(lines: readonly string[], file: string): LogRecord[] {
  return lines.map((line, i) => {
    const record = parseClfLine(line, file, i + 1, false);
    if (typeof record === 'string') throw new Error(`bench log line ${i + 1} is malformed: ${record}`);
    return record;
  });
}

/** The records as a receiver of interned columns would rebuild them: one object per distinct string. */
function interned(records: readonly LogRecord[]): LogRecord[] {
  const pool = new Map<string, string>();
  const one = (value: string): string => {
    const kept = pool.get(value);
    if (kept !== undefined) return kept;
    pool.set(value, value);
    return value;
  };
  return records.map((record) => {
    const copy = { ...record };
    for (const field of STRING_FIELDS) copy[field] = one(record[field]);
    return copy;
  });
}

/** A batch as a parse thread would send it: numbers in typed arrays, strings as ids into per-field tables. */
interface Columns {
  file: string;
  lines: Int32Array;
  times: Float64Array;
  /** −1 where not logged. */
  status: Int32Array;
  /** NaN where not logged. */
  bytes: Float64Array;
  durations: Float64Array;
  ids: Record<(typeof STRING_FIELDS)[number], Uint32Array>;
  tables: Record<(typeof STRING_FIELDS)[number], string[]>;
}

/** The thread's side: not timed (it runs beside the main thread). */
function toColumns(records: readonly LogRecord[], file: string): Columns {
  const n = records.length;
  const nullable = (value: number | null) => (value === null ? Number.NaN : value);
  const ids = {} as Columns['ids'];
  const tables = {} as Columns['tables'];
  for (const field of STRING_FIELDS) {
    const idOf = new Map<string, number>();
    const table: string[] = [];
    const column = new Uint32Array(n);
    records.forEach((record, i) => {
      let id = idOf.get(record[field]);
      if (id === undefined) {
        id = table.push(record[field]) - 1;
        idOf.set(record[field], id);
      }
      column[i] = id;
    });
    ids[field] = column;
    tables[field] = table;
  }
  return {
    file,
    lines: Int32Array.from(records, (r) => r.line),
    times: Float64Array.from(records, (r) => nullable(r.timeMs)),
    status: Int32Array.from(records, (r) => r.status ?? -1),
    bytes: Float64Array.from(records, (r) => nullable(r.bytes)),
    durations: Float64Array.from(records, (r) => nullable(r.durationMs)),
    ids,
    tables,
  };
}

/** The main thread's side: records of parse's own shape, their strings from the tables. */
function fromColumns(columns: Columns): LogRecord[] {
  const { ids, tables } = columns;
  const orNull = (value: number) => (Number.isNaN(value) ? null : value);
  const out: LogRecord[] = new Array(columns.lines.length);
  for (let i = 0; i < out.length; i++) {
    const record = newRecord(columns.file, columns.lines[i]!);
    record.timeMs = orNull(columns.times[i]!);
    record.clientIp = tables.clientIp[ids.clientIp[i]!]!;
    record.method = tables.method[ids.method[i]!]!;
    record.path = tables.path[ids.path[i]!]!;
    record.query = tables.query[ids.query[i]!]!;
    record.protocol = tables.protocol[ids.protocol[i]!]!;
    record.status = columns.status[i]! < 0 ? null : columns.status[i]!;
    record.bytes = orNull(columns.bytes[i]!);
    record.durationMs = orNull(columns.durations[i]!);
    record.userAgent = tables.userAgent[ids.userAgent[i]!]!;
    record.referer = tables.referer[ids.referer[i]!]!;
    record.cookie = tables.cookie[ids.cookie[i]!]!;
    record.host = tables.host[ids.host[i]!]!;
    record.user = tables.user[ids.user[i]!]!;
    out[i] = record;
  }
  return out;
}

function asStream(records: readonly LogRecord[]): LogStream {
  return {
    summary: undefined as never, // ingestRecords reads only the batches
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < records.length; i += 1000) yield records.slice(i, i + 1000);
    },
  };
}

async function ingestMs(records: readonly LogRecord[]): Promise<number> {
  const started = performance.now();
  await ingestRecords(asStream(records), createScope({}), { push: async () => {} }, 300_000);
  return performance.now() - started;
}

const rows: Array<{ log: string; records: number; parseMs: number; cloneMs: number; rebuildMs: number; freshMs: number; internedMs: number }> = [];
for (const site of ['one site', 'every site'] as const) {
  const file = `${work}scan-200000${site === 'every site' ? '-all' : ''}.log`;
  if (!existsSync(file)) await makeLog({ lines: 200_000, out: file, ...(site === 'one site' ? { sources: ['elastic-apache-logs/apache_logs.log'] } : {}) });
  const lines = readFileSync(file, 'latin1').split('\n').filter((line) => line !== '');
  const best = { parseMs: Infinity, cloneMs: Infinity, rebuildMs: Infinity, freshMs: Infinity, internedMs: Infinity };
  for (let round = 0; round < rounds; round++) {
    let started = performance.now();
    const records = parseAll(lines, file);
    best.parseMs = Math.min(best.parseMs, performance.now() - started);
    // Structured clone in batches of 1,000, as a worker would post them: serialize there, deserialize here.
    const batches: Buffer[] = [];
    for (let i = 0; i < records.length; i += 1000) batches.push(serialize(records.slice(i, i + 1000)));
    started = performance.now();
    let cloned = 0;
    for (const batch of batches) cloned += (deserialize(batch) as LogRecord[]).length;
    best.cloneMs = Math.min(best.cloneMs, performance.now() - started);
    if (cloned !== records.length) throw new Error('lost records in the clone');
    const columns = toColumns(records, file);
    started = performance.now();
    const rebuilt = fromColumns(columns);
    best.rebuildMs = Math.min(best.rebuildMs, performance.now() - started);
    if (JSON.stringify(rebuilt.slice(0, 2000)) !== JSON.stringify(records.slice(0, 2000))) throw new Error('the columns lost a field');
    const shared = interned(records);
    for (const way of round % 2 === 0 ? (['fresh', 'interned'] as const) : (['interned', 'fresh'] as const)) {
      const ms = await ingestMs(way === 'fresh' ? parseAll(lines, file) : shared);
      if (way === 'fresh') best.freshMs = Math.min(best.freshMs, ms);
      else best.internedMs = Math.min(best.internedMs, ms);
    }
  }
  rows.push({ log: site, records: lines.length, ...best });
  console.log(site, best);
}

const meta = runMeta(`npx tsx bench/scan/interned-strings.ts --rounds ${rounds}`);
const markdown = [
  '# Reading in a second thread: what the records would cost to receive',
  '',
  describeRun(meta),
  '',
  `The 200,000-line bench logs, parsed in this process; the fastest of ${rounds} interleaved rounds.`,
  '*parse*: parsing every line into a record, the work a parse thread would take over.',
  '*structured clone*: receiving those records by postMessage (v8 deserialize of batches of 1,000), the main thread\'s share.',
  '*ingest, fresh*: `ingestRecords` over records whose strings are new objects every line, as parsing here makes them.',
  '*ingest, interned*: the same over records whose equal strings are one object, as records rebuilt from interned columns would be.',
  '',
  '*rebuild*: making the records again from columns (typed arrays of numbers, string ids into per-field tables), the main thread\'s share of receiving them that way.',
  '',
  '| log | records | parse (ms) | structured clone (ms) | rebuild (ms) | ingest, fresh (ms) | ingest, interned (ms) | interned / fresh | main thread saves (ms) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.log} | ${r.records.toLocaleString('en')} | ${r.parseMs.toFixed(0)} | ${r.cloneMs.toFixed(0)} | ${r.rebuildMs.toFixed(0)} | ${r.freshMs.toFixed(0)} | ${r.internedMs.toFixed(0)} | ${(r.internedMs / r.freshMs).toFixed(2)}× | ${(r.parseMs + r.freshMs - r.internedMs - r.rebuildMs).toFixed(0)} |`,
  ),
  '',
  'Receiving cloned records costs the main thread more than parsing them, so a parse thread pays only',
  'if the records cross as columns of numbers and string ids. *Main thread saves* is then parse + ingest,',
  'fresh − ingest, interned − rebuild: an estimate before it is built, without the messages themselves,',
  'the strings sent once each, and the other formats\' `extras`.',
  '',
].join('\n');
writeResults('scan/interned-strings', meta, markdown, { rounds, rows });
console.log(markdown);
