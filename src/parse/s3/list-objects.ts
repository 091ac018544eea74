// Lists the objects under an S3 prefix, page by page (ListObjectsV2, 1,000 keys a page), keeping only
// those that may hold records in the time range. Memory grows with the objects kept, not those listed.
import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { keyTimeRange } from './key-time-range.js';
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
  /** Every object under the prefix, kept or not. */
  listed: number;
}

export async function listObjects(client: S3Client, location: S3Location, filter: TimeFilter, signal?: AbortSignal): Promise<Listing> {
  const objects: S3Object[] = [];
  let listed = 0;
  const pages = paginateListObjectsV2({ client }, { Bucket: location.bucket, Prefix: location.prefix }, { abortSignal: signal });
  for await (const page of pages) {
    for (const entry of page.Contents ?? []) {
      // Keys ending in '/' are the folder markers of consoles and sync tools, not logs.
      if (entry.Key === undefined || entry.Key.endsWith('/')) continue;
      listed++;
      const object = { key: entry.Key, size: entry.Size ?? 0, lastModifiedMs: entry.LastModified?.getTime() };
      if (mayHoldRecords(object, filter)) objects.push(object);
    }
  }
  objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { objects, listed };
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
