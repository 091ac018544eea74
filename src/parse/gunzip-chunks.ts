// Gunzips a sequence of Buffers, handing over everything zlib decoded before it failed. A gunzip
// stream read by `for await` (or piped) drops the output it still buffers when it fails on damaged
// input, and how much it buffers at that moment depends on how fast it is read: a truncated .gz then
// gave 9,785 records in one run and 9,767 in the next. Here the gunzip stream is never paused, so
// each piece of output reaches a queue of ours as zlib makes it; back-pressure holds back the
// compressed input instead, a slice at a time, which bounds what one write can add to the queue.

import { createGunzip } from 'node:zlib';

/** Decoded bytes queued before no more input is written. */
const MAX_QUEUED_BYTES = 1024 * 1024;
/** Compressed bytes written at a time: zlib expands them at most ~1,000-fold, so one write adds at most ~16 MB. */
const INPUT_SLICE_BYTES = 16 * 1024;

/**
 * The gunzipped bytes of `source`, then the error that stopped zlib or `source` (after every byte
 * decoded before it). Stopping early (return) stops reading `source`.
 */
export async function* gunzipChunks(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  const queue: Buffer[] = [];
  let queued = 0;
  let failure: { error: unknown } | undefined;
  let ended = false;
  let stopped = false;
  // One waiter each: the consumer waits for output, the feeder for room in the queue.
  let wakeConsumer: (() => void) | undefined;
  let wakeFeeder: (() => void) | undefined;
  const wake = (which: 'consumer' | 'feeder'): void => {
    const resolve = which === 'consumer' ? wakeConsumer : wakeFeeder;
    if (which === 'consumer') wakeConsumer = undefined;
    else wakeFeeder = undefined;
    resolve?.();
  };
  const fail = (error: unknown): void => {
    failure ??= { error };
    wake('consumer');
    wake('feeder');
  };
  gunzip.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    wake('consumer');
  });
  gunzip.on('error', fail);
  gunzip.on('end', () => {
    ended = true;
    wake('consumer');
  });
  gunzip.on('drain', () => wake('feeder'));

  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        for (let at = 0; at < chunk.length; at += INPUT_SLICE_BYTES) {
          while (!stopped && failure === undefined && (queued > MAX_QUEUED_BYTES || gunzip.writableNeedDrain)) {
            await new Promise<void>((resolve) => (wakeFeeder = resolve));
          }
          if (stopped || failure !== undefined) return;
          gunzip.write(chunk.subarray(at, at + INPUT_SLICE_BYTES));
        }
      }
      if (!stopped && failure === undefined) gunzip.end();
    } catch (error) {
      fail(error);
    }
  })();

  try {
    for (;;) {
      if (queue.length > 0) {
        const chunk = queue.shift()!;
        queued -= chunk.length;
        if (queued <= MAX_QUEUED_BYTES) wake('feeder');
        yield chunk;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
  } finally {
    stopped = true;
    wake('feeder');
    gunzip.destroy();
    // Not awaited: the feeder may wait for input that an idle pipe never sends; it ends when the
    // caller stops the source (read-chunks.ts), and it catches its own errors.
    void feeding;
  }
}
