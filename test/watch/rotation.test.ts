// Real rotation under a running `semlog watch`: Debian's logrotate (rename-and-create, and
// copytruncate) with its own config and state file, and a truncation done by hand; every line must be
// judged exactly once, and a finding read after a rotation names the file and line that hold it now.

import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, mkdtempSync, openSync, renameSync, symlinkSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { needs } from '../helpers/needs.js';
import { attackLines, exactlyOnce, judgedSeqs, misplaced, WatchProcess } from './watch-process.js';

const hasLogrotate = spawnSync('logrotate', ['--version']).status === 0;
let running: WatchProcess | undefined;

afterEach(() => {
  running?.child.kill('SIGKILL');
  running = undefined;
});

function logrotate(dir: string, log: string, directives: string): void {
  const config = join(dir, 'logrotate.conf');
  writeFileSync(config, `${log} {\n  rotate 5\n  missingok\n  ${directives}\n}\n`, { mode: 0o644 });
  execFileSync('logrotate', ['--force', '--state', join(dir, 'logrotate.state'), config]);
}

function start(args: string[]): WatchProcess {
  running = new WatchProcess(args);
  return running;
}

/** A log of lines 0-99, followed from its start by a watcher that has judged them. */
async function followHundred(): Promise<{ dir: string; log: string; watch: WatchProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, attackLines(0, 100));
  const watch = start([log, '--state', join(dir, 'state'), '--from', 'start']);
  await watch.until(() => watch.judged === 100, 'the first 100 lines were judged');
  return { dir, log, watch };
}

/** Makes `change` while the watcher is stopped (SIGSTOP), so that it sees the change only as a whole. */
function whileStopped(watch: WatchProcess, change: () => void): void {
  watch.child.kill('SIGSTOP');
  try {
    change();
  } finally {
    watch.child.kill('SIGCONT');
  }
}

/** SIGTERM ends the watcher with 130, and lines 0 to n-1 were judged exactly once. */
async function stopAndCheck(watch: WatchProcess, n: number): Promise<void> {
  watch.child.kill('SIGTERM');
  expect((await watch.exited).code).toBe(130);
  expect(exactlyOnce(judgedSeqs(watch.stdout), n)).toEqual({ missing: [], repeated: [] });
}

describe.runIf(needs(hasLogrotate, 'Debian logrotate (apt-get install logrotate)'))('semlog watch under logrotate', () => {
  it('follows rename-and-create rotation, reading what the writer still wrote to the renamed file', async () => {
    const { dir, log, watch } = await followHundred();
    // The web server keeps writing to its open file until it reopens its log after the rotation; the
    // watcher is stopped meanwhile, so that it sees the rotation only after those lines were written.
    whileStopped(watch, () => {
      const server = openSync(log, 'a');
      logrotate(dir, log, 'create\n  nocompress');
      writeSync(server, attackLines(100, 150));
      closeSync(server);
      appendFileSync(log, attackLines(150, 250));
    });
    await watch.until(() => watch.judged === 250, 'the rotated and the new file were read');
    await stopAndCheck(watch, 250);
    // Lines 100-149 were read from the renamed file: they carry its name, lines 101-150 of it.
    expect(misplaced(watch.stdout, 100)).toEqual([]);
    expect(watch.stdout).toContain(`"file":"${log}.1","fields":["request"],"line":150,`);
    expect(watch.stdout).toContain(`"file":"${log}","fields":["request"],"line":100,`);
  });

  it('follows copytruncate rotation: the copy gives the lines not yet read, the emptied file the new ones', async () => {
    const { dir, log, watch } = await followHundred();
    // Written while the watcher is stopped, just before the copy: only the copy still has them.
    whileStopped(watch, () => {
      appendFileSync(log, attackLines(100, 160));
      logrotate(dir, log, 'copytruncate\n  nocompress');
      appendFileSync(log, attackLines(160, 300));
    });
    await watch.until(() => watch.judged === 300, 'the copy and the emptied file were read');
    await stopAndCheck(watch, 300);
    // Lines 100-159, read from the copy, are its lines 101-160; the emptied file numbers from 1 again.
    expect(misplaced(watch.stdout, 100)).toEqual([]);
    expect(watch.stdout).toContain(`"file":"${log}.1","fields":["request"],"line":160,`);
    expect(watch.stdout).toContain(`"file":"${log}","fields":["request"],"line":140,`);
  });

  it('follows a glob across rotations with compression, and leaves the .gz files alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-'));
    const log = join(dir, 'access.log');
    // An old compressed log full of attacks: not to be judged again.
    writeFileSync(join(dir, 'access.log.9.gz'), gzipSync(attackLines(5000, 5100)));
    writeFileSync(log, attackLines(0, 100));
    const watch = start([join(dir, 'access.log*'), '--state', join(dir, 'state'), '--from', 'start']);
    await watch.until(() => watch.judged === 100, 'the first 100 lines were judged');
    for (let round = 1; round <= 3; round++) {
      logrotate(dir, log, 'create\n  compress\n  delaycompress');
      appendFileSync(log, attackLines(round * 100, round * 100 + 100));
      await watch.until(() => watch.judged === round * 100 + 100, `rotation ${round} was followed`);
    }
    await stopAndCheck(watch, 400);
  });
});

