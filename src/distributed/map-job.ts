// What a map job carries and returns. Pointers, not data: the input's path and the store travel
// through the queue; the records and the embeddings go to the store and the cache.

import type { ScopeOptions } from '../features/scope.js';
import type { ByteRange } from '../parse/line-span.js';

export interface MapJob {
  /** One scan's jobs and partials share it; unique per coordinator run. */
  scanId: string;
  /** The input's position in the scan: the reduce replays partials in this order, whatever the order they finished in. */
  index: number;
  /**
   * The input as the coordinator resolved it: the name records carry, and the file every host reads,
   * or (path null) the S3 object the name is the URI of.
   */
  input: {
    name: string;
    path: string | null;
    found: boolean;
    /**
     * Set for one byte range of a huge plain file: the job reads the lines that start in it
     * (line-span.ts). Its `read.format` is then the one detected from the file's head, so that every
     * range of a file is parsed alike; the reduce renumbers the lines (line-offsets.ts).
     */
    range?: ByteRange;
  };
  /** How workers reach S3 for an s3:// input or store; credentials come from each worker's own AWS chain. */
  s3?: { endpointUrl?: string; region?: string };
  /** The store: a shared folder, or `s3://BUCKET/PREFIX` (partials go to `<store>/<scanId>/`; store/partial-store.ts). */
  store: string;
  /**
   * The shared embedding cache folder, which the workers fill and the reduce reads; null with an S3
   * store: each worker then uses its own cache and ships the vectors of the texts it claims with its
   * partial, for the reduce to read.
   */
  cacheDir: string | null;
  read: { format?: string; logFormat?: string; maxLineBytes?: number };
  /** Which records are analysed, so that a worker embeds only texts the reduce will use. */
  scope: ScopeOptions;
  windowMs: number;
}

/** How logs and messages name a job's input: the file, and the bytes of it for a range. */
export function describeInput(input: MapJob['input']): string {
  return input.range === undefined ? input.name : `${input.name} (bytes ${input.range.start}-${input.range.end})`;
}

export interface MapResult {
  index: number;
  /** Records plus malformed lines: the coordinator's lines/s. */
  lines: number;
  records: number;
  /** Distinct request texts of this input (in scope). */
  distinctTexts: number;
  /** Texts this job embedded: those the shared cache did not hold and no other job had claimed. */
  embeddedTexts: number;
  /** Texts the cache did not hold that another job had claimed, and embedded (embed/text-claims.ts). */
  claimedElsewhere: number;
}
