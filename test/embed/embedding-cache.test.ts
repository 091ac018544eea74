import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../src/embed/embedding-cache.js';

const DIM = 4;
/** A unit vector per seed, as every model output is; the cache refuses anything else. */
function vectorOf(seed: number): Float32Array {
  const raw = Array.from({ length: DIM }, (_, d) => seed + (d + 1) / 10);
  const norm = Math.hypot(...raw);
  return Float32Array.from(raw, (x) => x / norm);
}

function rows(seeds: number[]): Float32Array {
  const out = new Float32Array(seeds.length * DIM);
  seeds.forEach((seed, i) => out.set(vectorOf(seed), i * DIM));
  return out;
}

describe('EmbeddingCache', () => {
  it('returns stored vectors in the asked order and reports the missing texts', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    const cache = EmbeddingCache.open(root, 'model-a', DIM);
    cache.store(['GET /a', 'GET /b'], rows([1, 2]));
    const out = new Float32Array(3 * DIM);
    const missing = cache.lookup(['GET /b', 'GET /new', 'GET /a'], out);
    expect(missing).toEqual([1]);
    expect([...out.subarray(0, DIM)]).toEqual([...vectorOf(2)]);
    expect([...out.subarray(2 * DIM, 3 * DIM)]).toEqual([...vectorOf(1)]);
  });

  it('persists across runs and keeps models apart', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    EmbeddingCache.open(root, 'model-a', DIM).store(['x'], rows([7]));
    const again = EmbeddingCache.open(root, 'model-a', DIM);
    expect(again.size).toBe(1);
    const out = new Float32Array(DIM);
    expect(again.lookup(['x'], out)).toEqual([]);
    expect([...out]).toEqual([...vectorOf(7)]);
    expect(EmbeddingCache.open(root, 'model-b', DIM).lookup(['x'], out)).toEqual([0]);
  });

  it('merges segments when they pile up, without losing entries', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    const cache = EmbeddingCache.open(root, 'm', DIM);
    for (let run = 0; run < 40; run++) cache.store([`t${run}`], rows([run]));
    const files = readdirSync(join(root, `m-${DIM}`));
    expect(files.filter((f) => f.endsWith('.keys')).length).toBeLessThanOrEqual(9);
    const reopened = EmbeddingCache.open(root, 'm', DIM);
    const out = new Float32Array(40 * DIM);
    expect(reopened.lookup(Array.from({ length: 40 }, (_, i) => `t${i}`), out)).toEqual([]);
    expect([...out.subarray(39 * DIM, 40 * DIM)]).toEqual([...vectorOf(39)]);
  });

  it('merges a segment larger than one write batch, vector for vector', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    const cache = EmbeddingCache.open(root, 'm', DIM);
    const big = Array.from({ length: 5_000 }, (_, i) => `GET /item/${i}`);
    cache.store(big, rows(big.map((_, i) => i)));
    for (let run = 0; run < 33; run++) cache.store([`t${run}`], rows([-run]));
    const dir = join(root, `m-${DIM}`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.keys')).length).toBeLessThanOrEqual(2);
    const reopened = EmbeddingCache.open(root, 'm', DIM);
    expect(reopened.size).toBe(5_033);
    const asked = ['GET /item/0', 'GET /item/4096', 'GET /item/4999', 't32'];
    const out = new Float32Array(asked.length * DIM);
    expect(reopened.lookup(asked, out)).toEqual([]);
    expect([...out]).toEqual([...rows([0, 4096, 4999, -32])]);
  });

  it('reads runs of stored rows at once, across run limits, gaps and segments, into the asked order', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    const cache = EmbeddingCache.open(root, 'm', DIM);
    const first = Array.from({ length: 3_000 }, (_, i) => `GET /a/${i}`);
    cache.store(first, rows(first.map((_, i) => i)));
    cache.store(['GET /b/0', 'GET /b/1'], rows([-1, -2]));
    // Every row of the first segment but one (a gap), more rows than one read takes, asked backwards
    // and interleaved with the second segment's.
    const asked = ['GET /b/1', ...first.filter((_, i) => i !== 1500).reverse(), 'GET /b/0'];
    const out = new Float32Array(asked.length * DIM);
    expect(EmbeddingCache.open(root, 'm', DIM).lookup(asked, out)).toEqual([]);
    const seeds = [-2, ...first.map((_, i) => i).filter((i) => i !== 1500).reverse(), -1];
    expect([...out]).toEqual([...rows(seeds)]);
  });

  it('treats a damaged segment as missing entries, not as vectors of garbage', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    EmbeddingCache.open(root, 'm', DIM).store(['a', 'b'], rows([1, 2]));
    const dir = join(root, `m-${DIM}`);
    const vec = readdirSync(dir).find((f) => f.endsWith('.vec'))!;
    truncateSync(join(dir, vec), DIM * 4); // only the first vector survives
    const out = new Float32Array(2 * DIM);
    expect(EmbeddingCache.open(root, 'm', DIM).lookup(['a', 'b'], out)).toEqual([1]);
  });
});

