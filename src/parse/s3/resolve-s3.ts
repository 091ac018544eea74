// s3://BUCKET/PREFIX → the objects under it that may hold records in the time range, sorted by key,
// each an InputSource the parse stage reads like a file (gunzipped by content, format detected).
import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { InputError } from '../../errors.js';
import type { InputSource } from '../resolve-inputs.js';
import { listObjects, type Listing, type S3Object, type TimeFilter } from './list-objects.js';
import { ObjectPrefetch, PREFETCH_DEFAULTS, type OpenObject, type PrefetchOptions } from './object-prefetch.js';
import { createS3Client, type S3ClientOptions } from './s3-client.js';
import { s3Error, type S3ErrorContext } from './s3-error.js';
import { parseS3Uri, s3Uri, type S3Location } from './s3-uri.js';

export interface S3InputOptions extends S3ClientOptions, TimeFilter {
  /** Use this client (library users with their own configuration); endpointUrl and region are then ignored. */
  client?: S3Client;
  prefetch?: Partial<PrefetchOptions>;
}

/** One client per options object, so that several s3:// inputs of a run share connections. */
const clients = new WeakMap<S3InputOptions, Promise<S3Client>>();

export async function resolveS3(uri: string, options: S3InputOptions, signal?: AbortSignal): Promise<InputSource[]> {
  const location = parseS3Uri(uri);
  const client = await clientFor(options);
  const context = { bucket: location.bucket, endpointUrl: options.endpointUrl, signal };
  let listing;
  try {
    listing = await listObjects(client, location, options, signal);
  } catch (error) {
    throw s3Error(error, { ...context, key: location.prefix, action: 's3:ListBucket' }) ?? error;
  }
  if (listing.objects.length === 0) throw noMatch(uri, listing, options);
  const openObject = objectOpener(client, location, context);
  const prefetch = new ObjectPrefetch(listing.objects, openObject, { ...PREFETCH_DEFAULTS, ...options.prefetch }, signal);
  return listing.objects.map((object, index) => ({
    name: s3Uri(location.bucket, object.key),
    path: null,
    found: true,
    size: object.size,
    open: (readSignal?: AbortSignal) => prefetch.read(index, readSignal),
  }));
}

/**
 * One object named by its full URI, already listed elsewhere: a map job of a distributed scan reads
 * one object that the coordinator listed. Read as a found input (its format detected as it is read).
 */
export function s3ObjectSource(uri: string, options: S3InputOptions): InputSource {
  const location = parseS3Uri(uri);
  return {
    name: uri,
    path: null,
    found: true,
    async *open(signal?: AbortSignal) {
      const openObject = objectOpener(await clientFor(options), location, { bucket: location.bucket, endpointUrl: options.endpointUrl, signal });
      for await (const chunk of await openObject({ key: location.prefix, size: 0, lastModifiedMs: undefined }, signal)) {
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
    },
  };
}

/** Opens an object's body, with S3's errors mapped for the user. */
function objectOpener(client: S3Client, location: S3Location, context: Omit<S3ErrorContext, 'key' | 'action'>): OpenObject {
  return async (object, objectSignal) => {
    try {
      const output = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: object.key }), { abortSignal: objectSignal });
      return (output.Body as AsyncIterable<Uint8Array> | undefined) ?? Readable.from([]);
    } catch (error) {
      throw s3Error(error, { ...context, key: object.key, action: 's3:GetObject' }) ?? vanished(location, object, error);
    }
  };
}

function clientFor(options: S3InputOptions): Promise<S3Client> {
  if (options.client !== undefined) return Promise.resolve(options.client);
  let client = clients.get(options);
  if (client === undefined) {
    client = createS3Client(options);
    clients.set(options, client);
  }
  return client;
}

function noMatch(uri: string, { listed, jumps }: Listing, filter: TimeFilter): InputError {
  if (listed === 0 && jumps === 0) {
    return new InputError('SEMLOG_NO_INPUT', `no object under ${uri}`, {
      hint: 'check the bucket and prefix; a prefix is the start of a key, e.g. s3://my-logs/AWSLogs/123456789012/',
    });
  }
  const range = [
    filter.sinceMs !== undefined && `--since ${new Date(filter.sinceMs).toISOString()}`,
    filter.untilMs !== undefined && `--until ${new Date(filter.untilMs).toISOString()}`,
  ].filter(Boolean).join(' ');
  const which = jumps === 0 ? `none of the ${listed} objects under ${uri}` : `none of the ${listed} objects listed under ${uri} (older CloudFront hours skipped by name)`;
  return new InputError('SEMLOG_NO_INPUT', `${which} is dated within ${range}`, {
    hint: 'objects are dated by the CloudFront or ALB date in their key (or date folders), else by last-modified time; widen the range or check the prefix',
  });
}

/** An object deleted between listing and reading (a lifecycle rule): damage of that object, not the run's end. */
function vanished(location: S3Location, object: S3Object, cause: unknown): Error {
  return Object.assign(new Error(`${s3Uri(location.bucket, object.key)} was deleted after it was listed`, { cause }), { code: 'SEMLOG_S3_VANISHED' });
}
