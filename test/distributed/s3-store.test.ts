// The partial store on an S3 prefix, against a real S3-compatible server (s3rver) on loopback: what a
// job writes is read back exactly, a partial larger than one upload part goes up in parts, nothing is
// visible before the commit or after an abort, a scan is removed whole, and the errors users meet.

import { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_BYTES } from '../../src/distributed/store/s3-multipart-writer.js';
import { S3Store } from '../../src/distributed/store/s3-store.js';
import { openPartialStore } from '../../src/distributed/store/partial-store.js';
import { mapInput } from '../../src/distributed/map-input.js';
import { planMapJobs } from '../../src/distributed/plan-map-jobs.js';
import { reduceScan } from '../../src/distributed/reduce-scan.js';
import { analyze } from '../../src/pipeline/analyze.js';
import type { Analysis } from '../../src/types.js';
import { readLogs } from '../../src/parse/read-logs.js';
import type { LogRecord } from '../../src/types.js';
import { startDenyingS3 } from '../helpers/denying-s3.js';
import { awsTestEnv, S3RVER_KEY, startS3Server, type S3Server } from '../helpers/s3-server.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const FIXTURE = new URL('../fixtures/distributed/honeynet-access_log.25-1-300.log', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/distributed/', import.meta.url).pathname;
const SUMMARY = { index: 0, input: 'a.log', distinctTexts: 0, warnings: [], ingest: { files: [], records: 0, malformed: 0, malformedSample: [], formats: [], damaged: 0, skipped: [] } };

let server: S3Server;
/** This process's AWS environment, replaced by s3rver's for the jobs that build their own clients. */
const savedEnv = { ...process.env };
beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket('store');
  Object.assign(process.env, awsTestEnv());
}, 120_000);
afterAll(async () => {
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
  await server?.close();
});

async function collect<T>(values: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const value of values) all.push(value);
  return all;
}

const keys = (prefix: string) => server.keys('store', prefix);

/** The commands sent, by name: which calls a write made. */
let sent: string[] = [];
const open = (uri: string, scanId: string) =>
  S3Store.open(uri, scanId, {
    client: {
      send: (command: object) => {
        sent.push(command.constructor.name);
        return server.client.send(command as never);
      },
    } as unknown as S3Client,
  });

