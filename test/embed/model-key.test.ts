import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { modelCacheKey, rememberedModelKey } from '../../src/embed/model-key.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-model-key-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('rememberedModelKey', () => {
  it('hashes once, then answers from the memo while the weights file is unchanged', () => {
    const dir = tempDir();
    const weights = join(dir, 'model.onnx');
    writeFileSync(weights, 'weights v1');
    const memo = join(dir, 'cache', 'model-keys.json');
    const key = rememberedModelKey(weights, memo);
    expect(key).toBe(modelCacheKey(weights));
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    // A memo entry that differs from the real hash proves the second answer came from the memo.
    const stored = JSON.parse(readFileSync(memo, 'utf8'));
    stored[weights].key = 'from-the-memo';
    writeFileSync(memo, JSON.stringify(stored));
    expect(rememberedModelKey(weights, memo)).toBe('from-the-memo');
  });

  it('hashes again when the weights change size or modification time', () => {
    const dir = tempDir();
    const weights = join(dir, 'model.onnx');
    const memo = join(dir, 'model-keys.json');
    writeFileSync(weights, 'weights v1');
    const first = rememberedModelKey(weights, memo);
    writeFileSync(weights, 'weights v2, longer');
    const second = rememberedModelKey(weights, memo);
    expect(second).not.toBe(first);
    expect(second).toBe(modelCacheKey(weights));
    // Same size, new content and time (a re-export in place).
    writeFileSync(weights, 'weights v3, longer');
    utimesSync(weights, new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(rememberedModelKey(weights, memo)).toBe(modelCacheKey(weights));
  });

  it('falls back to hashing when the memo is unreadable or cannot be written', () => {
    const dir = tempDir();
    const weights = join(dir, 'model.onnx');
    writeFileSync(weights, 'weights');
    const garbled = join(dir, 'model-keys.json');
    writeFileSync(garbled, '{not json');
    expect(rememberedModelKey(weights, garbled)).toBe(modelCacheKey(weights));
    // The memo's folder would have to be created under a file: writing fails, the key does not.
    expect(rememberedModelKey(weights, join(weights, 'model-keys.json'))).toBe(modelCacheKey(weights));
  });
});
