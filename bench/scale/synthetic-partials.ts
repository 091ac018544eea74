// A partial store holding a given number of distinct request texts, each requested twice by clients of
// a pool of 5,000, as one map job would have written it: the reduce's input without the map's cost.
// Shared by distributed.bench.ts and reduce-cost.ts.

import type { LogRecord } from '../../src/types.js';
import { FolderStore } from '../../src/distributed/store/folder-store.js';

/** Letters g-z only, so that masking (hex runs, digits) leaves every text distinct. */
function word(random: () => number): string {
  const length = 5 + Math.floor(random() * 4);
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(103 + Math.floor(random() * 20));
  return out;
}

/** Writes the partial of scan `bench`, job 0, under `store`; returns its number of lines. */
export async function writeSyntheticPartials(store: string, distinct: number): Promise<number> {
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const sections = ['shop', 'blog', 'api/v2', 'static', 'account', 'search'];
  const partials = new FolderStore(store, 'bench');
  const writer = await partials.createWriter(0, 'records');
  let line = 0;
  let batch: LogRecord[] = [];
  for (let i = 0; i < distinct; i++) {
    const path = `/${sections[i % sections.length]}/${word(random)}/${word(random)}-${word(random)}`;
    for (let repeat = 0; repeat < 2; repeat++) {
      line++;
      batch.push({
        file: 'synthetic.log', line, timeMs: Date.UTC(2024, 0, 1) + line * 20, clientIp: `10.${(line % 5000) >> 8}.${line % 256}.${1 + (line % 200)}`,
        method: 'GET', path, query: '', protocol: 'HTTP/1.1', status: 200, bytes: 1000, durationMs: null,
        userAgent: 'Mozilla/5.0', referer: '', cookie: '', host: '', user: '', extras: null,
      });
      if (batch.length === 1000) {
        await writer.write(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0) await writer.write(batch);
  await writer.commit();
  const files = [{ file: 'synthetic.log', format: 'combined', records: line, malformed: 0, bytes: 0, lines: line }];
  await partials.writeSummary(0, {
    index: 0, input: 'synthetic.log', distinctTexts: distinct, warnings: [],
    ingest: { files, records: line, malformed: 0, malformedSample: [], formats: ['combined'], damaged: 0, skipped: [] },
  });
  return line;
}
