// Claims on a real redis-server: which map job embeds a text that several jobs miss in the shared
// cache at once, so that each text is embedded once across a scan's jobs.

import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_TTL_SECONDS, forgetClaims, RedisTextClaims } from '../../src/distributed/bullmq/redis-text-claims.js';
import { mapInput } from '../../src/distributed/map-input.js';
import { planMapJobs } from '../../src/distributed/plan-map-jobs.js';
import { reduceScan } from '../../src/distributed/reduce-scan.js';
import { needs } from '../helpers/needs.js';
import { redisAvailable, REDIS_SERVER, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/distributed/elastic-apache-1-300.log', import.meta.url));

if (needs(redisAvailable(), `${REDIS_SERVER} (Debian package redis-server)`)) {
  describe('RedisTextClaims', () => {
    let server: RedisServer;
    let redis: Redis;

    beforeAll(async () => {
      server = await startRedis();
      redis = new Redis(server.url);
    });

    afterAll(async () => {
      redis?.disconnect();
      await server?.close();
    });

    it('gives each text to the first job that claims it, and a retry of that job its own claims back', async () => {
      const noError = (error: Error) => {
        throw error;
      };
      const job0 = new RedisTextClaims(redis, 'scan-a', '0', noError);
      const job1 = new RedisTextClaims(redis, 'scan-a', '1', noError);
      expect(await job0.claim(['GET /a', 'GET /b'])).toEqual([true, true]);
      expect(await job1.claim(['GET /b', 'GET /c'])).toEqual([false, true]);
      // Job 0 run again (its worker died): what it claimed is still its own, job 1's is not.
      const retry0 = new RedisTextClaims(redis, 'scan-a', '0', noError);
      expect(await retry0.claim(['GET /a', 'GET /b', 'GET /c'])).toEqual([true, true, false]);
      // Another scan's jobs claim afresh.
      expect(await new RedisTextClaims(redis, 'scan-b', '1', noError).claim(['GET /a'])).toEqual([true]);
      expect(await job0.claim([])).toEqual([]);
      // Every claim expires: Redis is not left holding one key per text of every scan.
      const keys = await redis.keys('semlog:{scan-a}:claim:*');
      expect(keys).toHaveLength(3);
      for (const key of keys) {
        const ttl = await redis.ttl(key);
        expect(ttl).toBeGreaterThan(CLAIM_TTL_SECONDS - 60);
        expect(ttl).toBeLessThanOrEqual(CLAIM_TTL_SECONDS);
      }
      // The coordinator's clean-up after the map jobs: this scan's claims go, another scan's stay.
      await forgetClaims(redis, 'scan-a');
      expect(await redis.keys('semlog:{scan-a}:*')).toEqual([]);
      expect(await redis.keys('semlog:{scan-b}:claim:*')).toHaveLength(1);
    });

    it('lets the job embed every text, and says so once, when Redis refuses the script', async () => {
      await redis.call('ACL', 'SETUSER', 'noscripts', 'on', '>secret', '~*', '+@all', '-@scripting');
      const limited = new Redis(`${server.url.replace('redis://', 'redis://noscripts:secret@')}`);
      try {
        const errors: string[] = [];
        const claims = new RedisTextClaims(limited, 'scan-c', '0', (error) => errors.push(error.message));
        expect(await claims.claim(['GET /a', 'GET /b'])).toEqual([true, true]);
        expect(await claims.claim(['GET /c'])).toEqual([true]);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(/NOPERM/);
        expect(await redis.keys('semlog:{scan-c}:*')).toEqual([]);
      } finally {
        limited.disconnect();
      }
    });

    it('makes two map jobs that miss the same texts at once embed each of them once, and the reduce none', async () => {
      // Two copies of one log: every text of the second job is one of the first's.
      const logs = join(mkdtempSync(join(tmpdir(), 'semlog-claims-logs-')), 'logs');
      mkdirSync(logs);
      copyFileSync(FIXTURE, join(logs, 'a.log'));
      copyFileSync(FIXTURE, join(logs, 'b.log'));
      const store = mkdtempSync(join(tmpdir(), 'semlog-claims-store-'));
      const jobs = await planMapJobs({ paths: [logs], store });
      expect(jobs).toHaveLength(2);
      // The model's first call waits until a job has finished: both jobs have then looked their texts
      // up in the empty cache and missed them all. Without claims, the other job embeds them too.
      const embedder = trigramEmbedder(64);
      let firstDone!: () => void;
      const oneJobDone = new Promise<void>((resolve) => (firstDone = resolve));
      const embed = embedder.embed.bind(embedder);
      let calls = 0;
      embedder.embed = async (texts) => {
        if (calls++ === 0) await oneJobDone;
        return embed(texts);
      };
      const run = (job: (typeof jobs)[number]) =>
        mapInput(job, embedder, { claims: new RedisTextClaims(redis, job.scanId, String(job.index), (error) => { throw error; }) }).then((result) => {
          firstDone();
          return result;
        });
      const results = await Promise.all(jobs.map(run));
      const distinct = results[0]!.distinctTexts;
      expect(results[1]!.distinctTexts).toBe(distinct);
      expect(distinct).toBeGreaterThan(50);
      expect(embedder.embedded).toBe(distinct);
      expect(results.map((r) => r.embeddedTexts).sort((a, b) => a - b)).toEqual([0, distinct]);
      expect(results.map((r) => r.claimedElsewhere).sort((a, b) => a - b)).toEqual([0, distinct]);
      const reduced = await reduceScan({ store, scanId: jobs[0]!.scanId, jobs: jobs.length }, { paths: [logs], embedder, cacheDir: jobs[0]!.cacheDir! });
      expect(reduced.summary.uniqueTexts).toBe(distinct);
      expect(reduced.summary.cachedTexts).toBe(distinct);
      expect(embedder.embedded).toBe(distinct);
    });
  });
}
