// writeReport packs the rendered pieces into buffers: the file must hold exactly their UTF-8 bytes.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { writeChunks, writeReport } from '../../src/cli/write-report.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes pieces of every size, non-ASCII across buffer boundaries included, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-write-report-'));
    dirs.push(dir);
    const out = join(dir, 'report.json');
    // Small pieces with 2-, 3- and 4-byte characters that fill several megabyte buffers, then one
    // piece bigger than a buffer, then small ones again.
    const pieces = [
      ...Array.from({ length: 60_000 }, (_, i) => `{"n": ${i}, "σ": "4.0σ – … 😀"},\n`),
      'x€'.repeat(700_000),
      ...Array.from({ length: 10 }, (_, i) => `tail ${i} ü\n`),
    ];
    await writeReport(pieces, out);
    expect(readFileSync(out).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });

  it('never refills a buffer the stream has not written yet, however slow the stream', async () => {
    // Each write is taken a few event-loop turns later, as a slow disk or pipe would: a buffer the
    // writer filled again too early (reusing buffers to save allocations would invite it) would show
    // up as corrupted bytes.
    const received: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        setImmediate(() => setImmediate(() => {
          received.push(Buffer.from(chunk));
          done();
        }));
      },
    });
    const pieces = Array.from({ length: 200_000 }, (_, i) => `piece ${i} – ü\n`);
    await writeChunks(slow, pieces);
    expect(Buffer.concat(received).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(received.length).toBeGreaterThan(2); // several megabyte buffers, so both took turns
  });

  it('fails with the stream’s error', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      },
    });
    await expect(writeChunks(broken, Array.from({ length: 100_000 }, () => 'x'.repeat(40)))).rejects.toThrow(/no space left/);
  });
});
