// Replaces a folder with a new one so that a crash at any moment leaves one whole folder, never none:
//
//   1. the new folder is written beside the target     (.NAME.PID.tmp)
//   2. the old target is renamed aside                  (.NAME.old)
//   3. the new folder is renamed into place            (NAME)
//   4. the aside copy is removed
//
// A crash between 2 and 3 leaves no target but a whole aside copy; recoverFolder() puts it back.
// A crash in 4 leaves a stale aside copy next to a whole target, and a crash in 1 a temporary folder;
// the next replaceFolder() removes both.

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isProcessAlive } from '../process-alive.js';

/** The names used beside `target` while it is replaced. */
export function swapPaths(target: string): { temp: string; aside: string } {
  const path = resolve(target);
  const name = basename(path);
  return { temp: join(dirname(path), `.${name}.${process.pid}.tmp`), aside: join(dirname(path), `.${name}.old`) };
}

/**
 * Undoes what a crash in the middle of replaceFolder() left behind; returns the folder to read, which
 * is the aside copy itself when it cannot be renamed back (a read-only parent folder).
 */
export function recoverFolder(target: string): string {
  const { aside } = swapPaths(target);
  if (existsSync(target) || !existsSync(aside)) return target;
  try {
    renameSync(aside, target);
    return target;
  } catch {
    return aside;
  }
}

/**
 * Writes a new folder with `fill` and swaps it in for `target`. If `fill` or the swap fails before the
 * new folder is in place, the old target is kept (put back if it was already aside) and no temporary
 * folder is left.
 */
export function replaceFolder(target: string, fill: (folder: string) => void): void {
  const path = resolve(target);
  mkdirSync(dirname(path), { recursive: true });
  recoverFolder(path);
  const { temp, aside } = swapPaths(path);
  rmSync(aside, { recursive: true, force: true });
  removeStaleTemps(path);
  let movedAside = false;
  try {
    mkdirSync(temp);
    fill(temp);
    syncFolder(temp);
    if (existsSync(path)) {
      renameSync(path, aside);
      movedAside = true;
    }
    renameSync(temp, path);
  } catch (cause) {
    if (movedAside && !existsSync(path)) renameSync(aside, path);
    rmSync(temp, { recursive: true, force: true });
    throw cause;
  }
  // Renames are durable once the parent folder is flushed; only then may the old copy go.
  syncPath(dirname(path));
  rmSync(aside, { recursive: true, force: true });
}

/** Removes the temporary folders of runs that died while writing (killed, power loss) and of this process. */
function removeStaleTemps(target: string): void {
  const prefix = `.${basename(target)}.`;
  for (const name of readdirSync(dirname(target))) {
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!name.startsWith(prefix) || !name.endsWith('.tmp') || !Number.isInteger(pid)) continue;
    if (pid === process.pid || !isProcessAlive(pid)) rmSync(join(dirname(target), name), { recursive: true, force: true });
  }
}

/** Flushes the files of a folder and the folder itself, so that a power loss after the swap keeps them. */
function syncFolder(folder: string): void {
  for (const name of readdirSync(folder)) syncPath(join(folder, name));
  syncPath(folder);
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
