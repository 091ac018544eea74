// replaceFolder when the rename that puts the new folder in place fails (EXDEV, EIO, a folder that
// appeared at the target in between): the old folder, already moved aside, must come back.
// The failure is injected into node:fs's renameSync for this file only.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { replaceFolder } from '../../src/pipeline/replace-folder.js';

const failing = vi.hoisted(() => ({ suffix: '' }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    if (failing.suffix !== '' && String(from).endsWith(failing.suffix)) throw Object.assign(new Error('injected EIO'), { code: 'EIO' });
    fs.renameSync(from, to);
  };
  return { ...fs, renameSync, default: { ...fs, renameSync } };
});

describe('replaceFolder with a failing rename', () => {
  it('puts the old folder back and removes the new one when the new one cannot be renamed in', () => {
    const parent = mkdtempSync(join(tmpdir(), 'semlog-replace-'));
    const target = join(parent, 'baseline');
    mkdirSync(target);
    writeFileSync(join(target, 'meta.json'), 'old');
    failing.suffix = '.tmp';
    try {
      expect(() => replaceFolder(target, (folder) => writeFileSync(join(folder, 'meta.json'), 'new'))).toThrow('injected EIO');
    } finally {
      failing.suffix = '';
    }
    expect(readFileSync(join(target, 'meta.json'), 'utf8')).toBe('old');
    expect(readdirSync(parent)).toEqual(['baseline']);
  });
});
