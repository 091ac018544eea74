// Where the map jobs of a distributed scan leave their results for the reduce: a folder every host
// shares, or an S3 prefix. Per job, frames of records (and, on S3, of vectors) and a summary written
// last. A partial becomes visible whole or not at all (a rename; an S3 upload completes at once), so a
// worker killed mid-job leaves nothing that looks finished, and a retried job replaces what it left.

import type { ByteRange } from '../../parse/line-span.js';
import type { IngestSummary } from '../../parse/read-logs.js';
import { isS3Uri } from '../../parse/s3/s3-uri.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ClientOptions } from '../../parse/s3/s3-client.js';

export interface PartialSummary {
  index: number;
  input: string;
  /** The byte range of the file this job read, if only a range; its line numbers count from the range's first line. */
  range?: ByteRange;
  /** The ingest summary of this one input, as readLogs would have built it. */
  ingest: IngestSummary;
  distinctTexts: number;
  warnings: string[];
}

/**
 * What a job writes besides its summary: its records (LogRecord batches), and, when the store is not
 * beside the reduce's embedding cache (S3), the vectors of the texts it claimed (VectorFrame).
 */
export type PartialKind = 'records' | 'vectors';

/** Streams values into one partial; nothing is visible before commit(). */
export interface FrameWriter {
  write(value: unknown): Promise<void>;
  commit(): Promise<void>;
  /** Drops what was written; safe after a failure. */
  abort(): Promise<void>;
}

export interface PartialStore {
  /** How messages name the scan's partials: a folder, or an s3:// URI. */
  readonly where: string;
  /** Makes the scan's place (a folder) or proves it writable (S3), before any job is queued. */
  prepare(): Promise<void>;
  createWriter(index: number, kind: PartialKind): Promise<FrameWriter>;
  /** The values a writer committed, in order. */
  readFrames<T>(index: number, kind: PartialKind): AsyncGenerator<T>;
  /** Written last: its presence says the job finished. */
  writeSummary(index: number, summary: PartialSummary): Promise<void>;
  readSummary(index: number): Promise<PartialSummary>;
  /** Deletes every partial of the scan. */
  remove(): Promise<void>;
  /** Lets go of connections (a long-running worker opens a store per job). */
  close(): void;
}

/**
 * The store of one scan: `store` is a folder path or `s3://BUCKET/PREFIX`, reached with `s3` (a
 * library caller may pass its own client, which the store then leaves open).
 */
export async function openPartialStore(store: string, scanId: string, s3: S3ClientOptions & { client?: S3Client } = {}): Promise<PartialStore> {
  if (!isS3Uri(store)) {
    const { FolderStore } = await import('./folder-store.js');
    return new FolderStore(store, scanId);
  }
  // The AWS SDK is loaded only by scans whose store is on S3.
  const { S3Store } = await import('./s3-store.js');
  return S3Store.open(store, scanId, s3);
}

/** A partial's file or object name: the job's index, zero-padded so that names sort in scan order. */
export function partialName(index: number, kind: PartialKind | 'summary'): string {
  const base = String(index).padStart(6, '0');
  return kind === 'summary' ? `${base}.summary.json` : `${base}.${kind}`;
}

/** The job index of a partial's name, when it is one of `kind`. */
export function partialIndex(name: string, kind: PartialKind): number | undefined {
  const match = /^(\d{6,})\.(\w+)$/.exec(name);
  return match !== null && match[2] === kind ? Number(match[1]) : undefined;
}
