import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverFolder, replaceFolder, swapPaths } from '../../src/pipeline/replace-folder.js';

function folderWith(content: string): { parent: string; target: string } {
  const parent = mkdtempSync(join(tmpdir(), 'semlog-replace-'));
  const target = join(parent, 'baseline');
  mkdirSync(target);
  writeFileSync(join(target, 'meta.json'), content);
  return { parent, target };
}

describe('replaceFolder', () => {
  it('swaps in the new folder and leaves nothing beside it', () => {
    const { parent, target } = folderWith('old');
    replaceFolder(target, (folder) => writeFileSync(join(folder, 'meta.json'), 'new'));
    expect(readFileSync(join(target, 'meta.json'), 'utf8')).toBe('new');
    expect(readdirSync(parent)).toEqual(['baseline']);
  });

  it('keeps the old folder and no temporary one when filling fails', () => {
    const { parent, target } = folderWith('old');
    expect(() =>
      replaceFolder(target, (folder) => {
        writeFileSync(join(folder, 'meta.json'), 'half');
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(readFileSync(join(target, 'meta.json'), 'utf8')).toBe('old');
    expect(readdirSync(parent)).toEqual(['baseline']);
  });

  it('removes a stale aside copy and a dead run\'s temporary folder before it starts', () => {
    const { parent, target } = folderWith('old');
    mkdirSync(swapPaths(target).aside);
    // pid 2^22 + 1 is above Linux's pid_max, so no process has it.
    mkdirSync(join(parent, `.baseline.${2 ** 22 + 1}.tmp`));
    replaceFolder(target, (folder) => writeFileSync(join(folder, 'meta.json'), 'new'));
    expect(readdirSync(parent)).toEqual(['baseline']);
  });

  it('creates a missing target and its parent folders', () => {
    const parent = mkdtempSync(join(tmpdir(), 'semlog-replace-'));
    const target = join(parent, 'a', 'b');
    replaceFolder(target, (folder) => writeFileSync(join(folder, 'meta.json'), 'new'));
    expect(readFileSync(join(target, 'meta.json'), 'utf8')).toBe('new');
  });
});

describe('recoverFolder', () => {
  it('puts back the aside copy when a crash left no target', () => {
    const { parent, target } = folderWith('old');
    renameSync(target, swapPaths(target).aside);
    expect(recoverFolder(target)).toBe(target);
    expect(readFileSync(join(target, 'meta.json'), 'utf8')).toBe('old');
    expect(readdirSync(parent)).toEqual(['baseline']);
  });

  it('leaves a whole target alone, even with an aside copy beside it', () => {
    const { target } = folderWith('new');
    const { aside } = swapPaths(target);
    mkdirSync(aside);
    expect(recoverFolder(target)).toBe(target);
    expect(readFileSync(join(target, 'meta.json'), 'utf8')).toBe('new');
    expect(existsSync(aside)).toBe(true);
  });
});
