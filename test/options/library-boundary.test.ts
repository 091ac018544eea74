// Library calls check their options at the public entry points, before reading a line or starting a
// model: a path that does not exist proves that the check came first (reading it would be exit 3).

import { describe, expect, it } from 'vitest';
import { analyze, createPoolEmbedder, detectAnomalies, findingsOver, prepareScan, renderReport, trainBaseline, UsageError } from '../../src/index.js';
import type { PreparedScan } from '../../src/index.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const FIXTURE = new URL('../fixtures/cli/elastic-apache-300.log', import.meta.url).pathname;
const NO_LOG = ['/no/such/access.log'];

describe('library options', () => {
  it.each([
    { options: { semantic: { eps: -1 } }, message: /^option semantic\.eps -1: must be a number > 0 and ≤ 2$/ },
    { options: { semantic: { minSamples: 2.5 } }, message: /^option semantic\.minSamples 2\.5: must be a whole number ≥ 1$/ },
    { options: { fuse: { ipWeight: Number.NaN } }, message: /^option fuse\.ipWeight NaN: / },
    { options: { fuse: { minLineScore: -1 } }, message: /^option fuse\.minLineScore -1: / },
    { options: { zThreshold: 0 }, message: /^option zThreshold 0: / },
    { options: { embedding: { batchSize: Number.NaN } }, message: /^option embedding\.batchSize NaN: must be a whole number from 1 to 1024$/ },
    { options: { embedding: { workers: 0 } }, message: /^option embedding\.workers 0: / },
    { options: { maxLineBytes: 0 }, message: /^option maxLineBytes 0: / },
    { options: { windowMs: 100 }, message: /^option windowMs 100: must be a whole number ≥ 1000$/ },
    { options: { hnsw: { efSearch: 0 } }, message: /^option hnsw\.efSearch 0: / },
    { options: { scope: { sinceMs: Number.NaN } }, message: /^option scope\.sinceMs NaN: must be a number$/ },
  ])('analyze() rejects $options before reading anything', async ({ options, message }) => {
    const error = await analyze({ paths: NO_LOG, embedder: trigramEmbedder(), cacheDir: false, ...options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
  });

  it('prepareScan(), trainBaseline() and createPoolEmbedder() check theirs too', async () => {
    await expect(prepareScan({ paths: NO_LOG, embedder: trigramEmbedder(), windowMs: Number.POSITIVE_INFINITY })).rejects.toThrow(/^option windowMs Infinity: /);
    await expect(trainBaseline({ paths: NO_LOG, embedding: { batchSize: 0 } })).rejects.toThrow(/^option embedding\.batchSize 0: /);
    await expect(trainBaseline({ paths: NO_LOG, embeddingMode: 'cascade' })).rejects.toThrow(/^option embeddingMode: trainBaseline\(\) keeps/);
    await expect(prepareScan({ paths: NO_LOG, embeddingMode: 'fast' as 'full' })).rejects.toThrow(/^option embeddingMode must be one of full, cascade, not "fast"$/);
    // Training clusters nothing: detector settings cannot mean anything there.
    await expect(trainBaseline({ paths: NO_LOG, ...({ semantic: { eps: 0.3 } } as object) })).rejects.toThrow(/^option semantic: trainBaseline\(\) clusters nothing/);
    await expect(createPoolEmbedder({ batchSize: Number.NaN, modelDir: '/no/such/model' })).rejects.toThrow(/^option batchSize NaN: /);
    await expect(createPoolEmbedder({ workers: 1.5, modelDir: '/no/such/model' })).rejects.toThrow(/^option workers 1\.5: /);
  });

  it('renderReport() and findingsOver() check their one number', async () => {
    const prepared = await prepareScan({ paths: [FIXTURE], embedder: trigramEmbedder(), cacheDir: false });
    const analysis = detectAnomalies(prepared);
    expect(() => renderReport('json', analysis, { top: -3 })).toThrow(/^option top -3: must be a whole number ≥ 1$/);
    expect(() => findingsOver(analysis, Number.NaN)).toThrow(/^option failOn NaN: must be a number ≥ 0$/);
    expect(findingsOver(analysis, 0).lines.length).toBe(analysis.lines.length);
  });

  it('detectAnomalies() checks its options on a prepared scan, and good ones still work', async () => {
    const prepared: PreparedScan = await prepareScan({ paths: [FIXTURE], embedder: trigramEmbedder(), cacheDir: false });
    expect(() => detectAnomalies(prepared, { semantic: { eps: 3 } })).toThrow(/^option semantic\.eps 3: /);
    expect(() => detectAnomalies(prepared, { semantic: { minRarity: -1 } })).toThrow(UsageError);
    expect(detectAnomalies(prepared, { semantic: { eps: 2, minSamples: 1 } }).summary.records).toBe(300);
  });
});
