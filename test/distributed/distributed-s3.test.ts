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
import { startHoldingProxy } from '../helpers/holding-s3-proxy.js';
import { startBin, type BinProcess } from './run-bin.js';
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

    it('keeps its map results on S3 when the hosts share no folder, each worker with its own cache', async () => {
      const env = awsTestEnv();
      await s3.createBucket('store');
      const common = ['s3://logs/mixed/', '--endpoint-url', s3.endpoint, '-o', 'json'];
      const single = await runCli(['scan', ...common, '--no-cache', '--workers', '1', '--quiet'], { env });
      const expected = JSON.parse(single.stdout) as Report;
      // One worker keeps a cache of its own, the other none; no folder is shared by anyone.
      const ownCache = mkdtempSync(join(tmpdir(), 'semlog-worker-cache-'));
      const workers = [
        startBin(['worker', redis.url, '--workers', '1', '--cache', ownCache], { env }),
        startBin(['worker', redis.url, '--workers', '1', '--no-cache'], { env }),
      ];
      try {
        const run = await runCli(['scan', ...common, '--queue', redis.url, '--store', 's3://store/semlog/', '--no-cache', '--quiet'], { env });
        expect(run.code, run.stderr).toBe(3);
        const report = JSON.parse(run.stdout) as Report;
        expectSameFindings(report, expected, 'partials');
        // Every vector came from the workers: the reduce embedded nothing itself (it would warn).
        expect(report.summary['warnings']).not.toContainEqual(expect.stringContaining('the reduce embedded'));
        // The scan's partials are gone; the worker with a cache kept what it embedded.
        expect(await s3.keys('store', 'semlog/')).toEqual([]);
        expect(readdirSync(ownCache).length).toBeGreaterThan(0);
      } finally {
        for (const worker of workers) worker.child.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited));
      }
      expect(workers.map((w) => w.stderr).join('').match(/job done /g)).toHaveLength(8);
    });

    it('gives the same report when a worker is killed (SIGKILL) while it uploads a partial to the S3 store', async () => {
      const env = awsTestEnv();
      await s3.createBucket('killed');
      // Inputs and store are reached through a proxy that holds the first records upload forever.
      const proxy = await startHoldingProxy(s3.endpoint, /\.records$/);
      const common = ['s3://logs/mixed/', '--endpoint-url', proxy.endpoint, '-o', 'json'];
      const single = await runCli(['scan', ...common, '--no-cache', '--workers', '1', '--quiet'], { env });
      const expected = JSON.parse(single.stdout) as Report;
      const victim = startBin(['worker', redis.url, '--workers', '1', '--no-cache', '--stall-seconds', '2'], { env });
      const others: BinProcess[] = [];
      try {
        const scan = startBin(['scan', ...common, '--queue', redis.url, '--store', 's3://killed/semlog', '--no-cache', '--quiet'], { env });
        await proxy.held;
        victim.child.kill('SIGKILL');
        expect((await victim.exited).signal).toBe('SIGKILL');
        others.push(startBin(['worker', redis.url, '--workers', '1', '--no-cache', '--stall-seconds', '2'], { env }));
        const run = await scan.exited;
        expect(run.code, run.stderr).toBe(3);
        expectSameFindings(JSON.parse(run.stdout) as Report, expected, 'partials');
        expect(await s3.keys('killed', 'semlog/')).toEqual([]);
      } finally {
        for (const worker of others) worker.child.kill('SIGTERM');
        await Promise.all(others.map((w) => w.exited));
        await proxy.close();
      }
      // The held job was done again by the other worker: all 8 jobs are done there.
      expect(others[0]!.stderr.match(/job done /g)).toHaveLength(8);
    });
  });
}
