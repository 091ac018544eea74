import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../../src/distributed/store/folder-store.js';
import type { PartialStore } from '../../src/distributed/store/partial-store.js';
import { readLogs } from '../../src/parse/read-logs.js';
import type { LogRecord } from '../../src/types.js';

const FIXTURE = new URL('../fixtures/distributed/honeynet-access_log.25-1-300.log', import.meta.url).pathname;

async function collect<T>(values: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const value of values) all.push(value);
  return all;
}

describe('the partial store in a shared folder', () => {
  it('gives back the records of a real log as they were written, batch by batch', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'semlog-partials-')), 'scan1');
    const writer = await store.createWriter(3, 'records');
    const written: LogRecord[][] = [];
    for await (const batch of readLogs([FIXTURE], { batchSize: 64 })) {
      await writer.write(batch);
      written.push(batch);
    }
    // Nothing looks finished before the commit.
    expect(existsSync(store.path(3, 'records'))).toBe(false);
    await writer.commit();
    expect(written.flat()).toHaveLength(300);
    expect(await collect(store.readFrames<LogRecord[]>(3, 'records'))).toEqual(written);
    expect(readdirSync(store.where)).toEqual(['000003.records']);
  });

  it('keeps vectors exactly', async () => {
    const store: PartialStore = new FolderStore(mkdtempSync(join(tmpdir(), 'semlog-partials-')), 'scan1');
    const writer = await store.createWriter(0, 'vectors');
    const frame = { cacheKey: 'k', texts: ['GET /a', 'GET /b'], vectors: Float32Array.from([0.6, 0.8, -1, 0]) };
    await writer.write(frame);
    await writer.commit();
    expect(await collect(store.readFrames(0, 'vectors'))).toEqual([frame]);
  });

  it('leaves nothing behind when a job is aborted, and removes a scan whole', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'semlog-partials-')), 'scan1');
    await store.prepare();
    const writer = await store.createWriter(0, 'records');
    await writer.write([]);
    await writer.abort();
    expect(readdirSync(store.where)).toEqual([]);
    await store.writeSummary(0, { index: 0, input: 'a.log', distinctTexts: 0, warnings: [], ingest: { files: [], records: 0, malformed: 0, malformedSample: [], formats: [], damaged: 0, skipped: [] } });
    expect((await store.readSummary(0)).input).toBe('a.log');
    await store.remove();
    expect(existsSync(store.where)).toBe(false);
  });

  it('says which partial is unreadable when one is cut short', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'semlog-partials-')), 'scan1');
    await store.prepare();
    writeFileSync(store.path(0, 'records'), Buffer.from([200, 0, 0, 0, 1, 2, 3]));
    await expect(collect(store.readFrames(0, 'records'))).rejects.toThrow(/cannot read the map result .*000000\.records: 7 trailing bytes/);
    await expect(collect(store.readFrames(1, 'records'))).rejects.toMatchObject({ code: 'SEMLOG_PARTIAL_UNREADABLE', exitCode: 3 });
    await expect(store.readSummary(1)).rejects.toMatchObject({ code: 'SEMLOG_PARTIAL_UNREADABLE', exitCode: 3 });
  });
});
