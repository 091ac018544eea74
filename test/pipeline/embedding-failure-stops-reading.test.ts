// When the embedder fails, a scan stops reading at the next chunk of new texts instead of reading the
// rest of its input first (embed/in-flight.ts remembers the failure). Real parser over the elastic
// slice (test/fixtures/cli), each line made a distinct request so that every batch brings new texts.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogs, type LogStream } from '../../src/parse/read-logs.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const ELASTIC = readFileSync(new URL('../fixtures/cli/elastic-apache-300.log', import.meta.url), 'utf8').trimEnd().split('\n');
const LINES = 12_000;

/** i written in the letters a–z: a word of its own for every line. */
function word(i: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (i % 26)) + out;
    i = Math.floor(i / 26);
  } while (i > 0);
  return out;
}

describe('a scan whose embedder fails', () => {
  it('stops reading within a few batches of the failure, and reports the embedder error', async () => {
    // Each line asks for a page of its own (?topic=…, a word that masking keeps), so every
    // 1,000-line batch holds new texts.
    const lines = Array.from({ length: LINES }, (_, i) => ELASTIC[i % ELASTIC.length]!.replace(/"GET ([^ ?"]+)/, `"GET $1?topic=${word(i)}`));
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-failing-')), 'access.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const inner = readLogs([file]);
    let batches = 0;
    const records: LogStream = {
      get summary() {
        return inner.summary;
      },
      async *[Symbol.asyncIterator]() {
        for await (const batch of inner) {
          batches++;
          yield batch;
        }
      },
    };
    const unit = trigramEmbedder();
    const broken = { ...unit, embed: async () => Promise.reject(new Error('the model is broken')) };
    const error = await analyze({ paths: [file], records, embedder: broken, cacheDir: false }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('the model is broken');
    // 12 batches in the file; the failure of the first chunk (512 texts) stops the read within the
    // chunks allowed in flight (4 by default), long before the end.
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(6);
  });
});
