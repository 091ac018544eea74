// A scan that judged no record says why in summary.warnings: by hand, and through analyze() on a
// real log slice (elastic-apache-logs, test/fixtures/cli) that an empty file, malformed lines or a
// time range leave with nothing to judge.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, type AnalyzeOptions } from '../../src/pipeline/analyze.js';
import { nothingJudgedWarning } from '../../src/pipeline/nothing-judged.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const ELASTIC = fileURLToPath(new URL('../fixtures/cli/elastic-apache-300.log', import.meta.url));

function writeLog(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'semlog-nothing-')), 'access.log');
  writeFileSync(file, text);
  return file;
}

describe('nothingJudgedWarning', () => {
  it('says nothing when any record was judged', () => {
    expect(nothingJudgedWarning({ records: 10, malformed: 3, judged: 1 })).toBeUndefined();
  });

  it('names the cause: scope, malformed lines or an empty input', () => {
    expect(nothingJudgedWarning({ records: 7, malformed: 2, judged: 0 })).toBe(
      'nothing was judged: all 7 records were left out by --since/--until, --exclude or the allowlists (summary.scope counts them)',
    );
    expect(nothingJudgedWarning({ records: 0, malformed: 2, judged: 0 })).toBe('nothing was judged: every line (2) was malformed; check --format or --log-format');
    expect(nothingJudgedWarning({ records: 0, malformed: 0, judged: 0 })).toBe(
      'nothing was judged: the input holds no log records (an empty file, or a log that was rotated away?)',
    );
  });
});

describe('a scan that judges nothing', () => {
  const scan = (paths: string[], more: Partial<AnalyzeOptions> = {}) =>
    analyze({ paths, embedder: trigramEmbedder(), cacheDir: false, ...more });

  it('warns on an empty file', async () => {
    const analysis = await scan([writeLog('')]);
    expect(analysis.summary.records).toBe(0);
    expect(analysis.summary.warnings).toEqual(['nothing was judged: the input holds no log records (an empty file, or a log that was rotated away?)']);
  });

  it('warns when every line is malformed for the format given', async () => {
    const analysis = await scan([writeLog('not a log line\nnor this one\n')], { format: 'combined' });
    expect(analysis.summary.malformed).toBe(2);
    expect(analysis.summary.warnings).toEqual(['nothing was judged: every line (2) was malformed; check --format or --log-format']);
  });

  it('warns when the time range leaves out every record of a real log, and not when it keeps some', async () => {
    const none = await scan([ELASTIC], { scope: { sinceMs: Date.parse('2030-01-01T00:00:00Z') } });
    expect(none.summary.records).toBe(300);
    expect(none.summary.warnings[0]).toBe('nothing was judged: all 300 records were left out by --since/--until, --exclude or the allowlists (summary.scope counts them)');
    const some = await scan([ELASTIC]);
    expect(some.summary.warnings.filter((w) => w.startsWith('nothing was judged'))).toEqual([]);
  });
});
