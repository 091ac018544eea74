// gunzipChunks hands over everything zlib decoded before damage, whatever the pace of its reader, and
// the damage after it.
import { setImmediate as turn } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { gunzipChunks } from '../../src/parse/gunzip-chunks.js';

const TEXT = Array.from({ length: 100_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 97)}`).join('\n') + '\n';
const GZ = gzipSync(TEXT);

async function* pieces(bytes: Buffer, size: number, failWith?: Error): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  if (failWith) throw failWith;
}

/** The bytes read, and the code of the error that ended the read; `slow` yields to the event loop after every chunk. */
async function drain(source: AsyncIterable<Buffer>, slow: boolean): Promise<{ bytes: Buffer; code: string | undefined }> {
  const out: Buffer[] = [];
  try {
    for await (const chunk of gunzipChunks(source)) {
      out.push(chunk);
      if (slow) await turn();
    }
  } catch (error) {
    return { bytes: Buffer.concat(out), code: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
  return { bytes: Buffer.concat(out), code: undefined };
}

describe('gunzipChunks', () => {
  test('a whole file: every byte, in order', async () => {
    const { bytes, code } = await drain(pieces(GZ, 64 * 1024), false);
    expect(code).toBeUndefined();
    expect(bytes.toString()).toBe(TEXT);
  });

  test('a truncated file: a decoded prefix of the text, then Z_BUF_ERROR; the same for a fast and a slow reader', async () => {
    const cut = GZ.subarray(0, Math.floor(GZ.length / 2));
    const fast = await drain(pieces(cut, 64 * 1024), false);
    const slow = await drain(pieces(cut, 64 * 1024), true);
    expect(fast.code).toBe('Z_BUF_ERROR');
    expect(slow.code).toBe('Z_BUF_ERROR');
    expect(fast.bytes.length).toBeGreaterThan(TEXT.length / 4);
    expect(slow.bytes.equals(fast.bytes)).toBe(true);
    expect(TEXT.startsWith(fast.bytes.toString())).toBe(true);
  });

  test('an error of the source comes after the bytes decoded before it', async () => {
    const { bytes, code } = await drain(pieces(GZ.subarray(0, 40_000), 10_000, new Error('disk gone')), true);
    expect(code).toBe('disk gone');
    expect(bytes.length).toBeGreaterThan(0);
    expect(TEXT.startsWith(bytes.toString())).toBe(true);
  });

  test('a reader that stops early stops the source', async () => {
    let read = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const piece of pieces(GZ, 1024)) {
        read++;
        yield piece;
      }
    }
    for await (const _ of gunzipChunks(counted())) break;
    await turn();
    expect(read).toBeLessThan(Math.ceil(GZ.length / 1024));
  });
});
