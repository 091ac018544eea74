import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { resolveInputs } from '../../src/parse/resolve-inputs.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'semlog-inputs-'));
  await mkdir(join(tmp, 'logs/2024/b'), { recursive: true });
  await mkdir(join(tmp, 'logs/.cache'), { recursive: true });
  for (const file of ['logs/z.log', 'logs/2024/a.log', 'logs/2024/b/c.log', 'logs/.hidden.log', 'logs/.cache/x.log', 'other.log']) {
    await writeFile(join(tmp, file), 'x\n');
  }
  await symlink(join(tmp, 'other.log'), join(tmp, 'logs/link.log'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('resolveInputs', () => {
  test('a folder: recursive, sorted by code point, hidden entries skipped, symlinks to files kept, names joined as given', async () => {
    const given = join(tmp, 'logs');
    expect((await resolveInputs([given])).map((i) => i.name.slice(given.length))).toEqual(['/2024/a.log', '/2024/b/c.log', '/link.log', '/z.log']);
    expect((await resolveInputs([`${given}/`]))[0]?.name).toBe(`${given}/2024/a.log`);
  });

  test('files and stdin keep the order given', async () => {
    expect(await resolveInputs([join(tmp, 'other.log'), '-'])).toEqual([
      { name: join(tmp, 'other.log'), path: join(tmp, 'other.log') },
      { name: '-', path: null },
    ]);
  });

  test('stdin twice, or nothing at all, is a usage error', async () => {
    await expect(resolveInputs(['-', '-'])).rejects.toThrow(UsageError);
    await expect(resolveInputs([])).rejects.toThrow(UsageError);
  });

  test('a glob matching nothing is SEMLOG_NO_INPUT; a missing file SEMLOG_INPUT_NOT_FOUND', async () => {
    await expect(resolveInputs([join(tmp, '*.gz')])).rejects.toMatchObject({ code: 'SEMLOG_NO_INPUT' });
    await expect(resolveInputs([join(tmp, 'missing.log')])).rejects.toBeInstanceOf(InputError);
    await expect(resolveInputs([join(tmp, 'missing.log')])).rejects.toMatchObject({ code: 'SEMLOG_INPUT_NOT_FOUND' });
  });
});
