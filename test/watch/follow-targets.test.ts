// Where a rotated file is looked for, and the name its records then carry.

import { mkdirSync, mkdtempSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameBeside, namesOfInode, rotatedNames } from '../../src/watch/follow-targets.js';

describe('nameBeside', () => {
  it('writes a rotated name as the followed name was written: relative stays relative', () => {
    expect(nameBeside('logs/access.log', resolve('logs/access.log-20261208'))).toBe('logs/access.log-20261208');
    expect(nameBeside('access.log', resolve('access.log.1'))).toBe('access.log.1');
    expect(nameBeside('/var/log/nginx/access.log', '/var/log/nginx/access.log.1')).toBe('/var/log/nginx/access.log.1');
  });

  it('gives the absolute path of a rotated file in another folder (a symlink pointed there)', () => {
    expect(nameBeside('containers/web.log', '/var/log/pods/0.log.20261205-070000')).toBe('/var/log/pods/0.log.20261205-070000');
  });

  it('keeps the followed name for a file in the folder a symlinked folder points to', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-targets-'));
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect(nameBeside(join(dir, 'link', 'access.log'), join(dir, 'real', 'access.log.1'))).toBe(join(dir, 'link', 'access.log.1'));
  });
});

describe('where a rotated file is looked for', () => {
  it('lists longer names beside the file, and any name of its inode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-targets-'));
    const log = join(dir, 'access.log');
    writeFileSync(log, 'x\n');
    const { dev, ino } = statSync(log, { bigint: true });
    renameSync(log, join(dir, 'access.1.log'));
    for (const name of ['access.log', 'access.log.2', 'access.log.3.gz', 'other.log']) writeFileSync(join(dir, name), 'y\n');
    expect(rotatedNames(log)).toEqual([join(dir, 'access.log.2')]);
    expect(namesOfInode(log, String(dev), String(ino))).toEqual([join(dir, 'access.1.log')]);
  });
});
