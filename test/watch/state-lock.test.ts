// One watcher per state folder, in one process too: two watchLogs() calls share the pid, so the
// lock file alone cannot tell them apart (src/watch/state-lock.ts keeps the folders held by real path).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, InterruptedError } from '../../src/errors.js';
import type { FindingSink } from '../../src/watch/finding-sink.js';
import { lockStateFolder } from '../../src/watch/state-lock.js';
import { watchLogs, type WatchEvent } from '../../src/watch/watch-logs.js';

const sink: FindingSink = { bytes: null, write: async () => {}, close: () => {} };

/** A watcher of `log` with `stateDir`, resolved once it is ready. */
async function startWatcher(log: string, stateDir: string) {
  const controller = new AbortController();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const run = watchLogs({ paths: [log], stateDir, sink, signal: controller.signal, pollMs: 10, onEvent: (event: WatchEvent) => event.type === 'ready' && ready() });
  run.catch(() => {});
  await Promise.race([isReady, run]);
  return { run, stop: () => controller.abort() };
}

describe('the state lock', () => {
  it('refuses a second watchLogs() on the same stateDir in the same process, and lets one in once the first ended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-lock-'));
    const log = join(dir, 'access.log');
    writeFileSync(log, '');
    const state = join(dir, 'state');
    const first = await startWatcher(log, state);
    symlinkSync(state, join(dir, 'same-state'));
    for (const stateDir of [state, join(dir, 'same-state')]) {
      // Without the lock it would run until the timeout.
      const error = await watchLogs({ paths: [log], stateDir, sink, signal: AbortSignal.timeout(2000) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ code: 'SEMLOG_STATE_LOCKED', exitCode: 3, message: `${stateDir} is the state of another semlog watch (pid ${process.pid})` });
    }
    first.stop();
    await expect(first.run).rejects.toThrow(InterruptedError);
    // Released when it ended: the next watcher takes the folder.
    const next = await startWatcher(log, state);
    next.stop();
    await expect(next.run).rejects.toThrow(InterruptedError);
  });

  it('takes over a lock file left by this process or by one that is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-lock-'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    for (const pid of [process.pid, gone]) {
      writeFileSync(join(dir, 'watch.lock'), `${pid}\n`);
      const release = lockStateFolder(dir);
      expect(() => lockStateFolder(dir)).toThrow(/is the state of another semlog watch/);
      release();
    }
  });
});
