// `semlog watch` and the terminal (cli/watch-run.ts): findings on stdout whose reader goes away end
// the run with exit 3 and a state that does not account for them; the start-up note counts the files
// followed, empty ones included.

import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STATE_FILE, type WatchState } from '../../src/watch/watch-state.js';
import { attackLines, judgedSeqs, killWatches, startWatch } from '../watch/watch-process.js';

afterEach(killWatches);
const start = startWatch;

const READER_GONE = 'semlog: cannot write findings to stdout: its reader went away (EPIPE)\n';

describe('semlog watch on stdout', () => {
  it('stops with exit 3 when the reader of stdout goes away, its state at the last findings written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-'));
    const log = join(dir, 'access.log');
    const state = join(dir, 'state');
    writeFileSync(log, attackLines(0, 100));
    const watch = start([log, '--state', state, '--from', 'start']);
    // The progress line comes after the state of the batch is saved.
    await watch.until(() => watch.judged === 100 && judgedSeqs(watch.stdout).length === 100, 'the first batch was read');
    watch.child.stdout.destroy(); // the reader goes away (`| head`): the next write meets EPIPE
    appendFileSync(log, attackLines(100, 200));
    // Before the fix it judged the batch, dropped its findings and went on: the progress line showed it.
    await watch.until(() => watch.child.exitCode !== null || watch.judged > 100, 'it exited or judged the second batch');
    expect(watch.judged, watch.stderr).toBe(100);
    expect((await watch.exited).code, watch.stderr).toBe(3);
    expect(watch.stderr).toContain(READER_GONE);
    expect(watch.stderr.split('\n').filter((line) => line.startsWith('semlog: '))).toEqual([READER_GONE.trim()]);
    // A restart judges lines 100-199 again: their findings were never written.
    const saved = JSON.parse(readFileSync(join(state, STATE_FILE), 'utf8')) as WatchState;
    expect(saved.files.map((f) => f.line)).toEqual([100]);
    expect(judgedSeqs(watch.stdout)).toEqual(Array.from({ length: 100 }, (_, k) => k));
  });

  it('stops with exit 3 when reading stdin that stays open (`tail -F … | semlog watch - | head`)', async () => {
    const watch = start(['-']);
    watch.child.stdout.destroy();
    // stdin is never ended: watch must end on its own.
    watch.child.stdin.write(attackLines(0, 10));
    const { code } = await watch.exited;
    expect(code, watch.stderr).toBe(3);
    expect(watch.stderr).toContain(READER_GONE);
  });
});

describe('semlog watch start-up note', () => {
  it('counts named files and glob matches that exist but are still empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-'));
    for (const name of ['a.log', 'b.log']) writeFileSync(join(dir, name), '');
    const one = start([join(dir, 'a.log')]);
    await one.ready();
    expect(one.stderr).toContain('semlog watch: following 1 file(s)\n');
    const both = start([join(dir, '*.log')]);
    await both.ready();
    expect(both.stderr).toContain('semlog watch: following 2 file(s)\n');
    // And they are followed: a line written later is judged.
    appendFileSync(join(dir, 'b.log'), attackLines(0, 1));
    await both.until(() => judgedSeqs(both.stdout).length === 1, 'the line written later was judged');
  });
});
