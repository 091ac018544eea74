// The framing of a partial: each value v8-serialized, deflated, and prefixed with its length (4 bytes,
// little-endian), so that a reader streams values back without holding the whole partial.

import { deserialize, serialize } from 'node:v8';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Fast rather than small: a partial is written once and read once. */
const DEFLATE_LEVEL = 1;

/** The bytes of one frame: its length and its body. */
export function encodeFrame(value: unknown): [Buffer, Buffer] {
  const body = deflateRawSync(serialize(value), { level: DEFLATE_LEVEL });
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length);
  return [head, body];
}

/** A partial that ends inside a frame: cut short, or not a partial. */
export class CutFrameError extends Error {
  override readonly name = 'CutFrameError';
}

/**
 * The values of a stream of frames, in order. Throws CutFrameError when the stream ends inside a frame
 * (a partial cut short): `trailing bytes` says how much was left over.
 */
export async function* decodeFrames<T>(chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<T> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    let at = 0;
    while (pending.length - at >= 4 && pending.length - at - 4 >= pending.readUInt32LE(at)) {
      const size = pending.readUInt32LE(at);
      yield deserialize(inflateRawSync(pending.subarray(at + 4, at + 4 + size))) as T;
      at += 4 + size;
    }
    pending = pending.subarray(at);
  }
  if (pending.length > 0) throw new CutFrameError(`${pending.length} trailing bytes`);
}