describe('the partial store on S3', () => {
  it('gives back the records of a real log batch by batch, visible only once committed', async () => {
    const store = await open('s3://store/semlog', 'scan1');
    await store.prepare();
    const writer = await store.createWriter(3, 'records');
    const written: LogRecord[][] = [];
    for await (const batch of readLogs([FIXTURE], { batchSize: 64 })) {
      await writer.write(batch);
      written.push(batch);
    }
    expect(await keys('semlog/scan1/')).toEqual(['semlog/scan1/scan.json']);
    await writer.commit();
    await store.writeSummary(3, { ...SUMMARY, index: 3 });
    expect(written.flat()).toHaveLength(300);
    expect(await collect(store.readFrames<LogRecord[]>(3, 'records'))).toEqual(written);
    expect((await store.readSummary(3)).index).toBe(3);
    expect(await keys('semlog/scan1/')).toEqual(['semlog/scan1/000003.records', 'semlog/scan1/000003.summary.json', 'semlog/scan1/scan.json']);
    await store.remove();
    expect(await keys('semlog/')).toEqual([]);
  });

  it('downloads the next partials while the reduce reads one, and reads each in order', async () => {
    const store = await open('s3://store/ahead', 'scan8');
    for (let index = 0; index < 4; index++) {
      const writer = await store.createWriter(index, 'records');
      await writer.write([{ job: index }]);
      await writer.commit();
    }
    sent = [];
    expect(await collect(store.readFrames(0, 'records'))).toEqual([[{ job: 0 }]]);
    // One listing, then job 0 and the three after it asked for at once.
    expect(sent).toEqual(['ListObjectsV2Command', 'GetObjectCommand', 'GetObjectCommand', 'GetObjectCommand', 'GetObjectCommand']);
    for (let index = 1; index < 4; index++) expect(await collect(store.readFrames(index, 'records'))).toEqual([[{ job: index }]]);
    expect(sent).toHaveLength(5);
    // A job whose partial the listing lacks is asked for by itself, and named when missing.
    await expect(collect(store.readFrames(4, 'records'))).rejects.toMatchObject({ code: 'SEMLOG_PARTIAL_UNREADABLE', message: expect.stringContaining('ahead/scan8/000004.records') });
    await store.remove();
  });

  it('uploads a partial larger than one part in parts, and reads it back exactly', async () => {
    const store = await open('s3://store/big/', 'scan2');
    const writer = await store.createWriter(0, 'vectors');
    // Random bytes do not deflate: three frames of 4 MiB make one part of PART_BYTES and a last one.
    const frames = [0, 1, 2].map((n) => ({ cacheKey: 'k', texts: [`GET /${n}`], vectors: new Float32Array(randomBytes(4 * 1024 * 1024).buffer) }));
    sent = [];
    for (const frame of frames) await writer.write(frame);
    await writer.commit();
    expect(sent).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand']);
    const back = await collect(store.readFrames<(typeof frames)[number]>(0, 'vectors'));
    expect(back.map((frame) => frame.texts)).toEqual([['GET /0'], ['GET /1'], ['GET /2']]);
    expect(back.every((frame, i) => Buffer.from(frame.vectors.buffer, frame.vectors.byteOffset, frame.vectors.byteLength).equals(Buffer.from(frames[i]!.vectors.buffer)))).toBe(true);
    await store.remove();
  });

  it('leaves no object when a job is aborted, in one part or in several', async () => {
    const store = await open('s3://store/aborted', 'scan3');
    const small = await store.createWriter(0, 'records');
    await small.write([]);
    await small.abort();
    const large = await store.createWriter(1, 'records');
    sent = [];
    await large.write({ bytes: randomBytes(PART_BYTES + 1) });
    await large.abort();
    expect(sent).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand']);
    expect(await keys('aborted/')).toEqual([]);
  });

  it('puts a scan at the top of the bucket when the URI names no prefix', async () => {
    const store = await open('s3://store', 'scan4');
    await store.prepare();
    expect(store.where).toBe('s3://store/scan4/');
    expect(await keys('scan4/')).toEqual(['scan4/scan.json']);
    await store.remove();
  });

  it('says which partial is missing, and what to do when the bucket or the endpoint is wrong', async () => {
    const store = await open('s3://store/semlog', 'gone');
    await expect(store.readSummary(0)).rejects.toMatchObject({ code: 'SEMLOG_PARTIAL_UNREADABLE', exitCode: 3, message: expect.stringContaining('s3://store/semlog/gone/000000.summary.json') });
    await expect(collect(store.readFrames(0, 'records'))).rejects.toMatchObject({ code: 'SEMLOG_PARTIAL_UNREADABLE' });
    // A partial cut short is named, as in a folder.
    await server.putObjects('store', [{ key: 'semlog/gone/000001.records', body: Buffer.from([200, 0, 0, 0, 1, 2, 3]) }]);
    await expect(collect(store.readFrames(1, 'records'))).rejects.toMatchObject({
      code: 'SEMLOG_PARTIAL_UNREADABLE',
      message: 'cannot read the map result s3://store/semlog/gone/000001.records: 7 trailing bytes',
    });
    const noBucket = await open('s3://no-such-bucket/semlog', 'scan5');
    await expect(noBucket.prepare()).rejects.toMatchObject({ code: 'SEMLOG_S3_NO_SUCH_BUCKET', exitCode: 3 });
    const client = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', forcePathStyle: true, credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY } });
    try {
      const unreachable = await openPartialStore('s3://store/semlog', 'scan6', { client, endpointUrl: 'http://127.0.0.1:1' });
      await expect(unreachable.prepare()).rejects.toMatchObject({ code: 'SEMLOG_S3_UNREACHABLE', message: 'cannot reach S3 at http://127.0.0.1:1 to write s3://store/semlog/scan6/scan.json (ECONNREFUSED)' });
    } finally {
      client.destroy();
    }
  });

  it('names the permission a store write needs when S3 denies it', async () => {
    const denying = await startDenyingS3();
    const client = new S3Client({ region: 'us-east-1', endpoint: denying.endpoint, forcePathStyle: true, credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY } });
    try {
      const store = await openPartialStore('s3://store/semlog', 'scan7', { client });
      const error = await store.prepare().then(() => undefined, (e: unknown) => e as Error & { hint?: string });
      expect(error).toMatchObject({ code: 'SEMLOG_S3_ACCESS_DENIED', message: 'access denied to s3://store/semlog/scan7/scan.json: s3:PutObject is not allowed' });
      expect(error?.hint).toContain('docs/scale-out.md "IAM for S3"');
    } finally {
      client.destroy();
      await denying.close();
    }
  });

  it('carries a scan mapped in reverse order, vectors and all, to the analysis of the same inputs', async () => {
    const embedder = trigramEmbedder(64);
    const jobs = await planMapJobs({ paths: [FIXTURES], store: 's3://store/mapreduce', s3: { endpointUrl: server.endpoint } });
    // No shared cache: each job ships the vectors of the texts it claims (without claims, all of its own).
    expect(jobs.every((job) => job.cacheDir === null && job.s3?.endpointUrl === server.endpoint)).toBe(true);
    for (const job of [...jobs].reverse()) await mapInput(job, embedder);
    embedder.embedded = 0;
    const reduced = await reduceScan({ store: 's3://store/mapreduce', scanId: jobs[0]!.scanId, jobs: jobs.length, s3: { endpointUrl: server.endpoint } }, { paths: [FIXTURES], embedder, cacheDir: false });
    // Every vector came from the partials.
    expect(embedder.embedded).toBe(0);
    const single = await analyze({ paths: [FIXTURES], embedder, cacheDir: false });
    const comparable = ({ summary: { elapsedMs, stageMs, cachedTexts, ...summary }, ...rest }: Analysis) => ({ ...rest, summary });
    expect(reduced.lines.length).toBeGreaterThan(0);
    expect(comparable(reduced)).toEqual(comparable(single));
  });
});
