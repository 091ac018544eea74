// A build of semlog (this checkout's dist, or an older one's) seen as `semlog watch` judges records:
// its parser, its line and client judges made with watchLogs' settings. The benches that compare two
// builds' watch side by side (watch/judge-cost.ts, quality/watch-probes.ts) load both through it.

import type { LogRecord } from '../../src/types.js';
import { WATCH_CAPS } from '../../src/watch/watch-defaults.js';

export interface WatchJudges {
  lines: { judge(records: LogRecord[]): Promise<Array<{ finding?: { line: number } }>> };
  /** takeLines is absent in builds before watch wrote a hostile client's probes. */
  clients: { judge(batch: unknown[]): Array<{ ip: string; labels: string[] }>; takeLines?(): Array<{ line: number }> };
}

export interface WatchBuild {
  readLogs(paths: string[]): AsyncIterable<LogRecord[]>;
  /** Fresh judges, as a watcher starts with. */
  judges(): WatchJudges;
}

export async function loadWatchBuild(dist: string): Promise<WatchBuild> {
  const [read, records, clients, defaults] = await Promise.all([
    import(`${dist}/parse/read-logs.js`),
    import(`${dist}/watch/judge-records.js`),
    import(`${dist}/watch/judge-clients.js`),
    import(`${dist}/watch/watch-defaults.js`),
  ]);
  const d = defaults.WATCH_DEFAULTS;
  return {
    readLogs: read.readLogs,
    judges: () => ({
      lines: new records.RecordJudge(undefined, d.maxTexts),
      // An older build takes the options it knows and leaves the others.
      clients: new clients.ClientJudge({
        windowMs: d.clientWindowMs, maxClients: d.maxClients, maxRequestsPerClient: d.maxRequestsPerClient, maxRequests: d.maxClientRequests,
        maxProfiles: WATCH_CAPS.profiles, maxRoutes: WATCH_CAPS.routes,
      }),
    }),
  };
}
