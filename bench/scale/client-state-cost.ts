// What shipping per-client state between processes costs, against adding the records again: the
// question step 4 of docs/scale-out.md must answer before a reduce stops replaying records. The
// bench logs are cut into parts (as map jobs would read them); each part's records go into a
// mergeable IpAccumulator; its state is serialized and compressed (as a map job would write it), read
// back, restored and merged in order. Beside it, in the same run: one accumulator adding every record
// (the replay a reduce does today), with a request profile per distinct request as scan keeps it.
// Writes bench/scale/client-state-cost.{md,json}.
//
//   npm run build && npx tsx bench/scale/client-state-cost.ts [--parts 7] [--rounds 3]

import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { deflateSync, inflateSync } from 'node:zlib';
import { IpAccumulator, type IpAccumulatorState } from '../../src/features/ip-accumulator.js';
import type { RequestProfile } from '../../src/features/request-profile.js';
import { TextTable } from '../../src/normalize/text-table.js';
import { readLogs } from '../../src/parse/read-logs.js';
import { TagMasks } from '../../src/pipeline/occurrences.js';
import { RequestMemo } from '../../src/pipeline/request-memo.js';
import type { LogRecord } from '../../src/types.js';
import { makeLog } from '../parse/make-log.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const { values } = parseArgs({ options: { parts: { type: 'string', default: '7' }, rounds: { type: 'string', default: '3' } } });
const PARTS = Number(values.parts);
const ROUNDS = Number(values.rounds);
if (!(Number.isInteger(PARTS) && PARTS >= 2 && Number.isInteger(ROUNDS) && ROUNDS >= 1)) throw new Error('--parts must be an integer ≥ 2 and --rounds ≥ 1');

interface Row {
  log: string;
  records: number;
  clients: number;
  /** Clients summed over the parts (a client in three parts counts three times). */
  partClients: number;
  stateMs: number;
  shippedBytes: number;
  writeMs: number;
  readMs: number;
  restoreMs: number;
  mergeMs: number;
  replayMs: number;
}

// The scan benchmark's two logs (bench/scan/scan.bench.ts: the same seed gives the same lines).
const WORK = new URL('../work/client-state/', import.meta.url).pathname;
const LOGS = [
  { name: 'one site', out: `${WORK}one-site.log`, sources: ['elastic-apache-logs/apache_logs.log'] },
  { name: 'every site', out: `${WORK}every-site.log`, sources: undefined },
];

async function recordsOf(log: (typeof LOGS)[number]): Promise<LogRecord[]> {
  mkdirSync(WORK, { recursive: true });
  await makeLog({ lines: 200_000, out: log.out, ...(log.sources && { sources: log.sources }) });
  const records: LogRecord[] = [];
  for await (const batch of readLogs([log.out], {})) records.push(...batch);
  return records;
}

/** The request profile of every record, one per distinct request, as scan's ingest pass shares them. */
function profilesOf(records: readonly LogRecord[]): RequestProfile[] {
  const memo = new RequestMemo(new TextTable(), new TagMasks());
  return records.map((record) => memo.facts(record).profile);
}

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

const rows: Row[] = [];
for (const log of LOGS) {
  const records = await recordsOf(log);
  const profiles = profilesOf(records);
  const best: Partial<Row> = {};
  const keep = (key: keyof Row, ms: number) => ((best[key] as number | undefined) = Math.min((best[key] as number | undefined) ?? Infinity, ms));
  for (let round = 0; round < ROUNDS; round++) {
    const parts: IpAccumulator[] = [];
    for (let p = 0; p < PARTS; p++) {
      const accumulator = new IpAccumulator({ mergeable: true });
      const from = Math.floor((records.length * p) / PARTS);
      const to = Math.floor((records.length * (p + 1)) / PARTS);
      for (let i = from; i < to; i++) accumulator.add(records[i]!, profiles[i]);
      parts.push(accumulator);
    }
    const [states, stateMs] = time(() => parts.map((part) => part.state()));
    const [shipped, writeMs] = time(() => states.map((state) => deflateSync(serialize(state), { level: 1 })));
    const [read, readMs] = time(() => shipped.map((bytes) => deserialize(inflateSync(bytes)) as IpAccumulatorState));
    const [restored, restoreMs] = time(() => read.map((state) => IpAccumulator.fromState(state)));
    const [, mergeMs] = time(() => {
      for (let p = 1; p < restored.length; p++) restored[0]!.merge(restored[p]!);
    });
    const [replayed, replayMs] = time(() => {
      const one = new IpAccumulator();
      for (let i = 0; i < records.length; i++) one.add(records[i]!, profiles[i]);
      return one;
    });
    keep('stateMs', stateMs);
    keep('writeMs', writeMs);
    keep('readMs', readMs);
    keep('restoreMs', restoreMs);
    keep('mergeMs', mergeMs);
    keep('replayMs', replayMs);
    best.shippedBytes = shipped.reduce((sum, bytes) => sum + bytes.length, 0);
    best.clients = replayed.ips.length;
    best.partClients = parts.reduce((sum, part) => sum + part.ips.length, 0);
  }
  const row = { log: log.name, records: records.length, ...best } as Row;
  console.log(JSON.stringify(row));
  rows.push(row);
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const meta = runMeta(`npx tsx bench/scale/client-state-cost.ts --parts ${PARTS} --rounds ${ROUNDS}`);
const md = `# Shipping per-client state against replaying records

${describeRun(meta)} Each bench log (200,000 lines) is cut into ${PARTS} parts in log order, as map jobs
would read it; each part's records go into a mergeable \`IpAccumulator\`, whose \`state()\` is
serialized with \`v8.serialize\` and deflated (level 1), then inflated, deserialized, restored with
\`fromState\` and merged in order. The replay column is one accumulator adding every record, with a
request profile per distinct request as \`scan\` keeps them: what a reduce spends on the per-client
features today. Fastest of ${ROUNDS} rounds for each step.

| log | records | clients | clients over the parts | map: state() | map: serialize + deflate | shipped | reduce: inflate + deserialize | reduce: fromState | reduce: merge | reduce in all | replay instead |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows
  .map((r) => {
    const total = r.readMs + r.restoreMs + r.mergeMs;
    return `| ${r.log} | ${r.records.toLocaleString('en')} | ${r.clients.toLocaleString('en')} | ${r.partClients.toLocaleString('en')} | ${ms(r.stateMs)} | ${ms(r.writeMs)} | ${(r.shippedBytes / 1e6).toFixed(1)} MB | ${ms(r.readMs)} | ${ms(r.restoreMs)} | ${ms(r.mergeMs)} | **${ms(total)}** | **${ms(r.replayMs)}** |`;
  })
  .join('\n')}

The map side runs on the workers, in parallel; the reduce reads, restores and merges, where today it
replays. A client here is in ${(rows[0]!.partClients / rows[0]!.clients).toFixed(1)} of the ${PARTS} parts on average, with
${(rows[0]!.records / rows[0]!.partClients).toFixed(1)} records in each: restoring and merging a part's client costs far more than adding
its few records again. See docs/scale-out.md (step 4) for what this means for the design.
`;
writeResults('scale/client-state-cost', meta, md, { parts: PARTS, rounds: ROUNDS, rows });
