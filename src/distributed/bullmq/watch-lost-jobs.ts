// The coordinator's watch on Redis while it waits for its map jobs: a Redis that went away and came back
// without them (restarted without persistence, flushed, failed over to an empty replica) would leave
// it waiting forever, as nothing is left to run and no event will come. A connection of the
// coordinator's own checks, each time it is ready again, that every unfinished job is still there.

import type { Redis } from 'ioredis';
import { EXIT, SemlogError } from '../../errors.js';
import { redacted } from './redis-connection.js';

/** Keys asked about in one EXISTS: a scan of thousands of jobs is a few commands, none huge. */
const KEYS_PER_CHECK = 1000;

export interface LostJobsWatch {
  /** Rejects with SEMLOG_QUEUE_LOST when Redis is back without an unfinished job; never resolves. */
  lost: Promise<never>;
  stop(): void;
}

export interface WatchLostJobsOptions {
  /** The Redis keys of the jobs not finished yet, read at each check. */
  unfinishedKeys: () => readonly string[];
  /** Told when the connection to Redis is lost, and when Redis is back with the jobs. */
  onNote?: (message: string) => void;
}

/**
 * Watches through `client`, a connection that reconnects (maxRetriesPerRequest: null, as the queue's).
 * ioredis is ready again only once Redis has loaded its data (its ready check waits out LOADING), so a
 * Redis that keeps its data is never taken for an empty one.
 */
export function watchLostJobs(client: Redis, url: string, options: WatchLostJobsOptions): LostJobsWatch {
  let stopped = false;
  let connected = client.status === 'ready';
  let lostConnection = false;
  let reject!: (error: SemlogError) => void;
  const lost = new Promise<never>((_, rejectLost) => (reject = rejectLost));
  lost.catch(() => {}); // observed by whoever races it; a watch stopped first must not leave it unhandled

  const check = async () => {
    const keys = options.unfinishedKeys();
    let present = 0;
    for (let i = 0; i < keys.length; i += KEYS_PER_CHECK) present += await client.exists(...keys.slice(i, i + KEYS_PER_CHECK));
    if (stopped) return;
    if (present < keys.length) {
      reject(
        new SemlogError(
          'SEMLOG_QUEUE_LOST',
          EXIT.model,
          `the queue was lost: Redis at ${redacted(url)} came back without ${keys.length - present} of the scan's ${keys.length} unfinished map job(s) (restarted without its data, flushed or failed over), no report; rerun the scan`,
          { hint: 'for a scan to outlive a restart of Redis, keep its data (appendonly yes; docs/scale-out.md, Deployment)' },
        ),
      );
    } else if (lostConnection) {
      lostConnection = false;
      options.onNote?.(`Redis at ${redacted(url)} is back with the scan's ${keys.length} unfinished map job(s); the scan goes on`);
    }
  };

  const onClose = () => {
    // ioredis closes once per failed attempt while Redis is away: one note per outage.
    if (stopped || !connected) return;
    connected = false;
    lostConnection = true;
    options.onNote?.(`lost the connection to Redis at ${redacted(url)}; the scan waits for it to come back`);
  };
  const onReady = () => {
    connected = true;
    // Only a connection that was lost is checked: on the first one the scan may still be adding its
    // jobs, and a job known here but not yet in Redis would read as lost (a scan under load ended with
    // exit 4 this way while its one job was failing its attempts).
    if (!lostConnection) return;
    // A command cut off by another outage is sent again when Redis is back (and checked once more
    // then); a check Redis refuses (an ACL) must not fail a scan whose jobs may well be there.
    check().catch(() => {});
  };
  client.on('close', onClose);
  client.on('ready', onReady);
  return {
    lost,
    stop() {
      stopped = true;
      client.off('close', onClose);
      client.off('ready', onReady);
    },
  };
}
