// `embeddingMode: 'cascade'` end to end with the real model on a real log: every text is accounted
// for by one stage, proxied texts carry a MiniLM vector of a text that was embedded, the cache keeps
// only real MiniLM vectors, and a mode that cannot be meant is a usage error.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embed/embedder.js';
import { defaultModelDir, inspectModelDir } from '../../src/embed/model-dir.js';
import { modelCacheKey } from '../../src/embed/model-key.js';
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

describe('the cascade with a model that sees only the path', () => {
  // 1,000 requests of one template with distinct query words. The stand-in model
  // gives every text the vector of its path, so it agrees with any cheap neighbour of the same path:
  // the calibration opens the cheap eps, the template becomes one large cheap cluster, and most of
  // it is proxied by its anchors.
  const words = ['apple', 'river', 'stone', 'cloud', 'green', 'house', 'light', 'table', 'music', 'paper', 'water', 'night', 'story', 'money', 'garden', 'window'];
  const dir = mkdtempSync(join(tmpdir(), 'semlog-cascade-proxy-'));
  const log = join(dir, 'access.log');
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const target = `/search?q=${words[i % 16]}+${words[Math.floor(i / 16) % 16]}+${words[Math.floor(i / 256) % 16]}`;
    lines.push(`10.0.${i % 7}.${i % 200} - - [01/Jan/2024:${String(Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET ${target} HTTP/1.1" 200 100 "-" "Mozilla/5.0"`);
  }
  writeFileSync(log, `${lines.join('\n')}\n`);

  it('proxies the members of a large cheap cluster with its anchors\' vectors, and the audit agrees', async () => {
    const model = inspectModelDir(defaultModelDir());
    const dim = model.hiddenSize;
    const embedded = new Set<string>();
    const embedder: Embedder = {
      modelId: 'path-only',
      cacheKey: modelCacheKey(join(model.dir, model.weightsFile)),
      dim,
      async embed(texts) {
        const out = new Float32Array(texts.length * dim);
        texts.forEach((text, row) => {
          embedded.add(text);
          const path = text.split('?')[0]!;
          let hash = 0;
          for (const ch of path) hash = (hash * 31 + ch.charCodeAt(0)) % dim;
          out[row * dim + hash] = 1;
        });
        return out;
      },
      async close() {},
    };
    const prepared = await prepareScan({ paths: [log], embedder, cacheDir: false, embeddingMode: 'cascade' });
    const stats = prepared.cascade!;
    const n = prepared.state.table.size;
    expect(n).toBe(1000);
    expect(stats.embeddedTexts + stats.proxiedTexts).toBe(n);
    expect(embedded.size).toBe(stats.embeddedTexts);
    expect(stats.largeClusters).toBeGreaterThanOrEqual(1);
    // The calibration embeds up to 300 texts, cheap outliers and small clusters more; the rest is proxied.
    expect(stats.proxiedTexts, JSON.stringify(stats)).toBeGreaterThan(100);
    expect(stats.auditTexts).toBeGreaterThan(0);
    expect(stats.auditDisagreed).toBe(0);
    // A proxied text carries exactly the vector its path has: the anchors are of its own template.
    const { texts } = prepared.state.table;
    for (let id = 0; id < n; id++) {
      if (embedded.has(texts[id]!)) continue;
      const [expected] = [await embedder.embed([texts[id]!])];
      expect(Array.from(prepared.vectors.subarray(id * dim, (id + 1) * dim))).toEqual(Array.from(expected!));
    }
  });
});
