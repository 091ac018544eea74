// On-disk cache of embeddings keyed by model + text, so that nightly rescans of mostly-known traffic
// skip the model. One folder per model (named by a hash of its weights); each run that embeds new
// texts adds one immutable segment: `<name>.vec` (the vectors) and `<name>.keys` (16-byte text
// hashes), the keys written last and renamed into place, so a crashed or concurrent run never leaves
// a segment that half exists. Many small segments are merged into one when they pile up.

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const KEY_BYTES = 16;
const MAX_SEGMENTS = 32;
/** Vectors read and written at a time when a segment is written. */
const WRITE_BATCH = 4096;

export interface EmbeddingCacheOptions {
  /**
   * Texts kept at most (about 1.5 KB each on disk for 384 dimensions, and their keys in memory while a
   * scan runs). A nightly job adds the new requests of every night; beyond this, a compaction keeps
   * the texts the running scan used, then the newest, and drops the rest.
   */
  maxTexts?: number;
}

export const CACHE_DEFAULTS = Object.freeze({ maxTexts: 500_000 });

/** `$XDG_CACHE_HOME/semlog/embeddings`, else `~/.cache/semlog/embeddings`. */
export function defaultCacheDir(): string {
  const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'semlog', 'embeddings');
}

interface Location {
  segment: number;
  row: number;
}

export class EmbeddingCache {
  readonly #dir: string;
  readonly #dim: number;
  readonly #maxTexts: number;
  readonly #segments: string[] = [];
  readonly #locations = new Map<string, Location>();
  /** Keys this process looked up with success or stored: what a compaction keeps first. */
  readonly #used = new Set<string>();
  /** A compaction for size runs once per process: when this run alone uses more, it keeps them all. */
  #trimmed = false;

  private constructor(dir: string, dim: number, maxTexts: number) {
    this.#dir = dir;
    this.#dim = dim;
    this.#maxTexts = maxTexts;
  }

