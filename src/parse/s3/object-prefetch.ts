// Objects are read one after another in key order (so results do not depend on timing), while the
// next few download in the background: with thousands of small objects, the wait for each response
// would otherwise dominate. Memory stays bounded: at most `ahead` objects of at most
// `maxObjectBytes` each are held; a larger object is streamed when its turn comes.
import { SemlogError } from '../../errors.js';
import type { S3Object } from './list-objects.js';

export interface PrefetchOptions {
  /** Objects downloaded ahead of the one being read. */
  ahead: number;
  /** Larger objects are not downloaded ahead but streamed when read. */
  maxObjectBytes: number;
}

export const PREFETCH_DEFAULTS: Readonly<PrefetchOptions> = Object.freeze({ ahead: 4, maxObjectBytes: 8 * 1024 * 1024 });

/** Opens an object's body (compressed bytes as stored); errors are already mapped for the user. */
export type OpenObject = (object: S3Object, signal?: AbortSignal) => Promise<AsyncIterable<Uint8Array>>;

export class ObjectPrefetch {
  private readonly pending = new Map<number, Promise<Buffer[]>>();
  /** The highest index considered for prefetching so far. */
  private considered = -1;

  constructor(
    private readonly objects: readonly S3Object[],
    private readonly openObject: OpenObject,
    private readonly options: PrefetchOptions = PREFETCH_DEFAULTS,
    private readonly signal?: AbortSignal,
  ) {}

  /** The bytes of object `index`, and the start of the next downloads. Call in index order. */
  async *read(index: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
    const object = this.objects[index];
    if (object === undefined) throw new RangeError(`no object ${index}`);
    const ready = this.pending.get(index);
    this.pending.delete(index);
    // The object wanted now is asked for first, then the ones after it.
    let body = ready === undefined ? this.openObject(object, signal ?? this.signal) : undefined;
    body?.catch(() => {});
    this.prefetchAfter(index);
    if (ready !== undefined) {
      // A download that broke off is tried once more, streamed; access and credential errors are final.
      const chunks = await ready.catch((error: unknown) => {
        if (error instanceof SemlogError) throw error;
        return undefined;
      });
      if (chunks !== undefined) {
        yield* chunks;
        return;
      }
      body = this.openObject(object, signal ?? this.signal);
    }
    for await (const chunk of await body!) yield toBuffer(chunk);
  }

  /** How many objects are being (or have been) downloaded ahead and not read yet. */
  get prefetched(): number {
    return this.pending.size;
  }

  private prefetchAfter(index: number): void {
    const last = Math.min(index + this.options.ahead, this.objects.length - 1);
    for (let i = Math.max(this.considered + 1, index + 1); i <= last; i++) {
      this.considered = i;
      const object = this.objects[i]!;
      if (object.size > this.options.maxObjectBytes) continue;
      const download = this.download(object);
      // Read (and its error reported) when its turn comes; never an unhandled rejection before that.
      download.catch(() => {});
      this.pending.set(i, download);
    }
  }

  private async download(object: S3Object): Promise<Buffer[]> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openObject(object, this.signal)) chunks.push(toBuffer(chunk));
    return chunks;
  }
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
