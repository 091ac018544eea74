// Worker side of the BullMQ adapter: take map jobs from the queue and run mapInput on each, with one
// embedder (a pool of model threads) kept for the life of the process. Runs until `signal` fires,
// then finishes the jobs under way and returns.

import { Worker } from 'bullmq';
import { WORKER_DEFAULTS } from '../worker-defaults.js';

export { WORKER_DEFAULTS };
import type { Embedder } from '../../embed/embedder.js';
import type { MapJob, MapResult } from '../map-job.js';
import { mapInput } from '../map-input.js';
import { failureReason, MAP_QUEUE } from './map-queue.js';
import { checkRedis, redisOptions } from './redis-connection.js';
import { RedisTextClaims } from './redis-text-claims.js';

export interface WorkerEvents {
  /** Connected to the queue and taking jobs: a coordinator that queues now counts this worker. */
  ready(): void;
  started(job: MapJob, attempt: number): void;
  finished(job: MapJob, result: MapResult, ms: number): void;
  failed(job: MapJob, reason: string): void;
  /** Something the job went on without (claims refused by Redis). */
  warned(job: MapJob, message: string): void;
}

export interface RunWorkerOptions {
  /** Map jobs run at once by this process (they share its embedder). */
  concurrency: number;
  /** A job whose worker stops renewing its lock this long (killed, host gone) is given to another worker. */
  stallMs: number;
  signal: AbortSignal;
  events: WorkerEvents;
  /** This host's embedding cache, for the jobs of scans whose store is on S3 (their job names no shared one). */
  localCacheDir?: string;
}

export async function runWorker(url: string, embedder: Embedder, options: RunWorkerOptions): Promise<void> {
  const connection = redisOptions(url, 'the Redis URL');
  await checkRedis(url, connection);
  const { events } = options;
  // Claims (redis-text-claims.ts) go through a connection of their own: BullMQ's block on the queue.
  const { Redis } = await import('ioredis');
  const claimsClient = new Redis(connection);
  claimsClient.on('error', () => {}); // as the worker's: ioredis reconnects, a claim waits for it
  const worker = new Worker<MapJob, MapResult>(
    MAP_QUEUE,
    async (job) => {
      events.started(job.data, job.attemptsMade + 1);
      const startMs = performance.now();
      try {
        const claims = new RedisTextClaims(claimsClient, job.data.scanId, String(job.data.index), (error) =>
          events.warned(job.data, `texts embedded without claims (${error.message}); other jobs may embed them too`),
        );
        const result = await mapInput(job.data, embedder, { claims, ...(options.localCacheDir !== undefined && { localCacheDir: options.localCacheDir }) });
        events.finished(job.data, result, performance.now() - startMs);
        return result;
      } catch (error) {
        const reason = failureReason(error);
        events.failed(job.data, reason);
        throw new Error(reason, { cause: error });
      }
    },
    {
      connection,
      concurrency: options.concurrency,
      lockDuration: options.stallMs,
      stalledInterval: options.stallMs,
      // A job whose worker died twice is tried once more; the third death fails it (and the scan).
      maxStalledCount: 2,
      autorun: false,
    },
  );
  worker.on('error', () => {}); // connection errors: ioredis reconnects, the jobs wait in Redis
  const stopped = new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
  try {
    const running = worker.run();
    // Ready once its connection to Redis is up (the one a coordinator counts, run-map-jobs.ts); a
    // worker stopped before that says nothing.
    worker.waitUntilReady().then(
      () => {
        if (!options.signal.aborted) events.ready();
      },
      () => {},
    );
    await Promise.race([stopped, running]);
    await worker.close();
    await running;
  } finally {
    claimsClient.disconnect();
  }
}
