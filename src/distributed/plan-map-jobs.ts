// The coordinator's split of a scan into map jobs: one per input file or S3 object, or one per byte
// range of a huge plain file (plan-byte-ranges.ts), in the order a single-process scan reads them.
// Every input is resolved and its format checked here, so that the errors of `semlog scan` (a missing
// file, a named file that is no log) come before any job is queued.

import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { createScope } from '../features/scope.js';
import { checkNumber } from '../options/check-number.js';
import { checkType, checkTypes } from '../options/check-option-type.js';
import { OPTION_RULES } from '../options/option-rules.js';
import { planSources } from '../parse/read-logs.js';
import { isS3Uri, parseS3Uri } from '../parse/s3/s3-uri.js';
import type { PrepareOptions } from '../pipeline/prepare-scan.js';
import { PREPARE_DEFAULTS } from '../pipeline/prepare-scan.js';
import type { MapJob } from './map-job.js';
import { rangesOf } from './plan-byte-ranges.js';

/**
 * 256 MiB is about a million access-log lines: from ~20 s (warm cache) to ~12 min (cold) of one worker
 * at the rates in docs/scale-out.md, long enough to outweigh a job's cost, short enough to spread one
 * big file over many hosts.
 */
export const PLAN_DEFAULTS = Object.freeze({ rangeBytes: 256 * 1024 * 1024 });

export interface PlanOptions extends Pick<PrepareOptions, 'paths' | 'format' | 'logFormat' | 'maxLineBytes' | 'scope' | 'windowMs' | 'signal' | 's3'> {
  /** The store: a folder every host shares, or `s3://BUCKET/PREFIX`. */
  store: string;
  /** The shared embedding cache; default `<store>/embeddings`. Not used with an S3 store (see MapJob.cacheDir). */
  cacheDir?: string | false;
  /** A plain local file larger than this is split into byte ranges of this size, one map job each; default PLAN_DEFAULTS.rangeBytes. */
  rangeBytes?: number;
}

/**
 * Where the shared embedding cache is when --cache does not say; null with an S3 store, whose jobs
 * ship their vectors with their partials (the coordinator's own cache, if any, serves its reduce).
 */
export function sharedCacheDir(store: string, cacheDir: string | false | undefined): string | null {
  if (isS3Uri(store)) return null;
  if (cacheDir === false) {
    throw new UsageError('--no-cache cannot be used with --queue: the workers hand their embeddings to the reduce through the cache', {
      hint: 'drop --no-cache, or give --cache a folder every host shares (default: STORE/embeddings), or use an s3:// store',
    });
  }
  return resolve(cacheDir ?? join(store, 'embeddings'));
}

export async function planMapJobs(options: PlanOptions): Promise<MapJob[]> {
  checkType('planMapJobs() options', options, 'object');
  checkType('option paths', options.paths, 'strings');
  checkType('option store', options.store, 'string');
  checkTypes('', options, { format: 'string', logFormat: 'string', cacheDir: 'folderOrFalse', scope: 'object', s3: 'object', signal: 'signal' });
  checkTypes('scope.', options.scope, { trustedProxies: 'strings', exclude: 'strings', allowIps: 'strings', allowUserAgents: 'strings' });
  const { paths } = options;
  const rangeBytes = options.rangeBytes === undefined ? PLAN_DEFAULTS.rangeBytes : checkNumber('option rangeBytes', options.rangeBytes, OPTION_RULES.rangeBytes);
  createScope(options.scope); // a bad CIDR or user-agent pattern fails here, before any job is queued
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
  if (isS3Uri(options.store)) parseS3Uri(options.store); // a store URI without a bucket fails before any input is listed
  const sources = await planSources(paths, { ...read, s3: { ...s3, ...timeRange }, ...(options.signal && { signal: options.signal }) });
  const pipe = sources.find((source) => source.once === true);
  if (pipe !== undefined) {
    for (const source of sources) await source.resume?.rest.return(undefined);
    throw new UsageError(`${pipe.name} is a pipe or a device, which workers on other hosts cannot open`, { hint: 'write it to a file in a shared folder, or scan it without --queue' });
  }
  const scanId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const store = isS3Uri(options.store) ? options.store : resolve(options.store);
  const cacheDir = sharedCacheDir(store, options.cacheDir);
  const jobs: MapJob[] = [];
  for (const source of sources) {
    // The name records carry stays as the user gave it; the path is absolute for hosts with another cwd.
    const input = { name: source.name, path: source.path === null ? null : resolve(source.path), found: source.found === true };
    const shared = {
      scanId, store, cacheDir, read, scope: options.scope ?? {}, windowMs: options.windowMs ?? PREPARE_DEFAULTS.windowMs,
      // An S3 store is reached as the S3 inputs are.
      ...(isS3Uri(store) && { s3 }),
    };
    const ranges = await rangesOf(source, rangeBytes, options.logFormat);
    if (ranges === null) {
      jobs.push({ ...shared, index: jobs.length, input, ...(source.path === null && { s3 }) });
      continue;
    }
    // Detected once, from the file's head: a range that started mid-file could not tell, or might decide otherwise.
    const rangeRead = { ...read, format: source.format!.name };
    for (const range of ranges) jobs.push({ ...shared, index: jobs.length, input: { ...input, range }, read: rangeRead });
  }
  return jobs;
}
