// One partial uploaded to S3 as it is written: frames gathered into parts of PART_BYTES (a worker holds
// one part however large its job), which S3 shows as an object only when the upload completes. A
// worker killed mid-job leaves no object, only an incomplete upload: aborted when the job fails, else
// cleared by the bucket's lifecycle rule (docs/scale-out.md).

import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { InputError } from '../../errors.js';
import type { S3Action } from '../../parse/s3/s3-error.js';
import { s3Uri } from '../../parse/s3/s3-uri.js';
import { encodeFrame } from './frames.js';
import type { FrameWriter } from './partial-store.js';

/** Bytes uploaded per part. S3 wants at least 5 MiB but for the last part, and at most 10,000 parts: objects up to ~80 GB. */
export const PART_BYTES = 8 * 1024 * 1024;

/** What the writer needs of its store: the bucket, and requests whose failures name what to do. */
export interface S3Sender {
  readonly bucket: string;
  send<Output>(action: S3Action, key: string, command: { input: unknown }): Promise<Output>;
}

/** Frames gathered into parts of PART_BYTES; an object of one part is a plain PutObject. */
export class MultipartWriter implements FrameWriter {
  readonly #store: S3Sender;
  readonly #key: string;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #uploadId: string | undefined;
  readonly #parts: Array<{ ETag: string; PartNumber: number }> = [];

  constructor(store: S3Sender, key: string) {
    this.#store = store;
    this.#key = key;
  }

  async write(value: unknown): Promise<void> {
    for (const bytes of encodeFrame(value)) {
      this.#pending.push(bytes);
      this.#pendingBytes += bytes.length;
    }
    if (this.#pendingBytes >= PART_BYTES) await this.#uploadPart();
  }

  async commit(): Promise<void> {
    const bucket = this.#store.bucket;
    if (this.#uploadId === undefined) {
      await this.#store.send('s3:PutObject', this.#key, new PutObjectCommand({ Bucket: bucket, Key: this.#key, Body: this.#take() }));
      return;
    }
    if (this.#pendingBytes > 0) await this.#uploadPart();
    await this.#store.send('s3:PutObject', this.#key, new CompleteMultipartUploadCommand({ Bucket: bucket, Key: this.#key, UploadId: this.#uploadId, MultipartUpload: { Parts: this.#parts } }));
  }

  async abort(): Promise<void> {
    this.#take();
    if (this.#uploadId === undefined) return;
    const uploadId = this.#uploadId;
    this.#uploadId = undefined;
    // Best effort: the job fails with its own error; an upload left over is cleared by the lifecycle rule.
    await this.#store.send('s3:PutObject', this.#key, new AbortMultipartUploadCommand({ Bucket: this.#store.bucket, Key: this.#key, UploadId: uploadId })).catch(() => {});
  }

  async #uploadPart(): Promise<void> {
    const bucket = this.#store.bucket;
    if (this.#uploadId === undefined) {
      const created = await this.#store.send<{ UploadId?: string }>('s3:PutObject', this.#key, new CreateMultipartUploadCommand({ Bucket: bucket, Key: this.#key }));
      this.#uploadId = created.UploadId;
      if (this.#uploadId === undefined) throw new InputError('SEMLOG_STORE_UNWRITABLE', `S3 started no upload of ${s3Uri(bucket, this.#key)}`, { hint: 'check that --endpoint-url is an S3-compatible store' });
    }
    const partNumber = this.#parts.length + 1;
    const uploaded = await this.#store.send<{ ETag?: string }>('s3:PutObject', this.#key, new UploadPartCommand({ Bucket: bucket, Key: this.#key, UploadId: this.#uploadId, PartNumber: partNumber, Body: this.#take() }));
    this.#parts.push({ ETag: uploaded.ETag ?? '', PartNumber: partNumber });
  }

  /** The frames pending, as one buffer, and none pending any more. */
  #take(): Buffer {
    const body = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    return body;
  }
}