  /** Opens (creating if needed) the cache of one model under `root`. */
  static open(root: string, modelKey: string, dim: number, options: EmbeddingCacheOptions = {}): EmbeddingCache {
    const cache = new EmbeddingCache(join(root, `${modelKey}-${dim}`), dim, Math.max(1, options.maxTexts ?? CACHE_DEFAULTS.maxTexts));
    mkdirSync(cache.#dir, { recursive: true });
    for (const file of readdirSync(cache.#dir).filter((f) => f.endsWith('.keys')).sort()) {
      const name = file.slice(0, -'.keys'.length);
      const keys = readFileSync(join(cache.#dir, file));
      const segment = cache.#segments.push(name) - 1;
      for (let row = 0; row * KEY_BYTES < keys.length; row++) {
        cache.#locations.set(keys.toString('latin1', row * KEY_BYTES, (row + 1) * KEY_BYTES), { segment, row });
      }
    }
    return cache;
  }

  get size(): number {
    return this.#locations.size;
  }

  /**
   * Copies the cached vectors of `texts` into `out` (row i ← text i) and returns the indices of the
   * texts that are not cached.
   */
  lookup(texts: readonly string[], out: Float32Array): number[] {
    const keys = texts.map(textKey);
    const unreadable = new Set(this.#readRows(keys, out));
    const missing: number[] = [];
    keys.forEach((key, i) => {
      if (!this.#locations.has(key) || unreadable.has(i)) missing.push(i);
      else this.#used.add(key);
    });
    return missing;
  }

  /** Stores the vectors of `texts` (row-major, as `lookup` fills them) as one new segment. */
  store(texts: readonly string[], vectors: Float32Array): void {
    const fresh = texts.map((text, i) => ({ key: textKey(text), i })).filter(({ key }) => !this.#locations.has(key));
    if (fresh.length === 0) return;
    const byKey = new Map(fresh.map(({ key, i }) => [key, i]));
    const { name } = this.#writeSegment([...byKey.keys()], (batch, out) => {
      batch.forEach((key, row) => {
        const i = byKey.get(key)!;
        out.set(vectors.subarray(i * this.#dim, (i + 1) * this.#dim), row * this.#dim);
      });
      return [];
    });
    const segment = this.#segments.push(name) - 1;
    fresh.forEach(({ key }, row) => {
      this.#locations.set(key, { segment, row });
      this.#used.add(key);
    });
    const oversized = !this.#trimmed && this.#locations.size > this.#maxTexts;
    if (this.#segments.length > MAX_SEGMENTS || oversized) this.#compact();
  }

  /**
   * Copies the vector of every known key into its row of `out`; unknown keys are skipped. Returns the
   * rows whose segment vanished (another run compacted the cache meanwhile): they count as missing.
   */
  #readRows(keys: readonly string[], out: Float32Array): number[] {
    const hits: Array<{ index: number; at: Location }> = [];
    keys.forEach((key, index) => {
      const at = this.#locations.get(key);
      if (at) hits.push({ index, at });
    });
    // Read segment by segment, in file order.
    hits.sort((a, b) => a.at.segment - b.at.segment || a.at.row - b.at.row);
    const rowBytes = this.#dim * 4;
    const buffer = Buffer.alloc(rowBytes);
    const unreadable: number[] = [];
    let fd = -1;
    let openSegment = -1;
    try {
      for (const { index, at } of hits) {
        if (at.segment !== openSegment) {
          if (fd >= 0) closeSync(fd);
          fd = openVectors(join(this.#dir, `${this.#segments[at.segment]}.vec`));
          openSegment = at.segment;
        }
        if (fd < 0 || readSync(fd, buffer, 0, rowBytes, at.row * rowBytes) !== rowBytes) {
          unreadable.push(index);
          continue;
        }
        out.set(new Float32Array(buffer.buffer, buffer.byteOffset, this.#dim), index * this.#dim);
      }
    } finally {
      if (fd >= 0) closeSync(fd);
    }
    return unreadable;
  }

  /**
   * Writes a segment: the vectors first, the keys last, each renamed into place. The vectors come
   * from `read` a batch of keys at a time (so that merging a large cache never holds it in memory);
   * keys whose vectors `read` could not give are left out. Returns the name and the keys written.
   */
  #writeSegment(keys: readonly string[], read: (batch: readonly string[], out: Float32Array) => number[]): { name: string; written: string[] } {
    const name = `${Date.now().toString(36).padStart(9, '0')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const vec = join(this.#dir, `${name}.vec`);
    const keysFile = join(this.#dir, `${name}.keys`);
    const written: string[] = [];
    try {
      const fd = openSync(`${vec}.tmp`, 'w');
      try {
        for (let start = 0; start < keys.length; start += WRITE_BATCH) {
          const batch = keys.slice(start, start + WRITE_BATCH);
          const rows = new Float32Array(batch.length * this.#dim);
          const unreadable = new Set(read(batch, rows));
          // Readable rows moved together, then written with one call.
          let kept = 0;
          batch.forEach((key, i) => {
            if (unreadable.has(i)) return;
            if (kept !== i) rows.copyWithin(kept * this.#dim, i * this.#dim, (i + 1) * this.#dim);
            kept++;
            written.push(key);
          });
          writeAll(fd, new Uint8Array(rows.buffer, 0, kept * this.#dim * 4));
        }
      } finally {
        closeSync(fd);
      }
      renameSync(`${vec}.tmp`, vec);
      writeAtomically(keysFile, Buffer.from(written.join(''), 'latin1'));
    } catch (error) {
      // A full disk: vectors without keys are never read, but they would take space forever.
      rmSync(`${vec}.tmp`, { force: true });
      rmSync(vec, { force: true });
      throw error;
    }
    return { name, written };
  }

  /**
   * Merges every segment into one, so that opening the cache stays a few file reads. Beyond
   * maxTexts it keeps the texts this run used, then the newest (later segments, and within the
   * merged segment the earlier rows, which this ordering makes the newer ones), and drops the rest.
   */
  #compact(): void {
    let keys = [...this.#locations.keys()];
    if (keys.length > this.#maxTexts) {
      this.#trimmed = true;
      const newestFirst = keys
        .filter((key) => !this.#used.has(key))
        .sort((a, b) => {
          const [x, y] = [this.#locations.get(a)!, this.#locations.get(b)!];
          return y.segment - x.segment || x.row - y.row;
        });
      const used = keys.filter((key) => this.#used.has(key));
      keys = [...used, ...newestFirst.slice(0, Math.max(0, this.#maxTexts - used.length))];
    }
    // Rows of a damaged or vanished segment are left out, not carried over as vectors of zeros.
    const { name, written } = this.#writeSegment(keys, (batch, out) => this.#readRows(batch, out));
    for (const old of this.#segments) {
      rmSync(join(this.#dir, `${old}.keys`), { force: true });
      rmSync(join(this.#dir, `${old}.vec`), { force: true });
    }
    this.#segments.splice(0, this.#segments.length, name);
    this.#locations.clear();
    written.forEach((key, row) => this.#locations.set(key, { segment: 0, row }));
  }
}

/** Writes `path.tmp` and renames it into place; on failure no temporary file is left behind. */
function writeAtomically(path: string, data: Uint8Array): void {
  try {
    writeFileSync(`${path}.tmp`, data);
    renameSync(`${path}.tmp`, path);
  } catch (error) {
    rmSync(`${path}.tmp`, { force: true });
    throw error;
  }
}

/** writeSync until every byte is written (it may write fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

function openVectors(path: string): number {
  try {
    return openSync(path, 'r');
  } catch {
    return -1;
  }
}

function textKey(text: string): string {
  return createHash('sha256').update(text).digest().toString('latin1', 0, KEY_BYTES);
}
