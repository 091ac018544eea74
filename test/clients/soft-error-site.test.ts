import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMissingPage, SOFT_ERROR_MIN_REQUESTS, softErrorWarning } from '../../src/clients/soft-error-site.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { BENIGN_LOG } from '../features/attack-mix.js';
import { needs } from '../helpers/needs.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

describe('softErrorWarning', () => {
  it('warns only when at least 1,000 requests with a status hold not one 403 or 404', () => {
    expect(softErrorWarning({ withStatus: 1000, missing: 0 })).toMatch(/^none of the 1000 requests was answered 403 or 404: if the site answers 200 /);
    expect(softErrorWarning({ withStatus: 1000, missing: 1 })).toBeUndefined();
    expect(softErrorWarning({ withStatus: SOFT_ERROR_MIN_REQUESTS - 1, missing: 0 })).toBeUndefined();
    // A format without statuses (withStatus 0) says nothing either.
    expect(softErrorWarning({ withStatus: 0, missing: 0 })).toBeUndefined();
  });

  it('counts 403 and 404 as missing pages, no other status', () => {
    expect([200, 301, 400, 401, 403, 404, 405, 410, 500].filter(isMissingPage)).toEqual([403, 404]);
  });
});

describe('soft errors, on real lines', () => {
  if (!needs(existsSync(BENIGN_LOG), BENIGN_LOG)) return;

  it('warns on elastic-apache-logs with its 403 and 404 answers logged as 200, and not on the log as it is', async () => {
    const lines = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 2000);
    const dir = mkdtempSync(join(tmpdir(), 'semlog-soft-errors-'));
    const asIs = join(dir, 'as-is.log');
    const soft = join(dir, 'soft.log');
    writeFileSync(asIs, `${lines.join('\n')}\n`);
    const softened = lines.map((line) => line.replace(/" (?:403|404) /, '" 200 '));
    expect(softened.filter((line, i) => line !== lines[i]).length).toBeGreaterThan(10);
    writeFileSync(soft, `${softened.join('\n')}\n`);
    const plain = await analyze({ paths: [asIs], embedder: trigramEmbedder(), cacheDir: false });
    expect(plain.summary.warnings).toEqual([]);
    const softAnalysis = await analyze({ paths: [soft], embedder: trigramEmbedder(), cacheDir: false });
    expect(softAnalysis.summary.warnings).toEqual([expect.stringMatching(/^none of the 2000 requests was answered 403 or 404: /)]);
  });
});
