// Map jobs that only travel through the queue: a stand-in BullMQ worker answers them without reading
// their inputs, so their paths lead nowhere.

import type { MapJob } from '../../src/distributed/map-job.js';

export const standInJobs = (scanId: string): MapJob[] =>
  [0, 1].map((index) => ({
    scanId,
    index,
    input: { name: `part-${index}.log`, path: `/nowhere/part-${index}.log`, found: true },
    store: '/nowhere',
    cacheDir: null,
    read: {},
    scope: {},
    windowMs: 300_000,
  }));