describe('semlog watch on a file changed under it', () => {
  it('follows a symlink (a Kubernetes container log) across a rotation of the file it points to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-'));
    mkdirSync(join(dir, 'pods'));
    mkdirSync(join(dir, 'containers'));
    const target = join(dir, 'pods', '0.log');
    const link = join(dir, 'containers', 'web.log');
    writeFileSync(target, attackLines(0, 100));
    symlinkSync(target, link);
    const watch = start([link, '--state', join(dir, 'state'), '--from', 'start']);
    await watch.until(() => watch.judged === 100, 'the first 100 lines were judged');
    // The kubelet renames the file the link points to, and starts a new one under the old name.
    whileStopped(watch, () => {
      appendFileSync(target, attackLines(100, 150));
      renameSync(target, `${target}.20261205-070000`);
      writeFileSync(target, attackLines(150, 250));
    });
    await watch.until(() => watch.judged === 250, 'the rotated and the new file were read');
    await stopAndCheck(watch, 250);
    expect(watch.stdout).toContain(`"file":"${link}"`);
    // The rotated file is not beside the link: its lines carry its own path.
    expect(misplaced(watch.stdout, 100)).toEqual([]);
    expect(watch.stdout).toContain(`"file":"${target}.20261205-070000","fields":["request"],"line":150,`);
  });

  it('finds a file renamed to a name only its inode tells, and names it, malformed lines too', async () => {
    const { dir, log, watch } = await followHundred();
    const renamed = join(dir, 'access.1.log');
    // logrotate's `extension .log` puts the number before the suffix: no longer a name that starts with access.log.
    whileStopped(watch, () => {
      appendFileSync(log, `${attackLines(100, 120)}not a log line\n${attackLines(120, 150)}`);
      renameSync(log, renamed);
      writeFileSync(log, attackLines(150, 250));
    });
    await watch.until(() => watch.judged === 250, 'the rotated and the new file were read');
    // The server writes on to the renamed file until it reopens its log.
    appendFileSync(renamed, attackLines(250, 260));
    await watch.until(() => watch.judged === 260, 'the renamed file was read again');
    await stopAndCheck(watch, 260);
    expect(misplaced(watch.stdout, 100)).toEqual([]);
    expect(watch.stdout).toContain(`{"type":"malformed","file":"${renamed}","line":121,`);
    expect(watch.stdout).toContain(`"file":"${renamed}","fields":["request"],"line":161,`);
    expect(watch.stdout).toContain(`"file":"${log}","fields":["request"],"line":100,`);
  });

  it('reads a file truncated and written past its old length again from its start', async () => {
    const { log, watch } = await followHundred();
    // Truncated and refilled while the watcher is stopped: its length alone cannot tell.
    whileStopped(watch, () => {
      truncateSync(log, 0);
      appendFileSync(log, attackLines(100, 250));
    });
    await watch.until(() => watch.judged === 250, 'the refilled file was read');
    await stopAndCheck(watch, 250);
  });

  it('does not read a half-written line until its newline arrives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-'));
    const log = join(dir, 'access.log');
    writeFileSync(log, '');
    const watch = start([log, '--state', join(dir, 'state')]);
    await watch.ready();
    const line = attackLines(10, 11);
    appendFileSync(log, attackLines(0, 10) + line.slice(0, 40));
    await watch.until(() => watch.judged === 10, 'the complete lines were judged');
    appendFileSync(log, line.slice(40));
    await watch.until(() => watch.judged === 11, 'the completed line was judged');
    watch.child.kill('SIGTERM');
    expect((await watch.exited).code).toBe(130);
    expect(exactlyOnce(judgedSeqs(watch.stdout), 11)).toEqual({ missing: [], repeated: [] });
    expect(watch.stdout).not.toContain('"type":"malformed"');
    // Its one request an attack, 10.0.0.10 is a hostile client too: its client finding follows the line's.
    const findings = watch.stdout.trim().split('\n').map((text) => JSON.parse(text) as { type?: string; line?: number });
    expect(findings.find((f) => f.line === 11)).toMatchObject({ line: 11, ip: '10.0.0.10', tags: ['xss'] });
  });
});
