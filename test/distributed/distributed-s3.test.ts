// A distributed scan of s3:// inputs: the coordinator lists the objects, one map job per object, the
// workers read their object from S3 themselves (a real S3-compatible server, s3rver, on loopback;
// credentials from each process's environment). Same report as the single-process scan.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { needs } from '../helpers/needs.js';
import { redisAvailable, REDIS_SERVER, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { corruptObject } from '../helpers/s3-fixtures.js';
import { awsTestEnv, startS3Server, type S3Server } from '../helpers/s3-server.js';
import { startBin } from './run-bin.js';
import { expectSameFindings, type Report } from './same-findings.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/distributed/', import.meta.url));

if (needs(redisAvailable(), `${REDIS_SERVER} (Debian package redis-server)`)) {
  describe('semlog scan s3://… --queue', () => {
    let redis: RedisServer;
    let s3: S3Server;

    beforeAll(async () => {
      [redis, s3] = await Promise.all([startRedis(), startS3Server()]);
      await s3.createBucket('logs');
      const logs = readdirSync(FIXTURES).filter((name) => name !== 'README.md');
      await s3.putObjects('logs', [
        ...logs.map((name) => ({ key: `mixed/${name}.gz`, body: gzipSync(readFileSync(join(FIXTURES, name))) })),
        // Damaged objects are data, as in scan: listed as damaged, the scan exits 3 with its report.
        corruptObject('mixed/zz-corrupt.log.gz'),
      ]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([redis?.close(), s3?.close()]);
    });

    it('gives the report of a single-process scan, each worker reading its own objects', async () => {
      const env = awsTestEnv();
      const common = ['s3://logs/mixed/', '--endpoint-url', s3.endpoint, '-o', 'json'];
      const single = await runCli(['scan', ...common, '--no-cache', '--workers', '1', '--quiet'], { env });
      expect(single.code, single.stderr).toBe(3);
      const expected = JSON.parse(single.stdout) as Report;
      expect(expected.summary['damagedFiles']).toBe(1);
      expect(expected.lines.length).toBeGreaterThan(5);
      const workers = [startBin(['worker', redis.url, '--workers', '1'], { env }), startBin(['worker', redis.url, '--workers', '1'], { env })];
      try {
        const store = mkdtempSync(join(tmpdir(), 'semlog-store-'));
        const run = await runCli(['scan', ...common, '--queue', redis.url, '--store', store, '--quiet'], { env });
        expect(run.code, run.stderr).toBe(3);
        const report = JSON.parse(run.stdout) as Report;
        expectSameFindings(report, expected);
        expect(report.lines.every((f) => f.file.startsWith('s3://logs/mixed/'))).toBe(true);
      } finally {
        for (const worker of workers) worker.child.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited));
      }
      // Each of the 8 objects was read by a worker, not by the coordinator.
      const jobLines = workers.map((w) => w.stderr).join('');
      expect(jobLines.match(/job done /g)).toHaveLength(8);
      expect(jobLines).toContain('): s3://logs/mixed/zz-corrupt.log.gz');
    });
  });
}
