// The categorical baseline through the whole pipeline: `train` stores the category counts in
// categories.json, a scan against it reports a country the clean period never had, and a baseline
// trained before categories.json existed still loads (and judges categories in-scan only).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline/analyze.js';
import { writeBaseline } from '../../src/pipeline/baseline-store.js';
import { trainBaseline } from '../../src/pipeline/train-baseline.js';
import { needs } from '../helpers/needs.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';
import { SHARED_DATA } from '../parse/helpers.js';

const WAF_SAMPLE = `${SHARED_DATA}aws-format-samples/waf/aws-waf-security-automations_test_waf_log.jsonl`;

describe('categorical baseline', () => {
  if (!needs(existsSync(WAF_SAMPLE), WAF_SAMPLE)) return;
  const dir = mkdtempSync(join(tmpdir(), 'semlog-categories-'));
  const settings = { embedder: trigramEmbedder(), cacheDir: false as const };

  it('train stores the counts; a scan against them reports the new country; an old baseline still loads', async () => {
    const baselineDir = join(dir, 'baseline');
    writeBaseline(baselineDir, await trainBaseline({ paths: [WAF_SAMPLE], ...settings }));
    const stored = JSON.parse(readFileSync(join(baselineDir, 'categories.json'), 'utf8'));
    expect(stored.fields.country).toEqual({ total: 228, values: { TR: 6, CN: 8, SE: 30, US: 184 } });
    expect(stored.fields.wafAction).toEqual({ total: 228, values: { ALLOW: 228 } });

    // The real sample plus 12 requests from one new country.
    const real = readFileSync(WAF_SAMPLE, 'utf8').trimEnd().split('\n');
    const added = real.slice(0, 12).map((line, i) => line.replace('"clientIp":"X.X.X.X","country":"TR"', `"clientIp":"175.45.176.${i % 3}","country":"KP"`));
    expect(added.filter((line) => line.includes('"KP"'))).toHaveLength(6);
    const scanned = join(dir, 'today.jsonl');
    writeFileSync(scanned, `${[...real, ...added].join('\n')}\n`);

    const analysis = await analyze({ paths: [scanned], baselineDir, ...settings });
    const countries = analysis.categories.filter((c) => c.values.some((v) => v.field === 'country'));
    expect(countries.map((c) => [c.type, c.values[0]])).toEqual([
      ['new_value', { field: 'country', value: 'KP', count: 6, total: 240, share: 0.025, expected: 0 }],
    ]);
    expect(countries[0]!.reasons).toEqual(['country KP: 6 requests (2.5%), never seen in the baseline (4 values over 228 requests)']);
    expect(analysis.categories).toHaveLength(1);

    // A baseline from before categories.json: it loads, and 6 of 240 is not rare in the scan.
    rmSync(join(baselineDir, 'categories.json'));
    const old = await analyze({ paths: [scanned], baselineDir, ...settings });
    expect(old.categories).toEqual([]);
    expect(old.summary.records).toBe(240);
  });
});