describe('EmbeddingCache, bounded', () => {
  it('never holds more than maxTexts: what the running scan used stays, the oldest of the rest go', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    // Eleven nightly runs: each looks up the everyday request and stores two new ones.
    for (let night = 0; night < 11; night++) {
      const cache = EmbeddingCache.open(root, 'm', DIM, { maxTexts: 8 });
      if (night === 0) cache.store(['GET /'], rows([100]));
      expect(cache.lookup(['GET /'], new Float32Array(DIM))).toEqual([]);
      cache.store([`new-${night}-a`, `new-${night}-b`], rows([night, night + 0.5]));
      expect(cache.size).toBeLessThanOrEqual(8);
    }
    const cache = EmbeddingCache.open(root, 'm', DIM, { maxTexts: 8 });
    expect(cache.size).toBeLessThanOrEqual(8);
    const everyday = new Float32Array(DIM);
    expect(cache.lookup(['GET /'], everyday)).toEqual([]);
    expect([...everyday]).toEqual([...vectorOf(100)]);
    // The newest nights survive, the oldest are gone.
    expect(cache.lookup(['new-10-a', 'new-10-b', 'new-9-a'], new Float32Array(3 * DIM))).toEqual([]);
    expect(cache.lookup(['new-0-a', 'new-1-b'], new Float32Array(2 * DIM))).toEqual([0, 1]);
  });

  it('a run that uses more texts than the bound caches only what fits, and stays within it', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    EmbeddingCache.open(root, 'm', DIM, { maxTexts: 10 }).store(['old-1', 'old-2', 'old-3'], rows([1, 2, 3]));
    const cache = EmbeddingCache.open(root, 'm', DIM, { maxTexts: 10 });
    // One run, four chunks of four new texts: 16 texts for a bound of 10.
    for (let chunk = 0; chunk < 4; chunk++) {
      const texts = [0, 1, 2, 3].map((i) => `run-${chunk}-${i}`);
      cache.store(texts, rows(texts.map((_, i) => 10 * chunk + i)));
      expect(cache.size).toBeLessThanOrEqual(10);
    }
    const reopened = EmbeddingCache.open(root, 'm', DIM, { maxTexts: 10 });
    expect(reopened.size).toBe(10);
    // The texts nobody used this run made room first; the run's own first texts were kept.
    expect(reopened.lookup(['old-1', 'old-2', 'old-3'], new Float32Array(3 * DIM))).toEqual([0, 1, 2]);
    expect(reopened.lookup(['run-0-0', 'run-1-3', 'run-3-3'], new Float32Array(3 * DIM))).toEqual([2]);
  });
});

describe('EmbeddingCache, only unit vectors', () => {
  it('refuses NaN, infinite, zero and unnormalized vectors, counts them, and stores the rest', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    const cache = EmbeddingCache.open(root, 'm', DIM);
    const vectors = rows([1, 2, 3, 4, 5]);
    vectors[DIM] = Number.NaN; // text 1
    vectors.fill(0, 2 * DIM, 3 * DIM); // text 2: what a NaN --batch-size once gave
    vectors[3 * DIM] = Number.POSITIVE_INFINITY; // text 3
    vectors[4 * DIM]! *= 1.01; // text 4: 1% too long
    expect(cache.store(['ok', 'nan', 'zero', 'inf', 'long'], vectors)).toBe(4);
    const reopened = EmbeddingCache.open(root, 'm', DIM);
    expect(reopened.size).toBe(1);
    expect(reopened.lookup(['ok', 'nan', 'zero', 'inf', 'long'], new Float32Array(5 * DIM))).toEqual([1, 2, 3, 4]);
  });

  it('treats a zero vector written by an older semlog as missing, and replaces it when stored again', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    EmbeddingCache.open(root, 'm', DIM).store(['a', 'b'], rows([1, 2]));
    const dir = join(root, `m-${DIM}`);
    const vec = join(dir, readdirSync(dir).find((f) => f.endsWith('.vec'))!);
    const bytes = readFileSync(vec);
    bytes.fill(0, DIM * 4, 2 * DIM * 4); // b's row becomes zeros
    writeFileSync(vec, bytes);
    const cache = EmbeddingCache.open(root, 'm', DIM);
    expect(cache.lookup(['a', 'b'], new Float32Array(2 * DIM))).toEqual([1]);
    expect(cache.store(['b'], rows([2]))).toBe(0);
    const out = new Float32Array(DIM);
    expect(EmbeddingCache.open(root, 'm', DIM).lookup(['b'], out)).toEqual([]);
    expect([...out]).toEqual([...vectorOf(2)]);
  });

  it('drops the entries of a damaged segment when merging instead of keeping them as zeros', () => {
    const root = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    EmbeddingCache.open(root, 'm', DIM).store(['a', 'b'], rows([1, 2]));
    const dir = join(root, `m-${DIM}`);
    const vec = readdirSync(dir).find((f) => f.endsWith('.vec'))!;
    truncateSync(join(dir, vec), DIM * 4); // 'b' is lost
    const cache = EmbeddingCache.open(root, 'm', DIM);
    for (let run = 0; run < 40; run++) cache.store([`t${run}`], rows([run])); // forces merges
    const out = new Float32Array(2 * DIM);
    expect(EmbeddingCache.open(root, 'm', DIM).lookup(['a', 'b'], out)).toEqual([1]);
    expect([...out.subarray(0, DIM)]).toEqual([...vectorOf(1)]);
  });
});
