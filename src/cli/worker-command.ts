// `semlog worker redis://HOST:PORT`: a long-running process that takes the map jobs of distributed
// scans (`semlog scan … --queue`) until Ctrl-C or SIGTERM, which let the jobs under way finish.

import type { Argv, CommandModule } from 'yargs';
import type { WorkerEvents } from '../distributed/bullmq/run-worker.js';
import { describeInput } from '../distributed/map-job.js';
import { WORKER_DEFAULTS } from '../distributed/worker-defaults.js';
import { redacted, redisOptions } from '../distributed/bullmq/redis-connection.js';
import { defaultCacheDir } from '../embed/embedding-cache.js';
import { createPoolEmbedder } from '../embed/pool-embedder.js';
import { sanitizeLines } from '../report/sanitize-terminal.js';
import { listenForInterrupts } from './interrupt-signal.js';
import { numberOption } from './number-args.js';
import { cacheSetting, modelOptions, type ModelArgs } from './shared-options.js';

export interface WorkerArgs extends ModelArgs {
  redis: string;
  concurrency: number;
  stallSeconds: number;
  quiet: boolean;
  cache?: string | false;
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker <redis>',
  describe: 'Take map jobs of distributed scans (semlog scan --queue) from Redis until stopped',
  builder: (yargs: Argv) =>
    modelOptions(yargs)
      .positional('redis', { type: 'string', describe: 'The Redis of the queue, redis://HOST:PORT' })
      .option('concurrency', numberOption('concurrency', 'Map jobs at once in this process (they share its embedding threads)', WORKER_DEFAULTS.concurrency))
      .option('stall-seconds', numberOption('stall-seconds', 'A job whose worker is silent this long (killed, host gone) goes to another worker', WORKER_DEFAULTS.stallMs / 1000))
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No line per job on stderr; errors still print' })
      .option('cache', {
        type: 'string',
        describe: 'This host\'s embedding cache, for scans whose --store is on S3 (default: as scan; --no-cache: none); a folder store\'s scans use the shared STORE/embeddings',
      })
      .example('$0 worker redis://10.0.0.5:6379', 'One worker per host (see docs/scale-out.md for systemd and containers)')
      .example('$0 worker redis://10.0.0.5:6379 --workers 2 --concurrency 2', 'Two jobs at once on two model threads') as unknown as Argv<WorkerArgs>,
  handler: async (args) => {
    // A wrong URL is a usage error before the model loads.
    redisOptions(args.redis, 'the Redis URL');
    const stallMs = Math.round(args.stallSeconds * 1000);
    const cache = cacheSetting(args.cache);
    const localCache = cache === false ? undefined : (cache ?? defaultCacheDir());
    const interrupts = listenForInterrupts();
    const embedder = await createPoolEmbedder({
      ...(args.model !== undefined && { modelDir: args.model }),
      ...(args.workers !== undefined && { workers: args.workers }),
      batchSize: args.batchSize,
    });
    try {
      // BullMQ is loaded by the commands that use it: it doubled the start-up of every other one.
      const { runWorker } = await import('../distributed/bullmq/run-worker.js');
      await runWorker(args.redis, embedder, {
        concurrency: args.concurrency,
        stallMs,
        signal: interrupts.signal,
        events: jobLines(args.quiet, `waiting for map jobs on ${redacted(args.redis)} (${args.concurrency} at once)`),
        ...(localCache !== undefined && { localCacheDir: localCache }),
      });
    } finally {
      await embedder.close();
      interrupts.dispose();
    }
  },
};

/** One line per job event on stderr: operators read them, and tests wait for them. */
function jobLines(quiet: boolean, readyLine: string): WorkerEvents {
  const say = (line: string) => {
    if (!quiet) process.stderr.write(`semlog worker: ${sanitizeLines(line)}\n`);
  };
  return {
    ready: () => say(readyLine),
    started: (job, attempt) => say(`job started ${job.scanId}-${job.index} (attempt ${attempt}): ${describeInput(job.input)}`),
    finished: (job, result, ms) =>
      say(
        `job done ${job.scanId}-${job.index}: ${result.lines} lines, ${result.distinctTexts} texts (${result.embeddedTexts} embedded, ` +
          `${result.claimedElsewhere} left to other jobs) in ${(ms / 1000).toFixed(1)} s`,
      ),
    failed: (job, reason) => say(`job failed ${job.scanId}-${job.index}: ${reason}`),
    warned: (job, message) => say(`job ${job.scanId}-${job.index}: ${message}`),
  };
}
