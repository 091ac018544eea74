// readLogs over s3:// inputs against a real S3-compatible server (s3rver) on loopback: listing with
// pagination, the date filter, format detection, line numbers, damage and the errors users meet.

import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listObjects, mayHoldRecords } from '../../../src/parse/s3/list-objects.js';
import { startDenyingS3 } from '../../helpers/denying-s3.js';
import { ALB_RECORDS, albObject, CLOUDFRONT_RECORDS, cloudFrontObject, corruptObject, manyCloudFrontObjects } from '../../helpers/s3-fixtures.js';
import { startS3Server, type S3Server } from '../../helpers/s3-server.js';
import { collect, rejection } from '../helpers.js';

let server: S3Server;
beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket('logs');
  await server.putObjects('logs', [
    cloudFrontObject('cf/', '2026-11-16', '05', 'a1'),
    cloudFrontObject('cf/', '2026-11-17', '05', 'a2', ['this is not a cloudfront line']),
    cloudFrontObject('cf/', '2026-11-18', '05', 'a3'),
    albObject('alb/', '2026-11-17', '22'),
    albObject('alb/', '2026-11-18', '03'),
    corruptObject('corrupt/E2EXAMPLE.2026-11-18-06.bad.gz'),
    { key: 'cf-notes/README.txt', body: 'These are our CloudFront logs.\nAsk ops before deleting.\n' },
    ...manyCloudFrontObjects('many/', 1_050),
    // Two distributions under one prefix, an undated file between them and a folder marker.
    ...manyCloudFrontObjects('multi/', 150, 'E1EXAMPLE'),
    { key: 'multi/E1EXAMPLE.notes.txt', body: 'not a log\n' },
    { key: 'multi/archive/', body: '' },
    ...manyCloudFrontObjects('multi/', 150, 'E2EXAMPLE'),
  ]);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const s3 = () => ({ client: server.client });
const at = (iso: string) => Date.parse(iso);

describe('listObjects', () => {
  it('pages through more than 1,000 keys and returns them sorted', async () => {
    const { objects, listed } = await listObjects(server.client, { bucket: 'logs', prefix: 'many/' }, {});
    expect(listed).toBe(1_050);
    expect(objects).toHaveLength(1_050);
    expect(objects.map((o) => o.key)).toEqual(objects.map((o) => o.key).sort());
    expect(objects[1_049]?.key).toBe('many/E2EXAMPLE.2026-11-13-17.01049.gz');
  });

  it('keeps only the objects dated in the range, found after jumping over the older hours', async () => {
    const { objects, listed, jumps } = await listObjects(server.client, { bucket: 'logs', prefix: 'many/' }, {
      sinceMs: at('2026-11-13T00:00:00Z'), untilMs: at('2026-11-13T06:00:00Z'),
    });
    // The first page ends at 2026-11-11-15, far before --since: the listing goes on from
    // 2026-11-12-21 (the 1,030th key) instead of paging through the hours in between.
    expect([listed, jumps]).toEqual([1_021, 1]);
    expect(objects.map((o) => o.key.slice(15, 28))).toEqual([
      '2026-11-12-23', '2026-11-13-00', '2026-11-13-01', '2026-11-13-02', '2026-11-13-03', '2026-11-13-04', '2026-11-13-05', '2026-11-13-06',
    ]);
  });
});

describe('listObjects with --since', () => {
  const prefix = { bucket: 'logs', prefix: 'multi/' };
  const everything = () => listObjects(server.client, prefix, {}, undefined, 10);

  it.each(['2026-10-03T05:00:00Z', '2026-10-05T00:30:00Z', '2026-10-07T05:00:00Z', '2026-12-01T00:00:00Z', '2026-09-01T00:00:00Z'])(
    'keeps exactly what filtering the whole listing keeps, listing fewer keys (since %s)',
    async (iso) => {
      const filter = { sinceMs: at(iso) };
      const all = await everything();
      const jumped = await listObjects(server.client, prefix, filter, undefined, 10);
      expect(jumped.objects).toEqual(all.objects.filter((o) => mayHoldRecords(o, filter)));
      if (at(iso) < at('2026-10-01T00:00:00Z')) {
        expect([jumped.listed, jumped.jumps]).toEqual([all.listed, 0]); // nothing is old enough to skip
      } else {
        expect(jumped.jumps).toBeGreaterThanOrEqual(2); // at least once per distribution
        expect(jumped.listed).toBeLessThan(all.listed);
      }
    },
  );

  it('lists every key of both distributions, the undated file and no folder marker without --since', async () => {
    const all = await everything();
    expect([all.listed, all.jumps]).toEqual([301, 0]);
    expect(all.objects.map((o) => o.key)).toContain('multi/E1EXAMPLE.notes.txt');
  });
});

