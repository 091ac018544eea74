import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { checkBaselineTarget } from '../../src/pipeline/baseline-store.js';

describe('checkBaselineTarget', () => {
  const parent = mkdtempSync(join(tmpdir(), 'semlog-target-'));

  it('accepts a missing path, an empty folder and a baseline', () => {
    expect(() => checkBaselineTarget(join(parent, 'new'))).not.toThrow();
    mkdirSync(join(parent, 'empty'));
    expect(() => checkBaselineTarget(join(parent, 'empty'))).not.toThrow();
    mkdirSync(join(parent, 'baseline'));
    for (const name of ['meta.json', 'texts.json', 'vectors.f32', 'index.hnsw', 'structured.json', 'categories.json']) writeFileSync(join(parent, 'baseline', name), '');
    expect(() => checkBaselineTarget(join(parent, 'baseline'))).not.toThrow();
  });

  it('refuses a file, a folder without meta.json, a baseline with other files in it, and the current folder', () => {
    writeFileSync(join(parent, 'access.log'), 'x\n');
    expect(() => checkBaselineTarget(join(parent, 'access.log'))).toThrow(/a file of that name exists and is not a semlog baseline/);
    mkdirSync(join(parent, 'logs'));
    writeFileSync(join(parent, 'logs', 'access.log'), 'x\n');
    expect(() => checkBaselineTarget(join(parent, 'logs'))).toThrow(/not a semlog baseline \(it has no meta\.json\)/);
    mkdirSync(join(parent, 'mixed'));
    writeFileSync(join(parent, 'mixed', 'meta.json'), '{}');
    writeFileSync(join(parent, 'mixed', 'access.log'), 'x\n');
    expect(() => checkBaselineTarget(join(parent, 'mixed'))).toThrow(/holds 1 file\(s\) a baseline does not, e\.g\. access\.log/);
    expect(() => checkBaselineTarget('.')).toThrow(UsageError);
    expect(() => checkBaselineTarget('/')).toThrow(/would replace the current folder/);
  });
});
