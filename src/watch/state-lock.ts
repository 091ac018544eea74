// One watcher per state folder: two would save each other's positions away, and judge lines twice.
// The lock file holds the owner's pid; a lock whose process is gone (kill -9) is taken over. Two
// watchers in one process share the pid, so the folders this process holds are also kept here, by
// real path: a lock file with our pid that no running watcher holds was left by one that ended.

import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { isProcessAlive } from '../process-alive.js';

const LOCK_FILE = 'watch.lock';

/** The real paths of the state folders the watchers of this process hold. */
const held = new Set<string>();

/** Takes the lock of `dir`, or throws when a live process (this one included) holds it; returns its release. */
export function lockStateFolder(dir: string): () => void {
  let real: string;
  try {
    mkdirSync(dir, { recursive: true });
    real = realpathSync(dir);
  } catch (cause) {
    throw new InputError('SEMLOG_STATE_UNWRITABLE', `cannot create the --state folder ${dir}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
      hint: '--state names a folder that semlog watch may create, read and write',
      cause,
    });
  }
  const path = join(dir, LOCK_FILE);
  if (held.has(real)) throw lockedBy(dir, process.pid, path);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(real);
      return () => {
        held.delete(real);
        rmSync(path, { force: true });
      };
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new InputError('SEMLOG_STATE_UNWRITABLE', `cannot lock ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause });
      }
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner)) throw lockedBy(dir, owner, path);
      rmSync(path, { force: true });
    }
  }
  throw new InputError('SEMLOG_STATE_LOCKED', `cannot lock ${path}: another watcher is starting with it`);
}

function lockedBy(dir: string, owner: number, path: string): InputError {
  return new InputError('SEMLOG_STATE_LOCKED', `${dir} is the state of another semlog watch (pid ${owner})`, {
    hint: owner === process.pid
      ? 'another watchLogs() call of this process follows it: give each watcher its own stateDir'
      : `give each watcher its own --state folder; if no semlog runs as pid ${owner}, remove ${path}`,
  });
}
