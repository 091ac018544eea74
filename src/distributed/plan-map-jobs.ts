// The coordinator's split of a scan into map jobs: one per input file, in the order a single-process
// scan reads them. Every input is resolved and its format checked here, so that the errors of
// `semlog scan` (a missing file, a named file that is no log) come before any job is queued.

import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { planSources } from '../parse/read-logs.js';
import type { PrepareOptions } from '../pipeline/prepare-scan.js';
import { PREPARE_DEFAULTS } from '../pipeline/prepare-scan.js';
import type { MapJob } from './map-job.js';

export interface PlanOptions extends Pick<PrepareOptions, 'paths' | 'format' | 'logFormat' | 'maxLineBytes' | 'scope' | 'windowMs' | 'signal' | 's3'> {
  /** The shared store folder. */
  store: string;
  /** The shared embedding cache; default `<store>/embeddings`. */
  cacheDir?: string | false;
}

/** Where the shared embedding cache is when --cache does not say. */
export function sharedCacheDir(store: string, cacheDir: string | false | undefined): string {
  if (cacheDir === false) {
    throw new UsageError('--no-cache cannot be used with --queue: the workers hand their embeddings to the reduce through the cache', {
      hint: 'drop --no-cache, or give --cache a folder every host shares (default: STORE/embeddings)',
    });
  }
  return resolve(cacheDir ?? join(store, 'embeddings'));
}

export async function planMapJobs(options: PlanOptions): Promise<MapJob[]> {
  const { paths } = options;
  if (paths.includes('-')) throw new UsageError('stdin (-) cannot be split across workers', { hint: 'write it to a file in a shared folder, or scan it without --queue' });
  if (options.s3?.client !== undefined) throw new UsageError('a distributed scan cannot use an S3 client object: workers build their own from endpointUrl and region');
  // The objects worth reading are those the time range may hold (as in scan: see prepare-scan.ts).
  const s3 = {
    ...(options.s3?.endpointUrl !== undefined && { endpointUrl: options.s3.endpointUrl }),
    ...(options.s3?.region !== undefined && { region: options.s3.region }),
  };
  const timeRange = {
    ...(options.scope?.sinceMs !== undefined && { sinceMs: options.scope.sinceMs }),
    ...(options.scope?.untilMs !== undefined && { untilMs: options.scope.untilMs }),
  };
  const read = {
    ...(options.format !== undefined && { format: options.format }),
    ...(options.logFormat !== undefined && { logFormat: options.logFormat }),
    ...(options.maxLineBytes !== undefined && { maxLineBytes: options.maxLineBytes }),
  };
  const sources = await planSources(paths, { ...read, s3: { ...s3, ...timeRange }, ...(options.signal && { signal: options.signal }) });
  const scanId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const store = resolve(options.store);
  const cacheDir = sharedCacheDir(store, options.cacheDir);
  return sources.map((source, index) => ({
    scanId,
    index,
    // The name records carry stays as the user gave it; the path is absolute for hosts with another cwd.
    input: { name: source.name, path: source.path === null ? null : resolve(source.path), found: source.found === true },
    ...(source.path === null && { s3 }),
    store,
    cacheDir,
    read,
    scope: options.scope ?? {},
    windowMs: options.windowMs ?? PREPARE_DEFAULTS.windowMs,
  }));
}
