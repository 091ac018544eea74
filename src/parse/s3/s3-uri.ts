// `s3://BUCKET/PREFIX` as the user types it: which bucket, and which key prefix to list under it.
import { UsageError } from '../../errors.js';

export interface S3Location {
  bucket: string;
  /** A key prefix, not a folder: `logs/E2` lists `logs/E2…`. Empty for the whole bucket. */
  prefix: string;
}

export function isS3Uri(given: string): boolean {
  return given.startsWith('s3://');
}

/** Bucket names are 3–63 lowercase letters, digits, dots and hyphens (legacy buckets may have more). */
const BUCKET = /^[a-z0-9][a-z0-9.\-_]{1,254}$/i;

export function parseS3Uri(uri: string): S3Location {
  const rest = uri.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket)) {
    throw new UsageError(`${uri} does not name a bucket`, { hint: 'write s3://BUCKET/PREFIX, e.g. s3://my-logs/AWSLogs/' });
  }
  return { bucket, prefix };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
