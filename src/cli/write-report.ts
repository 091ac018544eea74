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
  const temp = join(dirname(outFile), `.${basename(outFile)}.${process.pid}.tmp`);
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

async function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<void> {
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
  }
  // Surface an error that arrived after the last write (ENOSPC is often reported late).
  await Promise.race([new Promise<void>((resolve) => setImmediate(resolve)), failed]);
}
