import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StdinLines } from '../../src/watch/stdin-lines.js';
import type { ReadPiece } from '../../src/watch/read-new-lines.js';

/** The lines of the `lines` pieces of a take, as text. */
function linesOf(pieces: readonly ReadPiece[]): string[] {
  return pieces.flatMap((p) => (p.kind === 'lines' ? p.bytes.toString().split('\n').slice(0, -1) : []));
}

/** Resolves once the stream has no more to give until it is resumed or written to. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('StdinLines', () => {
  it('gives at most its budget of lines a take, in order, with their line numbers', async () => {
    const stream = new PassThrough();
    const stdin = new StdinLines(stream, 100, 1024);
    const all = Array.from({ length: 300 }, (_, k) => `line ${String(k).padStart(4, '0')} ${'x'.repeat(20)}`);
    // A line a write: a pipe's chunks (64 KiB at most) are far smaller than a real budget (4 MiB).
    for (const line of all) stream.write(`${line}\n`);
    await settled();
    const got: string[] = [];
    const before: number[] = [];
    // The stream pauses while twice the budget is held: what it holds back comes after takes.
    for (let k = 0; k < 1000 && got.length < all.length; k++) {
      const take = stdin.take();
      if (take === undefined) {
        await settled();
        continue;
      }
      const lines = linesOf(take.pieces);
      // A take ends with the chunk that reaches its budget.
      expect(lines.join('\n').length).toBeLessThan(1024 + 31);
      before.push(take.lineBefore);
      got.push(...lines);
    }
    expect(got).toEqual(all);
    expect(before[0]).toBe(0);
    expect(before.length).toBeGreaterThan(1);
  });

  it('pauses the stream while twice its budget is held, and resumes it as takes drain it', async () => {
    const stream = new PassThrough({ highWaterMark: 64 });
    const stdin = new StdinLines(stream, 100, 256);
    const line = `${'y'.repeat(31)}\n`;
    let written = 0;
    // Write until the stream pushes back: with the reader paused, the pipe fills.
    while (stream.write(line)) written++;
    written++;
    await settled();
    expect(stream.isPaused()).toBe(true);
    let lines = 0;
    for (let k = 0; k < 1000 && lines < written; k++) {
      const take = stdin.take();
      if (take === undefined) await settled();
      else lines += linesOf(take.pieces).length;
    }
    expect(lines).toBe(written);
    expect(stream.isPaused()).toBe(false);
  });

  it('cuts a line that outgrows the longest line, and gives a last line without a newline when the stream ends', async () => {
    const stream = new PassThrough();
    const stdin = new StdinLines(stream, 10, 64);
    const pieces: ReadPiece[] = [];
    stream.write(`short\n${'z'.repeat(30)}`);
    await settled();
    pieces.push(...stdin.take()!.pieces);
    stream.end(`${'z'.repeat(5)}\nlast`);
    await settled();
    for (let take = stdin.take(); take !== undefined; take = stdin.take()) pieces.push(...take.pieces);
    expect(pieces.map((p) => p.kind)).toEqual(['lines', 'overlong', 'lineEnd', 'lines']);
    expect(linesOf(pieces)).toEqual(['short', 'last']);
    expect(stdin.done).toBe(true);
  });

  it('stops reading when closed, and leaves the stream open (it belongs to the caller)', async () => {
    const stream = new PassThrough();
    const stdin = new StdinLines(stream, 100, 1024);
    stream.write('one\n');
    await settled();
    stdin.close();
    expect(stream.listenerCount('data')).toBe(0);
    expect(stream.isPaused()).toBe(true);
    expect(stream.destroyed).toBe(false);
    stream.write('two\n');
    await settled();
    expect(linesOf(stdin.take()!.pieces)).toEqual(['one']);
    expect(stdin.take()).toBeUndefined();
  });
});
