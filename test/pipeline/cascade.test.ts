// `embeddingMode: 'cascade'` end to end with the real model on a real log: every text is accounted
// for by one stage, proxied texts carry a MiniLM vector of a text that was embedded, the cache keeps
// only real MiniLM vectors, and a mode that cannot be meant is a usage error.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { calibrateCheapEps, CALIBRATION } from '../../src/pipeline/cascade.js';
import { prepareScan, type EmbeddingMode } from '../../src/pipeline/prepare-scan.js';
import { FIXTURE } from '../cli/run-cli.js';

describe('the cascade', () => {
  it('accounts for every text in one stage, proxies copy embedded vectors, and only MiniLM vectors are cached', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'semlog-cascade-'));
    const prepared = await prepareScan({ paths: [FIXTURE], cacheDir, embeddingMode: 'cascade', embedding: { workers: 1 } });
    const stats = prepared.cascade!;
    const n = prepared.state.table.size;
    expect(stats.embeddedTexts + stats.proxiedTexts + prepared.cachedTexts).toBe(n);
    // On this small log the calibration keeps the cheap eps tight, so few or no texts are proxied.
    expect(stats.calibrationTexts).toBeGreaterThan(0);
    expect(stats.cheapEps).toBeGreaterThanOrEqual(0);
    expect(stats.embeddedTexts).toBeGreaterThanOrEqual(stats.cheapOutliers);
    // Each proxy is an exact copy of some other text's vector.
    const rows = new Map<string, number>();
    const { vectors, dim } = prepared;
    for (let id = 0; id < n; id++) {
      const key = Array.from(vectors.subarray(id * dim, (id + 1) * dim)).join(',');
      rows.set(key, (rows.get(key) ?? 0) + 1);
    }
    expect(rows.size).toBeLessThanOrEqual(n - stats.proxiedTexts);

    // A rescan finds the embedded texts in the cache, never the proxies.
    const again = await prepareScan({ paths: [FIXTURE], cacheDir, embeddingMode: 'full', embedding: { workers: 1 } });
    expect(again.cachedTexts).toBe(stats.embeddedTexts);
  });

  it('refuses a mode that does not exist', async () => {
    await expect(prepareScan({ paths: [FIXTURE], embeddingMode: 'fast' as EmbeddingMode })).rejects.toThrow(UsageError);
  });
});

describe('calibrateCheapEps', () => {
  // Pair k has cheap distance k/100; MiniLM agrees (distance ≤ eps) for every pair but those listed.
  const pairs = Array.from({ length: 40 }, (_, k) => [k, k] as const);
  const cheap = (a: number) => a / 100;
  const model = (disagree: number[]) => (a: number) => (disagree.includes(a) ? 1 : 0.1);

  it('is the largest cheap distance with ≥ 95 % agreement among the closer pairs', () => {
    // Disagreements at 0.20 and 0.30: up to pair 39, 38/40 = 95 % agree; the last agreeing pair is 0.39.
    expect(calibrateCheapEps(pairs, cheap, model([20, 30]), 0.3)).toBe(0.39);
    // A third one at 0.35: from pair 30 on at most 94 % agree (33/35 at pair 34); 29/30 at pair 29 is the last that holds.
    expect(calibrateCheapEps(pairs, cheap, model([20, 30, 35]), 0.3)).toBe(0.29);
  });

  it('is 0 (join nothing) when too few pairs agree', () => {
    expect(CALIBRATION.minPairs).toBe(10);
    expect(calibrateCheapEps(pairs, cheap, model(pairs.map(([a]) => a)), 0.3)).toBe(0);
    expect(calibrateCheapEps(pairs.slice(0, 9), cheap, model([]), 0.3)).toBe(0);
  });
});
