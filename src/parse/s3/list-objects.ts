// Lists the objects under an S3 prefix, page by page (ListObjectsV2, 1,000 keys a page), keeping only
// those that may hold records in the time range. Memory grows with the objects kept, not those listed.
//
// CloudFront writes every log of a distribution under one flat prefix as DIST.YYYY-MM-DD-HH.ID.gz,
// so a year of logs is a long run of keys in date order. When a page ends on such a key dated well
// before --since, the listing jumps (StartAfter) to that distribution's first hour that can hold
// records instead of paging through the older ones. Every key jumped over starts with the same
// `DIST.` and sorts before that hour: a CloudFront name of an hour the filter drops anyway.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { cloudFrontHour, HOUR_MS, keyTimeRange, SLACK_MS } from './key-time-range.js';
import type { S3Location } from './s3-uri.js';

export interface S3Object {
  key: string;
  /** Bytes as stored (compressed, for .gz). */
  size: number;
  lastModifiedMs: number | undefined;
}

export interface TimeFilter {
  sinceMs?: number;
  untilMs?: number;
}

export interface Listing {
  /** The objects kept, sorted by key (code point order, as S3 lists them). */
  objects: S3Object[];
  /** The objects listed, kept or not. */
  listed: number;
  /** Times the listing jumped over older CloudFront hours (their objects are not in `listed`). */
  jumps: number;
}

/** `pageSize` is for tests (S3's maximum and default is 1,000). */
export async function listObjects(client: S3Client, location: S3Location, filter: TimeFilter, signal?: AbortSignal, pageSize?: number): Promise<Listing> {
  const objects: S3Object[] = [];
  let listed = 0;
  let jumps = 0;
  let next: { ContinuationToken?: string; StartAfter?: string } = {};
  for (;;) {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.prefix, ...(pageSize !== undefined && { MaxKeys: pageSize }), ...next }),
      { abortSignal: signal },
    );
    let lastKey: string | undefined;
    for (const entry of page.Contents ?? []) {
      if (entry.Key === undefined) continue;
      lastKey = entry.Key;
      // Keys ending in '/' are the folder markers of consoles and sync tools, not logs.
      if (entry.Key.endsWith('/')) continue;
      listed++;
      const object = { key: entry.Key, size: entry.Size ?? 0, lastModifiedMs: entry.LastModified?.getTime() };
      if (mayHoldRecords(object, filter)) objects.push(object);
    }
    if (!page.IsTruncated || page.NextContinuationToken === undefined) break;
    const jump = lastKey === undefined || filter.sinceMs === undefined ? undefined : jumpPast(lastKey, filter.sinceMs);
    if (jump !== undefined) jumps++;
    next = jump !== undefined ? { StartAfter: jump } : { ContinuationToken: page.NextContinuationToken };
  }
  objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { objects, listed, jumps };
}

/**
 * The StartAfter key that skips `key`'s distribution to an hour before the first one that can hold
 * records since `sinceMs`, or undefined when `key` is no CloudFront name or is not that old. An hour's
 * keys all continue with `.` after `YYYY-MM-DD-HH`, so they sort after the bare hour: that hour is
 * listed, the earlier ones are not.
 */
export function jumpPast(key: string, sinceMs: number): string | undefined {
  const hour = cloudFrontHour(key);
  if (hour === null) return undefined;
  // Kept are the hours starting after sinceMs − 1 h − slack (keyTimeRange); land two hours earlier.
  const firstListed = Math.floor((sinceMs - HOUR_MS - SLACK_MS) / HOUR_MS) * HOUR_MS - HOUR_MS;
  if (hour.startMs >= firstListed) return undefined;
  return `${hour.stem}${new Date(firstListed).toISOString().slice(0, 13).replace('T', '-')}`;
}

/**
 * By the date in the key when it has one (CloudFront, ALB, date folders); otherwise by LastModified,
 * which bounds the newest record but not the oldest: it can exclude objects for --since only.
 */
export function mayHoldRecords(object: Omit<S3Object, 'size'>, { sinceMs, untilMs }: TimeFilter): boolean {
  const range = keyTimeRange(object.key);
  if (range !== null) return (sinceMs === undefined || range.endMs > sinceMs) && (untilMs === undefined || range.startMs < untilMs);
  return sinceMs === undefined || object.lastModifiedMs === undefined || object.lastModifiedMs >= sinceMs;
}
