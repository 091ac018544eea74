import { mkdtempSync, readdirSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../src/embed/embedding-cache.js';

const DIM = 4;
const vectorOf = (seed: number) => Float32Array.from({ length: DIM }, (_, d) => seed + d / 10);

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
