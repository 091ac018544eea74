// Writes a rendered report to stdout, or atomically to a file (temp file + rename), so that a failed
// run never leaves a half-written report in place of the last good one.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { InputError, InterruptedError, throwIfAborted } from '../errors.js';
import { signalsDelivered } from './interrupt-signal.js';

/**
 * An interrupt (`signal`) that arrives before the report is in place stops it: the run ends with 130
 * and writes no report, as the README says, rather than a report and 0.
 */
export async function writeReport(chunks: Iterable<string>, outFile: string | undefined, signal?: AbortSignal): Promise<void> {
  await signalsDelivered();
  if (!outFile) {
    throwIfAborted(signal);
    try {
      await writeChunks(process.stdout, chunks);
    } catch (cause) {
      const err = cause as NodeJS.ErrnoException;
      // The reader went away (`semlog scan … | head`): stop writing, as any Unix tool does.
      if (err.code === 'EPIPE') {
        process.stdout.on('error', () => {});
        return;
      }
      // Anything else (stdout redirected to a full disk, ENOSPC or EFBIG) loses the report.
      throw new InputError('SEMLOG_OUTPUT_FAILED', `cannot write the report to stdout: ${err.code ?? err.message}`, {
        hint: 'check where stdout goes and that its disk has free space, or write with --out FILE',
        cause,
      });
    }
    return;
  }
  const temp = tempFileOf(outFile);
  try {
    const stream = createWriteStream(temp);
    await writeChunks(stream, chunks);
    stream.end();
    await once(stream, 'finish');
    throwIfAborted(signal);
    await rename(temp, outFile);
  } catch (cause) {
    await rm(temp, { force: true });
    if (cause instanceof InterruptedError) throw cause;
    const err = cause as NodeJS.ErrnoException;
    throw new InputError('SEMLOG_OUTPUT_FAILED', `cannot write ${outFile}: ${err.code ?? err.message}`, {
      hint: 'check that the folder exists, is writable and has free space',
      cause,
    });
  }
}

/** The file a report to `outFile` is written to before it is renamed into place: beside it, hidden. */
export function tempFileOf(outFile: string): string {
  return join(dirname(outFile), `.${basename(outFile)}.${process.pid}.tmp`);
}

/**
 * Pieces are encoded into buffers of this many bytes before they go to the stream: a write per
 * finding cost an event-loop turn per 16 KB, and joining the pieces into megabyte strings first
 * copied an 80 MB report once more (the every-site bench log).
 */
const BUFFER_BYTES = 1 << 20;
/** UTF-8 bytes a UTF-16 code unit can take: a piece this many times its length always fits. */
const MAX_BYTES_PER_UNIT = 3;

export async function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<void> {
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  const write = async (data: string | Buffer) => {
    if (!stream.write(data)) await Promise.race([once(stream, 'drain'), failed]);
  };
  let buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    const full = buffer.subarray(0, used);
    buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    used = 0;
    await write(full);
  };
  for (const chunk of chunks) {
    const most = chunk.length * MAX_BYTES_PER_UNIT;
    if (most > BUFFER_BYTES - used) {
      await flush();
      // Pieces never split a character, so each one can be encoded on its own.
      if (most > BUFFER_BYTES) {
        await write(chunk);
        continue;
      }
    }
    used += buffer.write(chunk, used);
  }
  await flush();
  // Surface an error that arrived after the last write (ENOSPC is often reported late).
  await Promise.race([new Promise<void>((resolve) => setImmediate(resolve)), failed]);
}
