// The reduce trusts the map jobs' per-client state only as far as it checks out: a damaged file or
// state of other records is a clear error (exit 3), never a report built on it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { mapInput } from '../../src/distributed/map-input.js';
import { mergePartialAggregates, type PartialAggregates } from '../../src/distributed/partial-aggregates.js';
import { partialFiles } from '../../src/distributed/partial-store.js';
import { planMapJobs } from '../../src/distributed/plan-map-jobs.js';
import { readPartials, reduceScan } from '../../src/distributed/reduce-scan.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';
import { rejection, SHARED_DATA } from '../parse/helpers.js';

const readPart = (file: string) => JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as PartialAggregates;

/** A real log in byte ranges, each mapped; returns what the reduce needs. */
async function mapped() {
  const store = mkdtempSync(join(tmpdir(), 'semlog-aggregates-store-'));
  const log = `${SHARED_DATA}basjes-hackers-access/hackers-access.log`;
  const jobs = await planMapJobs({ paths: [log], store, rangeBytes: 200_000 });
  const embedder = trigramEmbedder(32);
  for (const job of jobs) await mapInput(job, embedder);
  const files = jobs.map((job) => partialFiles(store, job.scanId, job.index).aggregates);
  return { log, store, jobs, embedder, files };
}

describe('partial aggregates', () => {
  it('a damaged client state names its file and refuses to reduce', async () => {
    const { log, store, jobs, embedder, files } = await mapped();
    expect(jobs.length).toBeGreaterThan(2);
    const part = readPart(files[1]!);
    part.clients.clients[0]!.state.errors = part.clients.clients[0]!.state.requests + 1;
    writeFileSync(files[1]!, gzipSync(JSON.stringify(part)));
    const error = await rejection(reduceScan({ store, scanId: jobs[0]!.scanId, jobs: jobs.length }, { paths: [log], embedder, cacheDir: jobs[0]!.cacheDir }));
    expect(error.code).toBe('SEMLOG_PARTIAL_UNREADABLE');
    expect(error.message).toContain(files[1]);
    expect(error.message).toMatch(/not a client state/);
  });

  it('a client state of other records is refused while the records are read', async () => {
    const { log, store, jobs, embedder, files } = await mapped();
    const parts = files.map(readPart);
    // Only the first job's state, with the records of every job.
    const aggregates = mergePartialAggregates(parts.slice(0, 1), files.slice(0, 1))!;
    const records = await readPartials({ store, scanId: jobs[0]!.scanId, jobs: jobs.length });
    const error = await rejection(analyze({ paths: [log], records, aggregates, embedder, cacheDir: false }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/the map results disagree/);
  });

  it('aggregates without the records they describe are a usage error', async () => {
    const { log, files } = await mapped();
    const parts = files.map(readPart);
    const aggregates = mergePartialAggregates(parts, files)!;
    await expect(analyze({ paths: [log], aggregates, embedder: trigramEmbedder(32), cacheDir: false })).rejects.toThrow(UsageError);
  });
});
