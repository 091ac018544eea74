import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partialFiles, readRecords, RecordWriter } from '../../src/distributed/partial-store.js';
import { readLogs } from '../../src/parse/read-logs.js';
import type { LogRecord } from '../../src/types.js';

const FIXTURE = new URL('../fixtures/distributed/honeynet-access_log.25-1-300.log', import.meta.url).pathname;

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const batch of batches) all.push(...batch);
  return all;
}

describe('the partial store', () => {
  it('gives back the records of a real log as they were written, batch by batch', async () => {
    const store = mkdtempSync(join(tmpdir(), 'semlog-partials-'));
    const files = partialFiles(store, 'scan1', 3);
    const writer = await RecordWriter.create(files.records);
    const written: LogRecord[] = [];
    for await (const batch of readLogs([FIXTURE], { batchSize: 64 })) {
      await writer.write(batch);
      written.push(...batch);
    }
    // Nothing looks finished before the commit.
    expect(existsSync(files.records)).toBe(false);
    await writer.commit();
    expect(written).toHaveLength(300);
    expect(await collect(readRecords(files.records))).toEqual(written);
    expect(readdirSync(join(store, 'scan1'))).toEqual(['000003.records']);
  });

  it('leaves nothing behind when a job is aborted', async () => {
    const store = mkdtempSync(join(tmpdir(), 'semlog-partials-'));
    const files = partialFiles(store, 'scan1', 0);
    const writer = await RecordWriter.create(files.records);
    await writer.write([]);
    await writer.abort();
    expect(readdirSync(join(store, 'scan1'))).toEqual([]);
  });

  it('says which partial is unreadable when one is cut short', async () => {
    const store = mkdtempSync(join(tmpdir(), 'semlog-partials-'));
    const path = join(store, 'cut.records');
    writeFileSync(path, Buffer.from([200, 0, 0, 0, 1, 2, 3]));
    await expect(collect(readRecords(path))).rejects.toThrow(/cannot read the map result .*cut\.records: 7 trailing bytes/);
    await expect(collect(readRecords(join(store, 'missing.records')))).rejects.toMatchObject({ code: 'SEMLOG_PARTIAL_UNREADABLE', exitCode: 3 });
  });
});
