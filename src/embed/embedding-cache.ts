// On-disk cache of embeddings keyed by model + text, so that nightly rescans of mostly-known traffic
// skip the model. One folder per model (named by a hash of its weights); each run that embeds new
// texts adds one immutable segment: `<name>.vec` (the vectors) and `<name>.keys` (16-byte text
// hashes), the keys written last and renamed into place, so a crashed or concurrent run never leaves
// a segment that half exists. Many small segments are merged into one when they pile up.

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkNumber } from '../options/check-number.js';
import { OPTION_RULES } from '../options/option-rules.js';

const KEY_BYTES = 16;
const MAX_SEGMENTS = 32;
/** Vectors read and written at a time when a segment is written. */
const WRITE_BATCH = 4096;
/** How far a stored vector's length may be from 1: every model output is L2-normalized. */
const NORM_TOLERANCE = 1e-3;

export interface EmbeddingCacheOptions {
  /**
   * Texts kept at most, a hard bound (about 1.5 KB each on disk for 384 dimensions, and their keys in
   * memory while a scan runs). A nightly job adds the new requests of every night; when the next ones
   * would not fit, a compaction drops the texts the running scan did not use, oldest first, until a
   * quarter of the bound is free. Texts that still do not fit (a scan using more distinct texts than
   * the bound) are not cached: they are embedded again by the next run.
   */
  maxTexts?: number;
}

export const CACHE_DEFAULTS = Object.freeze({ maxTexts: 500_000 });

/** `$XDG_CACHE_HOME/semlog/embeddings`, else `~/.cache/semlog/embeddings`. */
export function defaultCacheDir(): string {
  const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'semlog', 'embeddings');
}

