// The partial store as an S3 prefix: for hosts that share no folder. A partial is one object under
// `PREFIX/<scan>/`, uploaded whole or not at all (s3-multipart-writer.ts), so a worker killed mid-job
// leaves no partial, and a retried job's upload replaces the object. The reduce reads them ahead.

import {
  DeleteObjectsCommand,
  type DeleteObjectsCommandOutput,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { InputError, SemlogError } from '../../errors.js';
import { listObjects, type S3Object } from '../../parse/s3/list-objects.js';
import { ObjectPrefetch } from '../../parse/s3/object-prefetch.js';
import { createS3Client, type S3ClientOptions } from '../../parse/s3/s3-client.js';
import { s3Error, type S3Action } from '../../parse/s3/s3-error.js';
import { parseS3Uri, s3Uri } from '../../parse/s3/s3-uri.js';
import { CutFrameError, decodeFrames } from './frames.js';
import { MultipartWriter } from './s3-multipart-writer.js';
import { partialIndex, partialName, type FrameWriter, type PartialKind, type PartialStore, type PartialSummary } from './partial-store.js';

/** Keys per DeleteObjects request: S3's limit. */
const DELETE_BATCH = 1000;
/** Partials downloaded ahead of the one read; a larger one is streamed when its turn comes. */
const PARTIAL_PREFETCH = { ahead: 8, maxObjectBytes: 16 * 1024 * 1024 };
/** Written by prepare() and removed with the scan: proves, before any job is queued, that the prefix takes writes. */
const MARKER = 'scan.json';

export class S3Store implements PartialStore {
  readonly where: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  /** The scan's key prefix, ending in `/`. */
  readonly #prefix: string;
  readonly #scanId: string;
  readonly #endpointUrl: string | undefined;
  /** Whether close() destroys the client: not one the caller passed. */
  readonly #ownsClient: boolean;
  #listing: Promise<S3Object[]> | undefined;
  readonly #prefetches = new Map<PartialKind, Promise<{ prefetch: ObjectPrefetch; positions: Map<number, number> }>>();

  private constructor(client: S3Client, ownsClient: boolean, bucket: string, prefix: string, scanId: string, endpointUrl: string | undefined) {
    this.#client = client;
    this.#ownsClient = ownsClient;
    this.#bucket = bucket;
    this.#prefix = prefix;
    this.#scanId = scanId;
    this.#endpointUrl = endpointUrl;
    this.where = s3Uri(bucket, prefix);
  }

  static async open(store: string, scanId: string, options: S3ClientOptions & { client?: S3Client }): Promise<S3Store> {
    const { bucket, prefix } = parseS3Uri(store);
    const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    const client = options.client ?? (await createS3Client(options));
    return new S3Store(client, options.client === undefined, bucket, `${base}${scanId}/`, scanId, options.endpointUrl);
  }

  close(): void {
    if (this.#ownsClient) this.#client.destroy();
  }

  /** A partial's key. */
  key(index: number, kind: PartialKind | 'summary'): string {
    return this.#prefix + partialName(index, kind);
  }

  async prepare(): Promise<void> {
    const key = this.#prefix + MARKER;
    await this.send('s3:PutObject', key, new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: JSON.stringify({ scanId: this.#scanId }), ContentType: 'application/json' }));
  }

  async createWriter(index: number, kind: PartialKind): Promise<FrameWriter> {
    return new MultipartWriter(this, this.key(index, kind));
  }

  /**
   * Read in index order (the reduce's), each kind's partials download a few ahead of the one being
   * read: a day of CloudFront objects is thousands of small jobs, and one request's wait per partial
   * would otherwise add up to hours.
   */
  async *readFrames<T>(index: number, kind: PartialKind): AsyncGenerator<T> {
    const key = this.key(index, kind);
    const { prefetch, positions } = await this.#prefetchOf(kind);
    const position = positions.get(index);
    const body = position === undefined ? await this.#get(key) : prefetch.read(position);
    try {
      yield* decodeFrames<T>(body);
    } catch (cause) {
      throw cause instanceof SemlogError ? cause : this.#failure('s3:GetObject', key, cause);
    }
  }

  /** Per kind, the scan's partials as listed once (in index order, with their sizes), and where each job's is in that list. */
  #prefetchOf(kind: PartialKind): Promise<{ prefetch: ObjectPrefetch; positions: Map<number, number> }> {
    let made = this.#prefetches.get(kind);
    if (made === undefined) {
      made = this.#listed().then((objects) => {
        const ofKind = objects.flatMap((object) => {
          const index = partialIndex(object.key.slice(this.#prefix.length), kind);
          return index === undefined ? [] : [{ index, object }];
        });
        ofKind.sort((a, b) => a.index - b.index);
        const open = async (object: S3Object) => this.#get(object.key);
        return {
          prefetch: new ObjectPrefetch(ofKind.map(({ object }) => object), open, PARTIAL_PREFETCH),
          positions: new Map(ofKind.map(({ index }, position) => [index, position])),
        };
      });
      this.#prefetches.set(kind, made);
    }
    return made;
  }

  /** Every object of the scan, listed once: the reduce reads after the map jobs are done. */
  #listed(): Promise<S3Object[]> {
    return (this.#listing ??= this.#list());
  }

  /** The scan's objects, as the S3 inputs are listed (every page, sorted by key). */
  async #list(): Promise<S3Object[]> {
    try {
      return (await listObjects(this.#client, { bucket: this.#bucket, prefix: this.#prefix }, {})).objects;
    } catch (cause) {
      throw this.#failure('s3:ListBucket', this.#prefix, cause);
    }
  }

  async writeSummary(index: number, summary: PartialSummary): Promise<void> {
    const key = this.key(index, 'summary');
    await this.send('s3:PutObject', key, new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: JSON.stringify(summary), ContentType: 'application/json' }));
  }

  async readSummary(index: number): Promise<PartialSummary> {
    const key = this.key(index, 'summary');
    const body = await this.#get(key);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as PartialSummary;
    } catch (cause) {
      throw this.#failure('s3:GetObject', key, cause);
    }
  }

  async remove(): Promise<void> {
    const keys = (await this.#list()).map((object) => ({ Key: object.key }));
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      const deleted = await this.send<DeleteObjectsCommandOutput>('s3:DeleteObject', this.#prefix, new DeleteObjectsCommand({ Bucket: this.#bucket, Delete: { Objects: batch, Quiet: true } }));
      // S3 answers a batch with the keys it could not delete (e.g. AccessDenied) instead of failing it.
      const refused = deleted.Errors?.[0];
      if (refused !== undefined) throw this.#failure('s3:DeleteObject', refused.Key ?? this.#prefix, Object.assign(new Error(refused.Message ?? ''), { name: refused.Code ?? 'Error' }));
    }
  }

  /** Sends a command; an SDK failure becomes the SemlogError that says what to do about it (exit 3). */
  async send<Output>(action: S3Action, key: string, command: { input: unknown }): Promise<Output> {
    try {
      return (await this.#client.send(command as never)) as Output;
    } catch (cause) {
      throw this.#failure(action, key, cause);
    }
  }

  async #get(key: string): Promise<Readable> {
    const object = await this.send<{ Body?: unknown }>('s3:GetObject', key, new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    return object.Body as Readable;
  }

  get bucket(): string {
    return this.#bucket;
  }

  #failure(action: S3Action, key: string, cause: unknown): SemlogError {
    // What was read is no partial (cut short, or a summary that is no JSON): not a matter of S3.
    const damaged = cause instanceof CutFrameError || cause instanceof SyntaxError;
    const known = damaged ? null : s3Error(cause, { bucket: this.#bucket, key, action, policy: 'docs/scale-out.md "IAM for S3"', ...(this.#endpointUrl !== undefined && { endpointUrl: this.#endpointUrl }) });
    if (known !== null) return known;
    // NoSuchKey: a partial that is not there (another process cleaned the prefix, or a job never wrote it);
    // or one that is damaged.
    return new InputError('SEMLOG_PARTIAL_UNREADABLE', `cannot read the map result ${s3Uri(this.#bucket, key)}: ${(cause as Error).message}`, {
      hint: 'the coordinator and every worker must use the same --store, and nothing else may clean it while a scan runs',
      cause,
    });
  }
}
