// A coordinator whose jobs no worker is there to take says so once, right after queueing them: a
// nightly scan without its workers otherwise waits without a word (its stderr is no terminal, so it
// shows no progress). A real redis-server; a real BullMQ worker on the map queue stands in for
// `semlog worker` where one must be connected.

import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import { MAP_QUEUE } from '../../src/distributed/bullmq/map-queue.js';
import { redisOptions } from '../../src/distributed/bullmq/redis-connection.js';
import { runMapJobs } from '../../src/distributed/bullmq/run-map-jobs.js';
import type { MapJob, MapResult } from '../../src/distributed/map-job.js';
import { needs } from '../helpers/needs.js';
import { standInJobs } from './stand-in-jobs.js';
import { redisAvailable, REDIS_SERVER, startRedis, type RedisServer } from '../helpers/redis-server.js';


if (needs(redisAvailable(), `${REDIS_SERVER} (Debian package redis-server)`)) {
  describe('runMapJobs with no worker connected', () => {
    let server: RedisServer;

    beforeAll(async () => {
      server = await startRedis();
    });

    afterAll(async () => {
      await server?.close();
    });

    it('notes that the jobs wait for a worker, and still waits until interrupted', async () => {
      const notes: string[] = [];
      const stop = new AbortController();
      const run = runMapJobs(server.url, standInJobs('scan-none'), {
        signal: stop.signal,
        onNote: (message) => {
          notes.push(message);
          stop.abort(); // the note came: end the wait here instead of waiting forever
        },
      });
      await expect(run).rejects.toBeInstanceOf(InterruptedError);
      expect(notes).toEqual([
        `no semlog worker is connected to ${server.url}: the 2 map job(s) wait in the queue until one starts (semlog worker ${server.url})`,
      ]);
    });

    it('says nothing when a worker is connected, and hides the password of the URL it names', async () => {
      const worker = new Worker<MapJob, MapResult>(
        MAP_QUEUE,
        async (job) => ({ index: job.data.index, lines: 10, records: 10, distinctTexts: 1, embeddedTexts: 0, claimedElsewhere: 0 }),
        { connection: redisOptions(server.url, 'test') },
      );
      try {
        await worker.waitUntilReady();
        const notes: string[] = [];
        const results = await runMapJobs(server.url, standInJobs('scan-one'), { onNote: (message) => notes.push(message) });
        expect(results.map((r) => r.index)).toEqual([0, 1]);
        expect(notes).toEqual([]);
      } finally {
        await worker.close();
      }
      // With the worker gone, the note names the URL without its password (Redis here has none to check).
      const notes: string[] = [];
      const stop = new AbortController();
      const url = server.url.replace('redis://', 'redis://:s3cret@');
      const run = runMapJobs(url, standInJobs('scan-pass'), { signal: stop.signal, onNote: (message) => (notes.push(message), stop.abort()) });
      await expect(run).rejects.toBeInstanceOf(InterruptedError);
      expect(notes[0]).toContain(server.url.replace('redis://', 'redis://:***@'));
      expect(notes[0]).not.toContain('s3cret');
    });
  });
}
