// `semlog scan s3://…` end to end: the real bin, the real AWS SDK and credential chain, a real
// S3-compatible server (s3rver) on loopback; credentials come from the environment as in a job.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../src/alert/alert-payload.js';
import { startDenyingS3 } from '../helpers/denying-s3.js';
import { SNS_PUBLISHED, startRecordingServer } from '../helpers/recording-server.js';
import { ALB_RECORDS, albObject, CLOUDFRONT_RECORDS, cloudFrontObject, corruptObject, manyCloudFrontObjects } from '../helpers/s3-fixtures.js';
import { awsTestEnv, startS3Server, type S3Server } from '../helpers/s3-server.js';
import { runCli } from './run-cli.js';

interface Report {
  summary: {
    records: number;
    files: number;
    format: string;
    damagedFiles: number;
    scope: { excluded: Record<string, number> };
    inputs: Array<{ file: string; format: string; records: number; damaged?: { code: string } }>;
  };
  lines: Array<{ file: string; line: number }>;
  malformed: Array<{ file: string; line: number }>;
}

let server: S3Server;
beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket('logs');
  await server.putObjects('logs', [
    cloudFrontObject('cf/', '2026-11-16', '05', 'a1', ['GET /not-a-cloudfront-line']),
    cloudFrontObject('cf/', '2026-11-17', '05', 'a2'),
    cloudFrontObject('cf/', '2026-11-18', '05', 'a3'),
    albObject('alb/', '2026-11-17', '22'),
    albObject('alb/', '2026-11-18', '03'),
    corruptObject('corrupt/E2EXAMPLE.2026-11-18-06.bad.gz'),
    ...manyCloudFrontObjects('many/', 1_050),
  ]);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const scan = (args: string[], env = awsTestEnv()) => runCli(['scan', ...args, '--endpoint-url', server.endpoint, '--no-cache'], { env });

