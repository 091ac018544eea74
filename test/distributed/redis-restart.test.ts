// A Redis that restarts while the coordinator waits for its map jobs. Without its data the jobs are
// gone and no event will ever come: the coordinator ends the scan (exit 4, no report) instead of
// waiting forever. With its data (an append-only file) the scan goes on. Real redis-servers, stopped
// and started again on their port; a real BullMQ worker on the map queue stands in for `semlog worker`.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { MAP_QUEUE } from '../../src/distributed/bullmq/map-queue.js';
import { redisOptions } from '../../src/distributed/bullmq/redis-connection.js';
import { runMapJobs } from '../../src/distributed/bullmq/run-map-jobs.js';
import type { MapJob, MapResult } from '../../src/distributed/map-job.js';
import { needs } from '../helpers/needs.js';
import { standInJobs } from './stand-in-jobs.js';
import { redisAvailable, REDIS_SERVER, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { startBin, type BinProcess } from './run-bin.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/distributed/', import.meta.url));


/** The notes of a run, and a promise for the first one matching a pattern (an event, not a time). */
function noteRecorder() {
  const notes: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  return {
    notes,
    onNote(message: string) {
      notes.push(message);
      for (const waiter of waiters.filter((w) => w.pattern.test(message))) waiter.resolve();
    },
    next(pattern: RegExp): Promise<void> {
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
  };
}

if (needs(redisAvailable(), `${REDIS_SERVER} (Debian package redis-server)`)) {
  describe('a Redis restart while the coordinator waits', () => {
    const servers: RedisServer[] = [];
    const folders: string[] = [];
    const coordinators: BinProcess[] = [];
    const start = async (options: Parameters<typeof startRedis>[0] = {}) => {
      const server = await startRedis(options);
      servers.push(server);
      return server;
    };
    const folder = (prefix: string) => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      folders.push(dir);
      return dir;
    };

    // A test that failed half-way leaves its coordinator waiting (SIGKILL: an interrupt waits for Redis).
    afterEach(async () => {
      for (const scan of coordinators.splice(0)) {
        if (scan.child.exitCode === null && scan.child.signalCode === null) scan.child.kill('SIGKILL');
        await scan.exited;
      }
      await Promise.all(servers.splice(0).map((server) => server.close()));
      for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    it('without its data: the scan ends with exit 4, one line and a hint, and writes no report', async () => {
      const first = await start();
      const store = folder('semlog-store-');
      const out = join(folder('semlog-out-'), 'report.json');
      const scan = startBin(['scan', FIXTURES, '--queue', first.url, '--store', store, '-o', 'json', '--out', out]);
      coordinators.push(scan);
      // No worker runs: the 8 jobs wait in the queue until Redis goes, and comes back empty.
      await scan.waitFor(/semlog: note: no semlog worker is connected/);
      await first.close();
      await start({ port: first.port });
      const run = await scan.exited;
      expect(run.code, run.stderr).toBe(4);
      expect(run.stderr).toMatch(/semlog: note: lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+; the scan waits for it to come back\n/);
      expect(run.stderr).toMatch(
        /^semlog: the queue was lost: Redis at redis:\/\/127\.0\.0\.1:\d+ came back without 8 of the scan's 8 unfinished map job\(s\) \(restarted without its data, flushed or failed over\), no report; rerun the scan$/m,
      );
      expect(run.stderr).toMatch(/^hint: .*appendonly yes/m);
      expect(run.stderr).not.toMatch(/is back with/);
      expect(run.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(store)).toEqual([]);
    });

    it('with its data (appendonly): notes the outage and the return, and the jobs still finish', async () => {
      const dataDir = folder('semlog-redis-');
      const first = await start({ dataDir });
      const recorder = noteRecorder();
      const queued = recorder.next(/no semlog worker is connected/);
      const gone = recorder.next(/lost the connection/);
      const back = recorder.next(/is back/);
      const run = runMapJobs(first.url, standInJobs('scan-kept'), { onNote: recorder.onNote });
      run.catch(() => {}); // awaited below; a rejection before then must not go unhandled
      await queued;
      await first.close();
      await gone;
      const second = await start({ port: first.port, dataDir });
      // Only once the coordinator found its jobs again does a worker take them.
      await back;
      const worker = new Worker<MapJob, MapResult>(
        MAP_QUEUE,
        async (job) => ({ index: job.data.index, lines: 10, records: 10, distinctTexts: 1, embeddedTexts: 0, claimedElsewhere: 0 }),
        { connection: redisOptions(second.url, 'test') },
      );
      worker.on('error', () => {});
      try {
        expect((await run).map((r) => r.index)).toEqual([0, 1]);
      } finally {
        await worker.close();
      }
      expect(recorder.notes.slice(1)).toEqual([
        `lost the connection to Redis at ${first.url}; the scan waits for it to come back`,
        `Redis at ${first.url} is back with the scan's 2 unfinished map job(s); the scan goes on`,
      ]);
    });
  });
}
