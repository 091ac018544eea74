import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import type { S3Object } from '../../../src/parse/s3/list-objects.js';
import { ObjectPrefetch, type OpenObject } from '../../../src/parse/s3/object-prefetch.js';

async function* chunks(...texts: string[]): AsyncGenerator<Buffer> {
  for (const text of texts) yield Buffer.from(text);
}

const objects = (sizes: number[]): S3Object[] => sizes.map((size, i) => ({ key: `k${i}`, size, lastModifiedMs: 0 }));

/** An opener whose bodies resolve when told to, recording which objects were opened and how often. */
function opener(failFirst: Set<string> = new Set()) {
  const opened: string[] = [];
  const open: OpenObject = async (object) => {
    opened.push(object.key);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (failFirst.delete(object.key)) {
      return (async function* () {
        yield Buffer.from('part');
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      })();
    }
    return chunks(`${object.key}:a`, `${object.key}:b`);
  };
  return { open, opened };
}

async function readAll(prefetch: ObjectPrefetch, index: number): Promise<string> {
  let text = '';
  for await (const chunk of prefetch.read(index)) text += chunk.toString();
  return text;
}

describe('ObjectPrefetch', () => {
  it('gives every object its own bytes in order while at most `ahead` wait ahead of the reader', async () => {
    const { open, opened } = opener();
    const prefetch = new ObjectPrefetch(objects([10, 10, 10, 10, 10, 10]), open, { ahead: 2, maxObjectBytes: 100 });
    expect(await readAll(prefetch, 0)).toBe('k0:ak0:b');
    expect(opened).toEqual(['k0', 'k1', 'k2']);
    expect(prefetch.prefetched).toBe(2);
    expect(await readAll(prefetch, 1)).toBe('k1:ak1:b');
    expect(opened).toEqual(['k0', 'k1', 'k2', 'k3']);
    for (let i = 2; i < 6; i++) expect(await readAll(prefetch, i)).toBe(`k${i}:ak${i}:b`);
    expect(opened).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']); // each object opened once
    expect(prefetch.prefetched).toBe(0);
  });

  it('streams an object larger than maxObjectBytes when its turn comes instead of holding it', async () => {
    const { open, opened } = opener();
    const prefetch = new ObjectPrefetch(objects([10, 1000, 10]), open, { ahead: 2, maxObjectBytes: 100 });
    await readAll(prefetch, 0);
    expect(opened).toEqual(['k0', 'k2']);
    expect(await readAll(prefetch, 1)).toBe('k1:ak1:b');
    expect(opened).toEqual(['k0', 'k2', 'k1']);
  });

  it('reads a download that broke off once more, streamed', async () => {
    const { open, opened } = opener(new Set(['k1']));
    const prefetch = new ObjectPrefetch(objects([10, 10]), open, { ahead: 1, maxObjectBytes: 100 });
    await readAll(prefetch, 0);
    expect(await readAll(prefetch, 1)).toBe('k1:ak1:b');
    expect(opened).toEqual(['k0', 'k1', 'k1']);
  });

  it('does not retry an access error, and never leaves an unhandled rejection', async () => {
    const denied = new InputError('SEMLOG_S3_ACCESS_DENIED', 'access denied');
    const open: OpenObject = async (object) => {
      if (object.key !== 'k0') throw denied;
      return chunks('ok');
    };
    const prefetch = new ObjectPrefetch(objects([10, 10, 10]), open, { ahead: 2, maxObjectBytes: 100 });
    expect(await readAll(prefetch, 0)).toBe('ok');
    await new Promise((resolve) => setImmediate(resolve)); // k1 and k2 have failed in the background (their open rejects at once)
    await expect(readAll(prefetch, 1)).rejects.toBe(denied);
  });
});