describe('semlog scan s3://', () => {
  it('analyses gzipped CloudFront and ALB objects like local files, with s3:// URIs as file', async () => {
    const result = await scan(['s3://logs/cf/', 's3://logs/alb/', '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as Report;
    expect(report.summary).toMatchObject({ records: 3 * CLOUDFRONT_RECORDS + 2 * ALB_RECORDS, files: 5, format: 'mixed', damagedFiles: 0 });
    expect(report.summary.inputs.map((i) => [i.format, i.records])).toEqual([
      ['cloudfront', 6], ['cloudfront', 6], ['cloudfront', 6], ['alb', 12], ['alb', 12],
    ]);
    expect(report.summary.inputs.every((i) => i.file.startsWith('s3://logs/'))).toBe(true);
    expect(report.malformed).toEqual([expect.objectContaining({ file: 's3://logs/cf/E2EXAMPLE.2026-11-16-05.a1.gz', line: 9 })]);
    for (const finding of report.lines) expect(finding.file).toMatch(/^s3:\/\/logs\/(cf|alb)\//);
  });

  it('--since/--until pick the objects by the date in their keys, past the first 1,000 of the listing', async () => {
    const result = await scan(['s3://logs/many/', '--since', '2026-11-13T00:00:00Z', '--until', '2026-11-13T06:00:00Z', '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const { summary } = JSON.parse(result.stdout) as Report;
    // 8 objects may hold records of the range (an hour of slack each side); their records outside it are scoped out.
    expect(summary.inputs.map((i) => i.file.slice('s3://logs/many/E2EXAMPLE.'.length, -'.00000.gz'.length))).toEqual([
      '2026-11-12-23', '2026-11-13-00', '2026-11-13-01', '2026-11-13-02', '2026-11-13-03', '2026-11-13-04', '2026-11-13-05', '2026-11-13-06',
    ]);
    expect(summary.records).toBe(8);
    expect(Object.values(summary.scope.excluded).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('a corrupt object is reported and the rest analysed: exit 3, the report still written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'semlog-s3-')), 'report.json');
    const result = await scan(['s3://logs/corrupt/', 's3://logs/cf/', '--output', 'json', '--out', out]);
    expect(result.code, result.stderr).toBe(3);
    const { summary } = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(summary.damagedFiles).toBe(1);
    expect(summary.inputs[0]).toMatchObject({ file: 's3://logs/corrupt/E2EXAMPLE.2026-11-18-06.bad.gz', damaged: { code: 'SEMLOG_GZIP_CORRUPT' } });
    expect(summary.records).toBe(3 * CLOUDFRONT_RECORDS);
  });

  it('mixes local files and s3:// inputs', async () => {
    const local = new URL('../fixtures/logs/alb/aws-log-parser_alb-entries.log', import.meta.url).pathname;
    const result = await scan([local, 's3://logs/cf/E2EXAMPLE.2026-11-18', '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const { summary } = JSON.parse(result.stdout) as Report;
    expect(summary.inputs.map((i) => [i.file, i.records])).toEqual([[local, ALB_RECORDS], ['s3://logs/cf/E2EXAMPLE.2026-11-18-05.a3.gz', CLOUDFRONT_RECORDS]]);
  });
});

describe('the nightly job', () => {
  it('reads the last day from S3, writes the report, then alerts a webhook and an SNS topic', async () => {
    const hook = await startRecordingServer();
    const sns = await startRecordingServer(() => ({ status: 200, body: SNS_PUBLISHED, contentType: 'text/xml' }));
    const topic = 'arn:aws:sns:us-east-1:123456789012:semlog-alerts';
    const out = join(mkdtempSync(join(tmpdir(), 'semlog-nightly-')), 'report.json');
    try {
      const result = await scan(
        ['s3://logs/cf/', 's3://logs/alb/', '--since', '2026-11-17T00:00:00Z', '--until', '2026-11-18T00:00:00Z', '--fail-on', '1',
          '--output', 'json', '--out', out, '--alert-webhook', hook.url, '--alert-sns', topic],
        awsTestEnv({ AWS_ENDPOINT_URL_SNS: sns.url }),
      );
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toBe(`semlog: alert sent to webhook ${hook.url}\nsemlog: alert sent to sns ${topic}\n`);
      const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
      expect(report.summary.inputs.map((i) => i.file)).toEqual([
        's3://logs/cf/E2EXAMPLE.2026-11-17-05.a2.gz', expect.stringMatching(/^s3:\/\/logs\/alb\/AWSLogs\/.*\/2026\/11\/17\//),
      ]);
      const posted = JSON.parse(hook.requests[0]!.body) as AlertPayload;
      expect(posted.semlog.sources).toEqual(['s3://logs/cf/', 's3://logs/alb/']);
      expect(posted.semlog.summary.records).toBe(CLOUDFRONT_RECORDS + ALB_RECORDS);
      expect(posted.semlog.topFindings.length).toBeGreaterThan(0);
      for (const finding of posted.semlog.topFindings) if (finding.kind === 'line') expect(finding.file).toMatch(/^s3:\/\/logs\//);
      const published = new URLSearchParams(sns.requests[0]!.body);
      expect(JSON.parse(published.get('Message')!)).toEqual(posted);
    } finally {
      await hook.close();
      await sns.close();
    }
  });
});

describe('semlog scan s3:// errors: one line and a hint, exit 3, no stack', () => {
  const oneLine = (stderr: string) => {
    expect(stderr).toMatch(/^semlog: [^\n]+\nhint: [^\n]+\n$/);
  };

  it('no object matched the time range', async () => {
    const result = await scan(['s3://logs/cf/', '--since', '2027-01-01']);
    expect(result.code).toBe(3);
    oneLine(result.stderr);
    expect(result.stderr).toContain('none of the 3 objects under s3://logs/cf/ is dated within --since 2027-01-01T00:00:00.000Z');
  });

  it('no credentials anywhere in the chain', async () => {
    const env = awsTestEnv();
    delete env['AWS_ACCESS_KEY_ID'];
    delete env['AWS_SECRET_ACCESS_KEY'];
    const result = await scan(['s3://logs/cf/'], env);
    expect(result.code).toBe(3);
    oneLine(result.stderr);
    expect(result.stderr).toContain('semlog: no AWS credentials found to read s3://logs/cf/\nhint: set AWS_PROFILE');
  });

  it('access denied names the bucket, the prefix and the IAM action', async () => {
    const denying = await startDenyingS3();
    try {
      const result = await runCli(['scan', 's3://logs/AWSLogs/', '--endpoint-url', denying.endpoint], { env: awsTestEnv() });
      expect(result.code).toBe(3);
      oneLine(result.stderr);
      expect(result.stderr).toContain('semlog: access denied to s3://logs/AWSLogs/: s3:ListBucket is not allowed');
      expect(result.stderr).toContain('allow s3:ListBucket on arn:aws:s3:::logs (prefix AWSLogs/)');
    } finally {
      await denying.close();
    }
  });

  it('a bucket that does not exist, and an endpoint that does not answer', async () => {
    const missing = await scan(['s3://nope/']);
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([3, 'semlog: bucket nope does not exist']);
    const unreachable = await runCli(['scan', 's3://logs/', '--endpoint-url', 'http://127.0.0.1:1'], { env: awsTestEnv() });
    expect(unreachable.code).toBe(3);
    oneLine(unreachable.stderr);
    expect(unreachable.stderr).toContain('cannot reach S3 at http://127.0.0.1:1');
  });
});
