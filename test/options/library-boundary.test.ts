// Library calls check their options at the public entry points, before reading a line or starting a
// model: a path that does not exist proves that the check came first (reading it would be exit 3).

import { describe, expect, it } from 'vitest';
import { analyze, createPoolEmbedder, detectAnomalies, findingsOver, planMapJobs, prepareScan, readLogs, renderReport, trainBaseline, UsageError, watchLogs } from '../../src/index.js';
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
    { options: { semantic: { farOutlier: 0 } }, message: /^option semantic\.farOutlier 0: must be a number > 0, or Infinity$/ },
    // Wrong types: the option by its path, not a TypeError from inside a stage.
    { options: { paths: 'a300.log' }, message: /^option paths "a300\.log": must be a list of strings$/ },
    { options: { paths: [123] }, message: /^option paths\[0\] 123: must be a string$/ },
    { options: { paths: undefined }, message: /^option paths is missing: it must be a list of strings$/ },
    { options: { scope: { exclude: 5 } }, message: /^option scope\.exclude 5: must be a list of strings$/ },
    { options: { scope: { allowUserAgents: [5] } }, message: /^option scope\.allowUserAgents\[0\] 5: must be a string$/ },
    { options: { cacheDir: 42 }, message: /^option cacheDir 42: must be a folder or false$/ },
    { options: { cacheDir: true }, message: /^option cacheDir true: must be a folder or false$/ },
    { options: { logFormat: 12 }, message: /^option logFormat 12: must be a string$/ },
    { options: { scope: null }, message: /^option scope null: must be an object$/ },
    { options: { semantic: null }, message: /^option semantic null: must be an object$/ },
    { options: { embedding: null }, message: /^option embedding null: must be an object$/ },
    { options: { embedding: { backend: 'bogus' } }, message: /^option embedding\.backend "bogus": must be one of ort, transformers$/ },
    { options: { signal: 'x' }, message: /^option signal "x": must be an AbortSignal$/ },
    { options: { baselineDir: 7 }, message: /^option baselineDir 7: must be a string$/ },
    // The detection signal switches, at entry with the other detect options.
    { options: { signals: { semantc: false } }, message: /^option signals\.semantc: unknown detection signal$/ },
    { options: { signals: { semantic: 'false' } }, message: /^option signals\.semantic "false": must be true or false$/ },
    { options: { signals: { semantic: 0 } }, message: /^option signals\.semantic 0: must be true or false$/ },
  ])('analyze() rejects $options before reading anything', async ({ options, message }) => {
    const error = await analyze({ paths: NO_LOG, embedder: trigramEmbedder(), cacheDir: false, ...(options as object) } as Parameters<typeof analyze>[0]).catch((e: unknown) => e);
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
    // An unknown backend is refused at entry, as a UsageError, not at the first embed().
    const backend = await createPoolEmbedder({ backend: 'bogus' as 'ort', modelDir: '/no/such/model' }).catch((e: unknown) => e);
    expect(backend).toBeInstanceOf(UsageError);
    expect((backend as UsageError).message).toMatch(/^option backend "bogus": must be one of ort, transformers$/);
    await expect(analyze(null as never)).rejects.toThrow(/^analyze\(\) options null: must be an object$/);
    await expect(trainBaseline(null as never)).rejects.toThrow(/^trainBaseline\(\) options null: must be an object$/);
    await expect(planMapJobs({ paths: NO_LOG } as never)).rejects.toThrow(/^option store is missing: it must be a string$/);
    await expect(planMapJobs({ paths: 'a.log', store: '/tmp/store' } as never)).rejects.toThrow(/^option paths "a\.log": must be a list of strings$/);
    expect(() => readLogs(NO_LOG, { signal: 'x' as never })).toThrow(/^option signal "x": must be an AbortSignal$/);
    expect(() => readLogs('a.log' as never)).toThrow(/^readLogs\(\) paths "a\.log": must be a list of strings$/);
  });

  it.each([
    { options: { embedding: { workers: 0 } }, message: /^option embedding\.workers 0: must be a whole number from 1 to 256$/ },
    { options: { alert: { failOn: 5 } }, message: /^option alert\.targets is missing: it must be an object$/ },
    { options: { paths: 'x.log' }, message: /^option paths "x\.log": must be a list of strings$/ },
    { options: { stateDir: 3 }, message: /^option stateDir 3: must be a string$/ },
    { options: { signal: 'x' }, message: /^option signal "x": must be an AbortSignal$/ },
  ])('watchLogs() rejects $options before following anything', async ({ options, message }) => {
    const error = await watchLogs({ paths: NO_LOG, sink: { bytes: null, write: async () => {}, close: () => {} }, ...(options as object) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
  });

  it('renderReport() and findingsOver() check their one number', async () => {
    const prepared = await prepareScan({ paths: [FIXTURE], embedder: trigramEmbedder(), cacheDir: false });
    const analysis = detectAnomalies(prepared);
    expect(() => renderReport('json', analysis, { top: -3 })).toThrow(/^option top -3: must be a whole number ≥ 1$/);
    expect(() => renderReport('json', analysis, { top: '3' as never })).toThrow(/^option top "3": must be a whole number ≥ 1$/);
    expect([...renderReport('json', analysis)].join('')).toContain('"summary"');
    expect(() => findingsOver(analysis, Number.NaN)).toThrow(/^option failOn NaN: must be a number ≥ 0$/);
    expect(findingsOver(analysis, 0).lines.length).toBe(analysis.lines.length);
  });

  it('detectAnomalies() checks its options on a prepared scan, and good ones still work', async () => {
    const prepared: PreparedScan = await prepareScan({ paths: [FIXTURE], embedder: trigramEmbedder(), cacheDir: false });
    expect(() => detectAnomalies(prepared, { semantic: { eps: 3 } })).toThrow(/^option semantic\.eps 3: /);
    expect(() => detectAnomalies(prepared, { semantic: { minRarity: -1 } })).toThrow(UsageError);
    expect(detectAnomalies(prepared, { semantic: { eps: 2, minSamples: 1 } }).summary.records).toBe(300);
    expect(() => detectAnomalies(prepared, null as never)).toThrow(/^detectAnomalies\(\) options null: must be an object$/);
    expect(() => detectAnomalies(prepared, { signals: { semantic: 'false' as never } })).toThrow(/^option signals\.semantic "false": must be true or false$/);
    // farOutlier's default is Infinity (that rule off): spreading the defaults back in is no error.
    expect(detectAnomalies(prepared, { semantic: { eps: 0.3, minSamples: 3, minRarity: 8, farOutlier: Number.POSITIVE_INFINITY } }).summary.records).toBe(300);
  });
});
