// Which files `semlog watch` follows now: the paths named (even before they exist) and the files a
// glob matches today. Rotated, compressed files are left out unless named: they hold lines that were
// read before they were compressed.

import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/** What logrotate's `compress` and friends leave behind. */
export const COMPRESSED = /\.(gz|bz2|xz|zst|lz4|zip)$/i;

export interface Target {
  /** The name records carry. */
  name: string;
  /** Absolute path. */
  path: string;
}

export async function followTargets(given: readonly string[]): Promise<Target[]> {
  const targets = new Map<string, Target>();
  for (const pattern of given) {
    if (!isDynamicPattern(pattern)) {
      targets.set(resolve(pattern), { name: pattern, path: resolve(pattern) });
      continue;
    }
    const matches = await glob(pattern, { absolute: isAbsolute(pattern), onlyFiles: true, expandDirectories: false });
    for (const match of matches.sort()) {
      if (!COMPRESSED.test(match) && !targets.has(resolve(match))) targets.set(resolve(match), { name: match, path: resolve(match) });
    }
  }
  return [...targets.values()];
}

/**
 * Where a file rotated away from `origin` may be now: beside it, under a longer name
 * (`access.log.1`, `access.log-20261205`), not compressed.
 */
export function rotatedNames(origin: string): string[] {
  const base = basename(origin);
  return uncompressedBeside(origin).filter((path) => {
    const name = basename(path);
    return name.length > base.length && name.startsWith(base) && /[.\-_]/.test(name[base.length]!);
  });
}

/**
 * The other names in `origin`'s folder of the file with this device and inode: a renamed file under a
 * name `rotatedNames` does not guess (logrotate's `extension .log` makes `access.1.log`).
 */
export function namesOfInode(origin: string, dev: string, ino: string): string[] {
  return uncompressedBeside(origin).filter((path) => {
    try {
      const stats = statSync(path, { bigint: true });
      return String(stats.dev) === dev && String(stats.ino) === ino;
    } catch {
      return false; // gone since the listing
    }
  });
}

/** The paths of the files in `origin`'s folder that are not compressed, sorted; none when it cannot be listed. */
function uncompressedBeside(origin: string): string[] {
  const dir = dirname(origin);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => !COMPRESSED.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * The name records carry for `path`, a file found where the file named `name` was rotated to: written
 * as `name` was (relative stays relative) when it is in the same folder, else its absolute path.
 */
export function nameBeside(name: string, path: string): string {
  const folder = dirname(resolve(name));
  let real = folder;
  try {
    real = realpathSync(folder);
  } catch {
    // The folder is gone: only its path can match.
  }
  return folder === dirname(path) || real === dirname(path) ? join(dirname(name), basename(path)) : path;
}

/** The folders whose changes wake the follower up: those of named files, and the fixed part of each glob. */
export function watchedFolders(given: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const pattern of given) {
    if (!isDynamicPattern(pattern)) folders.add(dirname(resolve(pattern)));
    else {
      const parts = pattern.split('/');
      const fixed = parts.slice(0, parts.findIndex((part) => isDynamicPattern(part)));
      folders.add(resolve(fixed.join('/') || (pattern.startsWith('/') ? '/' : '.')));
    }
  }
  return [...folders];
}
