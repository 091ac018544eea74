// Coordinator side of the BullMQ adapter: queue one map job per input and wait for them all. A job
// that failed its last attempt ends the wait with a clear error, and the scan's other jobs are taken
// out of the queue: no report claims inputs it did not read. So does a Redis that comes back without
// the jobs (watch-lost-jobs.ts).

import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { EXIT, InterruptedError, SemlogError, type ExitCode } from '../../errors.js';
import { describeInput, type MapJob, type MapResult } from '../map-job.js';
import { MAP_ATTEMPTS, MAP_QUEUE, parseFailureReason, RETRY_DELAY_MS } from './map-queue.js';
import { checkRedis, redacted, redisOptions } from './redis-connection.js';
import { forgetClaims } from './redis-text-claims.js';
import { watchLostJobs, type LostJobsWatch } from './watch-lost-jobs.js';

export interface MapProgress {
  done: number;
  total: number;
  lines: number;
  elapsedMs: number;
}

export interface RunMapJobsOptions {
  signal?: AbortSignal;
  onProgress?: (progress: MapProgress) => void;
  /**
   * Told once, right after the jobs are queued, when no worker is connected to the queue: the scan
   * then waits until one starts, which without a worker running looks like a hang. Told too when the
   * connection to Redis is lost, and when Redis is back with the scan's jobs.
   */
  onNote?: (message: string) => void;
}

export async function runMapJobs(url: string, jobs: readonly MapJob[], options: RunMapJobsOptions = {}): Promise<MapResult[]> {
  const connection = redisOptions(url, '--queue');
  await checkRedis(url, connection);
  // The coordinator's own connection, besides BullMQ's: where the event stream stands, the watch for
  // lost jobs, and the claims forgotten at the end.
  const { Redis } = await import('ioredis');
  const redis = new Redis(connection);
  redis.on('error', () => {}); // ioredis reconnects; a Redis that stays away shows as a scan that waits
  const queue = new Queue<MapJob, MapResult, 'map'>(MAP_QUEUE, { connection });
  queue.on('error', () => {});
  // Each job's waitUntilFinished listens for the queue closing: one listener a job, which past 10 made
  // Node warn of a memory leak on every scan of more than ten inputs.
  queue.setMaxListeners(jobs.length + 10);
  const startMs = performance.now();
  let events: QueueEvents | undefined;
  let added: Job<MapJob, MapResult, 'map'>[] = [];
  let watch: LostJobsWatch | undefined;
  try {
    // Read on from the last event already in the stream, not from '$' (BullMQ's default): a QueueEvents
    // that has read no event yet asks for '$' again on each read, also after a reconnect, and so missed
    // the jobs that workers back in Redis before it finished meanwhile; the scan then waited forever.
    events = new QueueEvents(MAP_QUEUE, { connection, lastEventId: await lastEventId(redis, queue.toKey('events')) });
    events.on('error', () => {});
    await events.waitUntilReady();
    added = await queue.addBulk(
      jobs.map((data) => ({
        name: 'map' as const,
        data,
        opts: {
          jobId: `${data.scanId}-${data.index}`,
          attempts: MAP_ATTEMPTS,
          backoff: { type: 'fixed', delay: RETRY_DELAY_MS },
          // Kept a while, so that waitUntilFinished still finds a job that finished before it looked.
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 24 * 3600 },
        },
      })),
    );
    const unfinished = new Set(added.map((job) => queue.toKey(job.id!)));
    watch = watchLostJobs(redis, url, { unfinishedKeys: () => [...unfinished], ...(options.onNote && { onNote: options.onNote }) });
    if (options.onNote && (await connectedWorkers(queue)) === 0) {
      options.onNote(`no semlog worker is connected to ${redacted(url)}: the ${jobs.length} map job(s) wait in the queue until one starts (semlog worker ${redacted(url)})`);
    }
    let done = 0;
    let lines = 0;
    // Queued: a first line, so that a coordinator waiting for workers does not look hung.
    options.onProgress?.({ done, total: jobs.length, lines, elapsedMs: performance.now() - startMs });
    const finished = added.map(async (job) => {
      const result = await job.waitUntilFinished(events!).catch((error: Error) => {
        throw jobFailed(job.data, error.message);
      });
      unfinished.delete(queue.toKey(job.id!));
      done++;
      lines += result.lines;
      options.onProgress?.({ done, total: jobs.length, lines, elapsedMs: performance.now() - startMs });
      return result;
    });
    const results = await untilAborted(Promise.race([Promise.all(finished), watch.lost]), options.signal);
    // Only now: a failed or interrupted scan's claims expire on their own (CLAIM_TTL_SECONDS).
    await forgetClaims(redis, jobs[0]!.scanId);
    return results;
  } catch (error) {
    // Whatever ended the wait, the scan's jobs not yet started are of no use to anyone.
    await Promise.all(added.map((job) => job.remove().catch(() => {})));
    throw error;
  } finally {
    watch?.stop();
    await events?.close();
    await queue.close();
    redis.disconnect();
  }
}

/** The id of the newest event in the queue's stream, or '0-0' before the first. */
async function lastEventId(redis: Redis, key: string): Promise<string> {
  const [newest] = await redis.xrevrange(key, '+', '-', 'COUNT', 1);
  return newest?.[0] ?? '0-0';
}

/**
 * BullMQ's workers connected to the queue (their Redis connections carry its name); undefined when
 * Redis does not say (CLIENT LIST may be disabled, as on some managed services).
 */
async function connectedWorkers(queue: Queue<MapJob, MapResult, 'map'>): Promise<number | undefined> {
  try {
    return await queue.getWorkersCount();
  } catch {
    return undefined;
  }
}

function jobFailed(job: MapJob, reason: string): SemlogError {
  const { code, exitCode, message } = parseFailureReason(reason);
  // The worker's exit code when it had one (3 for an unreadable input); a job that kept crashing its
  // workers is the environment's problem.
  return new SemlogError(code ?? 'SEMLOG_MAP_JOB_FAILED', (exitCode ?? EXIT.model) as ExitCode, `map job for ${describeInput(job.input)} failed ${MAP_ATTEMPTS} times, no report: ${message}`, {
    hint: 'the worker logs (semlog worker on stderr) tell more; fix the cause and scan again',
  });
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    // The jobs taken out of the queue after an interrupt fail their waits: `work` rejects then, and
    // that rejection must be observed, also when the interrupt came before the wait began.
    work.catch(() => {});
    if (signal.aborted) return reject(new InterruptedError({ cause: signal.reason }));
    const onAbort = () => reject(new InterruptedError({ cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
