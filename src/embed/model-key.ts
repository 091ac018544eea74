// The key of a model's exact weights, for the embedding cache and baselines: a changed model never
// reads another model's vectors. Hashing 90 MB of weights costs ~150 ms, a tenth of a rescan that
// the cache serves, so the key is remembered in a small file next to the cache and reused while the
// weights file keeps its path, size, inode and modification time (the test `make` trusts too).

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function modelCacheKey(weightsFile: string): string {
  return createHash('sha256').update(readFileSync(weightsFile)).digest('hex').slice(0, 16);
}

interface RememberedKey {
  size: number;
  ino: number;
  mtimeMs: number;
  key: string;
}

/** modelCacheKey(), remembered in `memoFile`; any trouble with that file only costs the hash. */
export function rememberedModelKey(weightsFile: string, memoFile: string): string {
  const path = resolve(weightsFile);
  const { size, ino, mtimeMs } = statSync(path);
  const memo = readMemo(memoFile);
  const known = memo[path];
  if (known && known.size === size && known.ino === ino && known.mtimeMs === mtimeMs) return known.key;
  const key = modelCacheKey(path);
  memo[path] = { size, ino, mtimeMs, key };
  try {
    mkdirSync(dirname(memoFile), { recursive: true });
    const temp = `${memoFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(memo));
    renameSync(temp, memoFile);
  } catch {
    // A read-only or full cache folder: the next run hashes again.
  }
  return key;
}

function readMemo(memoFile: string): Record<string, RememberedKey> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(memoFile, 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, RememberedKey>) : {};
  } catch {
    return {};
  }
}