describe('readLogs over s3://', () => {
  it('reads gzipped CloudFront and ALB objects in key order, with s3:// URIs and line numbers', async () => {
    const { records, summary } = await collect(['s3://logs/cf/', 's3://logs/alb/'], { s3: s3() });
    expect(summary.records).toBe(3 * CLOUDFRONT_RECORDS + 2 * ALB_RECORDS);
    expect(summary.formats).toEqual(['cloudfront', 'alb']);
    expect(summary.files.map((f) => f.file)).toEqual([
      's3://logs/cf/E2EXAMPLE.2026-11-16-05.a1.gz',
      's3://logs/cf/E2EXAMPLE.2026-11-17-05.a2.gz',
      's3://logs/cf/E2EXAMPLE.2026-11-18-05.a3.gz',
      expect.stringMatching(/^s3:\/\/logs\/alb\/AWSLogs\/123456789012\/elasticloadbalancing\/us-east-1\/2026\/11\/17\/.*_20261117T2205Z_.*\.log\.gz$/),
      expect.stringMatching(/^s3:\/\/logs\/alb\/AWSLogs\/.*\/2026\/11\/18\/.*\.log\.gz$/),
    ]);
    // The two `#` header lines come first in every CloudFront object.
    expect(records.slice(0, CLOUDFRONT_RECORDS).map((r) => [r.file, r.line])).toEqual(
      [3, 4, 5, 6, 7, 8].map((line) => ['s3://logs/cf/E2EXAMPLE.2026-11-16-05.a1.gz', line]),
    );
    expect(records[0]?.timeMs).toBe(at('2026-11-16T05:02:31Z'));
    expect(summary.malformed).toBe(1);
    expect(summary.malformedSample[0]).toMatchObject({ file: 's3://logs/cf/E2EXAMPLE.2026-11-17-05.a2.gz', line: 9 });
  });

  it('gives the same records and summary when its objects are parsed in the parse thread, corrupt ones included', async () => {
    const inputs = ['s3://logs/cf/', 's3://logs/corrupt/', 's3://logs/alb/'];
    const here = await collect(inputs, { s3: s3(), parseThread: false });
    const there = await collect(inputs, { s3: s3(), parseThread: true });
    expect(there.records).toEqual(here.records);
    expect(there.summary).toEqual(here.summary);
    expect(here.summary.damaged).toBe(1);
  });

  it('reads only the objects dated in the range', async () => {
    const { summary } = await collect(['s3://logs/cf/', 's3://logs/alb/'], {
      s3: { ...s3(), sinceMs: at('2026-11-17T00:00:00Z'), untilMs: at('2026-11-18T00:00:00Z') },
    });
    expect(summary.files.map((f) => f.file.replace(/^.*\/(\d{4}\/\d{2}\/\d{2})\/.*$/, '$1'))).toEqual([
      's3://logs/cf/E2EXAMPLE.2026-11-17-05.a2.gz', '2026/11/17',
    ]);
  });

  it('reports a corrupt object as damaged and reads the others', async () => {
    const { summary } = await collect(['s3://logs/corrupt/', 's3://logs/cf/'], { s3: s3() });
    expect(summary.damaged).toBe(1);
    expect(summary.files[0]).toMatchObject({ file: 's3://logs/corrupt/E2EXAMPLE.2026-11-18-06.bad.gz', damaged: { code: 'SEMLOG_GZIP_CORRUPT' } });
    expect(summary.records).toBe(3 * CLOUDFRONT_RECORDS);
  });

  it('skips an object that is not a log, like a file found in a folder; only such objects is an error', async () => {
    const { summary } = await collect(['s3://logs/cf'], { s3: s3() }); // prefix `cf` also matches cf-notes/
    expect(summary.skipped).toEqual([{ file: 's3://logs/cf-notes/README.txt', reason: expect.stringContaining('cannot detect the log format') }]);
    expect(summary.records).toBe(3 * CLOUDFRONT_RECORDS);
    const none = await rejection(collect(['s3://logs/cf-notes/'], { s3: s3() }));
    expect(none.code).toBe('SEMLOG_UNKNOWN_FORMAT');
    expect(none.message).toMatch(/^the one file found was skipped: cannot detect the log format of s3:\/\/logs\/cf-notes\/README\.txt \(first line: "[^"]/);
  });

  it('reads mixed local files and s3:// inputs in one run', async () => {
    const local = new URL('../../fixtures/logs/alb/aws-log-parser_alb-entries.log', import.meta.url).pathname;
    const { summary } = await collect([local, 's3://logs/cf/E2EXAMPLE.2026-11-18'], { s3: s3() });
    expect(summary.files.map((f) => [f.format, f.records])).toEqual([['alb', ALB_RECORDS], ['cloudfront', CLOUDFRONT_RECORDS]]);
  });

  it('with --format fixed, reads the objects without sniffing them first', async () => {
    const { summary } = await collect(['s3://logs/cf/'], { s3: s3(), format: 'cloudfront' });
    expect(summary.records).toBe(3 * CLOUDFRONT_RECORDS);
  });
});

