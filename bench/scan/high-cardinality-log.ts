// The high-cardinality log of issue #19: one real site's requests (elastic-apache-logs, replayed by
// make-log.ts) whose query strings carry unique values, as search terms and tracking parameters do.
// The values are vocabulary words (letters only), so that request-text masking keeps them: every line
// is a distinct text unless the draw repeats.

import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { defaultModelDir } from '../../src/embed/model-dir.js';
import { makeLog } from '../parse/make-log.js';

const WORDS = readFileSync(join(defaultModelDir(), 'vocab.txt'), 'utf8')
  .split('\n')
  .filter((word) => /^[a-z]{3,12}$/.test(word));

/** Writes `lines` lines to `out` (via `out`.replay); returns the number of lines written. */
export async function makeHighCardinalityLog(lines: number, out: string, seed = 7): Promise<number> {
  const replay = `${out}.replay`;
  await makeLog({ lines, out: replay, sources: ['elastic-apache-logs/apache_logs.log'], seed });
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const writer = createWriteStream(out);
  let written = 0;
  for await (const line of createInterface({ input: createReadStream(replay) })) {
    const rewritten = line.replace(/"(\w+) (\S+) (HTTP\/[\d.]+)"/, (_, method: string, target: string, version: string) => {
      const value = random() < 0.5 ? `q=${word()}+${word()}` : `utm_source=${word()}&utm_term=${word()}`;
      return `"${method} ${target}${target.includes('?') ? '&' : '?'}${value} ${version}"`;
    });
    if (!writer.write(`${rewritten}\n`)) await once(writer, 'drain');
    written++;
  }
  writer.end();
  await once(writer, 'finish');
  return written;
}