/** Rows read at once from a segment: 1,024 rows of 384 floats are 1.5 MB. */
const MAX_RUN_ROWS = 1024;

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
  /** Set once every cached text is one this run used: a compaction could free nothing then. */
  #nothingToDrop = false;
  /** Set when lookup forgot a key whose row was unreadable: its old row is still on disk. */
  #forgotten = false;

  private constructor(dir: string, dim: number, maxTexts: number) {
    this.#dir = dir;
    this.#dim = dim;
    this.#maxTexts = maxTexts;
  }

  /** Opens (creating if needed) the cache of one model under `root`. */
  static open(root: string, modelKey: string, dim: number, options: EmbeddingCacheOptions = {}): EmbeddingCache {
    const cache = new EmbeddingCache(join(root, `${modelKey}-${dim}`), dim, checkNumber('option maxTexts', options.maxTexts ?? CACHE_DEFAULTS.maxTexts, OPTION_RULES.maxTexts));
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
      if (!this.#locations.has(key)) missing.push(i);
      else if (unreadable.has(i)) {
        // Embedded again and stored anew; the old row must go (see store).
        this.#locations.delete(key);
        this.#forgotten = true;
        missing.push(i);
      } else this.#used.add(key);
    });
    return missing;
  }

  /**
   * Stores the vectors of `texts` (row-major, as `lookup` fills them) as one new segment, as far as
   * the bound allows. A vector that is not finite and of unit length is refused: a broken run must
   * not poison the runs after it. Returns how many texts were refused for that reason.
   */
  store(texts: readonly string[], vectors: Float32Array): number {
    let refused = 0;
    const fresh = texts
      .map((text, i) => ({ key: textKey(text), i }))
      .filter(({ key, i }) => {
        if (this.#locations.has(key)) return false;
        if (isUnitVector(vectors.subarray(i * this.#dim, (i + 1) * this.#dim))) return true;
        refused++;
        return false;
      });
    if (fresh.length === 0) return refused;
    if (this.#locations.size + fresh.length > this.#maxTexts) this.#makeRoom(fresh.length);
    const byKey = new Map(fresh.slice(0, Math.max(0, this.#maxTexts - this.#locations.size)).map(({ key, i }) => [key, i]));
    if (byKey.size === 0) return refused;
    const { name } = this.#writeSegment([...byKey.keys()], (batch, out) => {
      batch.forEach((key, row) => {
        const i = byKey.get(key)!;
        out.set(vectors.subarray(i * this.#dim, (i + 1) * this.#dim), row * this.#dim);
      });
      return [];
    });
    const segment = this.#segments.push(name) - 1;
    [...byKey.keys()].forEach((key, row) => {
      this.#locations.set(key, { segment, row });
      this.#used.add(key);
    });
    // A key forgotten by lookup is still in its old segment, and the next open() could read that row
    // instead of the new one: merging keeps only the rows the locations point to.
    if (this.#segments.length > MAX_SEGMENTS || this.#forgotten) this.#compact(this.#maxTexts);
    this.#forgotten = false;
    return refused;
  }

  /**
   * Frees room for `wanted` texts and a quarter of the bound more (so that a full cache is not
   * rewritten at every store), by dropping texts this run did not use, oldest first. When this run
   * uses them all, nothing can go and nothing is rewritten.
   */
  #makeRoom(wanted: number): void {
    if (this.#nothingToDrop) return;
    let used = 0;
    for (const key of this.#locations.keys()) if (this.#used.has(key)) used++;
    // Texts only ever become used within a run, so this stays true for the rest of it.
    this.#nothingToDrop = used === this.#locations.size;
    if (this.#nothingToDrop && used <= this.#maxTexts) return;
    const target = this.#maxTexts - Math.max(wanted, Math.ceil(this.#maxTexts / 4));
    this.#compact(Math.max(target, Math.min(used, this.#maxTexts)));
  }

  /**
   * Copies the vector of every known key into its row of `out`; unknown keys are skipped. Returns the
   * rows whose segment vanished (another run compacted the cache meanwhile) or whose vector is not a
   * unit vector: they count as missing.
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
    // A rescan asks for texts in the order they were stored, so its hits are mostly runs of
    // consecutive rows: each run is one read, not one read per row (9,000 reads on the every-site
    // bench log's rescan). Offset 0 in its own ArrayBuffer, so that rows are aligned Float32 views.
    let buffer = Buffer.alloc(rowBytes * Math.min(hits.length, MAX_RUN_ROWS));
    const unreadable: number[] = [];
    let fd = -1;
    let openSegment = -1;
    try {
      for (let first = 0; first < hits.length; ) {
        const { segment, row } = hits[first]!.at;
        let end = first + 1;
        while (end < hits.length && end - first < MAX_RUN_ROWS && hits[end]!.at.segment === segment && hits[end]!.at.row === row + (end - first)) end++;
        if (segment !== openSegment) {
          if (fd >= 0) closeSync(fd);
          fd = openVectors(join(this.#dir, `${this.#segments[segment]}.vec`));
          openSegment = segment;
        }
        const wanted = (end - first) * rowBytes;
        if (buffer.length < wanted) buffer = Buffer.alloc(wanted);
        const read = fd < 0 ? 0 : readFully(fd, buffer, wanted, row * rowBytes);
        for (let k = first; k < end; k++) {
          const offset = (k - first) * rowBytes;
          const vector = new Float32Array(buffer.buffer, buffer.byteOffset + offset, this.#dim);
          // A row that is cut short (a damaged segment), or not a unit vector (damaged, or stored by a
          // semlog that did not check), is missing.
          if (offset + rowBytes > read || !isUnitVector(vector)) unreadable.push(hits[k]!.index);
          else out.set(vector, hits[k]!.index * this.#dim);
        }
        first = end;
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
    // Names sort by age, and "newest" decides what a full cache keeps: never before the last segment,
    // even within the same millisecond.
    const last = this.#segments.at(-1);
    const stamp = Math.max(Date.now(), last === undefined ? 0 : parseInt(last.slice(0, 9), 36) + 1);
    const name = `${stamp.toString(36).padStart(9, '0')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
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
   * Merges every segment into one, so that opening the cache stays a few file reads. Keeps at most
   * `limit` texts: those this run used, then the newest (later segments, and within the merged
   * segment the earlier rows, which this ordering makes the newer ones); the rest is dropped.
   */
  #compact(limit: number): void {
    const newestFirst = (a: string, b: string): number => {
      const [x, y] = [this.#locations.get(a)!, this.#locations.get(b)!];
      return y.segment - x.segment || x.row - y.row;
    };
    let keys = [...this.#locations.keys()];
    if (keys.length > limit) {
      const used = keys.filter((key) => this.#used.has(key)).sort(newestFirst);
      const unused = keys.filter((key) => !this.#used.has(key)).sort(newestFirst);
      keys = [...used, ...unused].slice(0, limit);
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

/** Bytes read from `fd` at `position` into `buffer`, up to `length`: fewer only at the end of the file. */
function readFully(fd: number, buffer: Buffer, length: number, position: number): number {
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return read;
}

function openVectors(path: string): number {
  try {
    return openSync(path, 'r');
  } catch {
    return -1;
  }
}

/** Finite, and of length 1 within NORM_TOLERANCE. */
function isUnitVector(vector: Float32Array): boolean {
  let norm = 0;
  // An indexed loop: the iterator of a typed array ran ~10x slower here before the JIT warmed up,
  // and every row of a rescan served from the cache goes through this.
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  return Number.isFinite(norm) && Math.abs(Math.sqrt(norm) - 1) < NORM_TOLERANCE;
}

function textKey(text: string): string {
  return createHash('sha256').update(text).digest().toString('latin1', 0, KEY_BYTES);
}