describe('errors users meet', () => {
  it('no object under the prefix, or none in the range: SEMLOG_NO_INPUT naming the filter', async () => {
    const none = await rejection(collect(['s3://logs/nothing-here/'], { s3: s3() }));
    expect([none.code, none.exitCode, none.message]).toEqual(['SEMLOG_NO_INPUT', 3, 'no object under s3://logs/nothing-here/']);
    const outOfRange = await rejection(collect(['s3://logs/cf/'], { s3: { ...s3(), sinceMs: at('2027-01-01T00:00:00Z') } }));
    expect(outOfRange.message).toBe('none of the 3 objects under s3://logs/cf/ is dated within --since 2027-01-01T00:00:00.000Z');
    const jumped = await rejection(collect(['s3://logs/many/'], { s3: { ...s3(), sinceMs: at('2027-01-01T00:00:00Z') } }));
    expect(jumped.message).toBe(
      'none of the 1000 objects listed under s3://logs/many/ (older CloudFront hours skipped by name) is dated within --since 2027-01-01T00:00:00.000Z',
    );
  });

  it('a bucket that does not exist', async () => {
    const error = await rejection(collect(['s3://no-such-bucket/x/'], { s3: s3() }));
    expect([error.code, error.message]).toEqual(['SEMLOG_S3_NO_SUCH_BUCKET', 'bucket no-such-bucket does not exist']);
  });

  it('credentials the store rejects', async () => {
    const client = new S3Client({ region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' } });
    const error = await rejection(collect(['s3://logs/cf/'], { s3: { client } }));
    expect([error.code, error.exitCode]).toEqual(['SEMLOG_S3_BAD_CREDENTIALS', 3]);
    expect(error.message).toContain('InvalidAccessKeyId');
  });

  it('access denied to the listing names s3:ListBucket, to an object s3:GetObject', async () => {
    const denyAll = await startDenyingS3();
    const denyGet = await startDenyingS3({ allowList: 'E2EXAMPLE.2026-11-18-05.a3.gz' });
    try {
      const listError = await rejection(collect(['s3://logs/cf/'], { s3: { endpointUrl: denyAll.endpoint, region: 'us-east-1', client: clientFor(denyAll.endpoint) } }));
      expect([listError.code, listError.message]).toEqual(['SEMLOG_S3_ACCESS_DENIED', 'access denied to s3://logs/cf/: s3:ListBucket is not allowed']);
      expect(listError.hint).toContain('s3:ListBucket on arn:aws:s3:::logs (prefix cf/)');
      const getError = await rejection(collect(['s3://logs/'], { s3: { client: clientFor(denyGet.endpoint) } }));
      expect(getError.message).toBe('access denied to s3://logs/E2EXAMPLE.2026-11-18-05.a3.gz: s3:GetObject is not allowed');
      expect(getError.hint).toContain('s3:GetObject on arn:aws:s3:::logs/E2EXAMPLE.2026-11-18-05.a3.gz');
    } finally {
      await denyAll.close();
      await denyGet.close();
    }
  });

  it('an object deleted since the listing is damage of that object, not the end of the run', async () => {
    const store = await startDenyingS3({ allowList: 'E2EXAMPLE.2026-11-18-05.a3.gz', vanished: true });
    try {
      for (const format of [undefined, 'cloudfront']) {
        const { summary } = await collect(['s3://logs/'], { s3: { client: clientFor(store.endpoint) }, ...(format && { format }) });
        expect(summary.damaged).toBe(1);
        expect(summary.files[0]?.damaged).toEqual({ code: 'SEMLOG_S3_VANISHED', message: 's3://logs/E2EXAMPLE.2026-11-18-05.a3.gz was deleted after it was listed' });
      }
    } finally {
      await store.close();
    }
  });

  it('an endpoint nobody listens on', async () => {
    const error = await rejection(collect(['s3://logs/cf/'], { s3: { client: clientFor('http://127.0.0.1:1'), endpointUrl: 'http://127.0.0.1:1' } }));
    expect([error.code, error.message]).toEqual(['SEMLOG_S3_UNREACHABLE', 'cannot reach S3 at http://127.0.0.1:1 to read s3://logs/cf/ (ECONNREFUSED)']);
  });
});

function clientFor(endpoint: string): S3Client {
  return new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'K', secretAccessKey: 'S' }, maxAttempts: 1 });
}
