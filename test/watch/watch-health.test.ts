// Health of a running watcher: bytes behind the followed files, lines per second on a hand-made
// clock, and the --health line of the real bin.
import { mkdtempSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followLag, HealthClock } from '../../src/watch/watch-health.js';
import type { FileState } from '../../src/watch/watch-state.js';
import { attackLines, WatchProcess } from './watch-process.js';

function stateOf(path: string, offset: number, overrides: Partial<FileState> = {}): FileState {
  const stat = statSync(path, { bigint: true });
  return {
    origin: path, path, name: path, dev: String(stat.dev), ino: String(stat.ino), fingerprint: { bytes: 0, sha256: '' },
    offset, line: 0, skipping: false, format: null, seenMs: 0, gone: false, ...overrides,
  };
}

let watcher: WatchProcess | undefined;
afterEach(async () => {
  watcher?.child.kill('SIGKILL');
  await watcher?.exited;
});

describe('followLag', () => {
  it('counts the bytes each followed file holds beyond its offset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-health-'));
    const a = join(dir, 'a.log');
    const b = join(dir, 'b.log');
    writeFileSync(a, 'x'.repeat(100));
    writeFileSync(b, 'y'.repeat(30));
    expect(followLag([stateOf(a, 40), stateOf(b, 30)])).toBe(60);
    // A file that is gone, or another file now at its path (rotated), is not behind.
    expect(followLag([stateOf(a, 40, { gone: true })])).toBe(0);
    expect(followLag([stateOf(a, 40, { ino: '1' })])).toBe(0);
    expect(followLag([stateOf(a, 40, { path: join(dir, 'missing.log') })])).toBe(0);
  });
});

describe('HealthClock', () => {
  it('reports the rate since the last report, once per period', () => {
    let now = 1000;
    const clock = new HealthClock(2000, () => now);
    now = 2999;
    expect(clock.due(500)).toBeUndefined();
    now = 3000;
    // 500 records in 2 s.
    expect(clock.due(500)).toBe(250);
    now = 7000;
    // 300 more in 4 s.
    expect(clock.due(800)).toBe(75);
  });
});

describe('watch --health', () => {
  it('prints lines/s, lag, clients and texts kept', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'semlog-health-')), 'access.log');
    writeFileSync(log, '');
    watcher = new WatchProcess([log, '--health', '1']);
    await watcher.ready();
    appendFileSync(log, attackLines(0, 50));
    await watcher.until(() => /health: .* 50 records in all/.test(watcher!.stderr), 'a health line after 50 records');
    const health = /health: (\d+) lines\/s, lag (\d+) bytes, newest request [\d.]+ s old; (\d+) clients \((\d+) requests\), (\d+) texts kept; 50 records in all/.exec(watcher.stderr);
    expect(health).not.toBeNull();
    expect(Number(health![2])).toBe(0);
    // 50 lines from 50 addresses, one text.
    expect(Number(health![3])).toBe(50);
    expect(Number(health![4])).toBe(50);
    expect(Number(health![5])).toBe(1);
  });

  it('says how many records came after their time window was judged', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'semlog-health-')), 'access.log');
    writeFileSync(log, '');
    watcher = new WatchProcess([log, '--health', '1']);
    await watcher.ready();
    const line = (minute: number, k: number) => `198.51.100.${k} - - [05/Dec/2026:08:${String(minute).padStart(2, '0')}:00 +0000] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n`;
    // Minutes 0 and 10: the clock is then past the end of 08:00-08:05 by more than a minute, which is judged.
    appendFileSync(log, [0, 1, 2, 3, 4].map((k) => line(0, k)).join('') + [0, 1, 2, 3, 4].map((k) => line(10, k)).join(''));
    await watcher.until(() => /health: .* 10 records in all/.test(watcher!.stderr), 'a health line after 10 records');
    // Three more lines of 08:01: their window was judged.
    appendFileSync(log, [5, 6, 7].map((k) => line(1, k)).join(''));
    await watcher.until(() => /health: .* 13 records in all; 3 in no time window \(too late for theirs, or an hour ahead of the log's clock\)/.test(watcher!.stderr), 'the late records in a health line');
  });
});
