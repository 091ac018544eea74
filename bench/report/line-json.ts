// What writing the line findings of a JSON report costs: JSON.stringify on each finding (as the report
// did) against LineJson (report/line-json.ts), which escapes each repeated string once. On the
// every-site 200k-line bench log, analysed in process with the real model (its embedding cache under
// bench/work/, so that only the first run embeds), rounds interleaved, the fastest of each.
//
//   npm run build && npx tsx bench/report/line-json.ts [--rounds 7]

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyze } from '../../dist/pipeline/analyze.js';
import { LineJson } from '../../dist/report/line-json.js';
import { renderJson } from '../../dist/report/json-report.js';
import { makeLog } from '../parse/make-log.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } } });
const rounds = Number(values.rounds);
const work = fileURLToPath(new URL('../work/', import.meta.url));
const log = `${work}scan-200000-all.log`;
await makeLog({ lines: 200_000, out: log });
const analysis = await analyze({ paths: [log], cacheDir: `${work}cache-line-json` });

/** JSON.stringify of one finding two levels deep, as the report wrote every line finding before. */
function stringified(line: unknown): string {
  return JSON.stringify([[line]], null, 2).slice(6, -6);
}

const ways = {
  'JSON.stringify per finding': () => analysis.lines.reduce((chars, line) => chars + stringified(line).length, 0),
  LineJson: () => {
    const lineJson = new LineJson(stringified);
    return analysis.lines.reduce((chars, line) => chars + lineJson.render(line).length, 0);
  },
  'whole report (renderJson)': () => {
    let chars = 0;
    for (const piece of renderJson(analysis)) chars += piece.length;
    return chars;
  },
};
type Way = keyof typeof ways;
const best = Object.fromEntries(Object.keys(ways).map((way) => [way, Infinity])) as Record<Way, number>;
const chars = {} as Record<Way, number>;
for (let round = 0; round < rounds; round++) {
  const order = Object.keys(ways) as Way[];
  for (const way of round % 2 === 0 ? order : [...order].reverse()) {
    const started = performance.now();
    chars[way] = ways[way]();
    best[way] = Math.min(best[way], performance.now() - started);
  }
}
if (chars.LineJson !== chars['JSON.stringify per finding']) throw new Error('LineJson wrote other text than JSON.stringify');

const meta = runMeta(`npm run build && npx tsx bench/report/line-json.ts --rounds ${rounds}`);
const markdown = [
  '# The JSON report\'s line findings: JSON.stringify per finding against LineJson',
  '',
  describeRun(meta),
  '',
  `The every-site 200,000-line bench log analysed in process (${analysis.lines.length.toLocaleString('en')} line findings,`,
  `${(chars.LineJson / 1e6).toFixed(0)} million characters of them; the whole report ${(chars['whole report (renderJson)'] / 1e6).toFixed(0)} million). Each way renders every`,
  `line finding to strings, without writing them; the fastest of ${rounds} interleaved rounds. Both give the same text.`,
  '',
  '| way | ms |',
  '|---|---:|',
  ...(Object.keys(ways) as Way[]).map((way) => `| ${way} | ${best[way].toFixed(0)} |`),
  '',
  `LineJson takes ${(best.LineJson / best['JSON.stringify per finding']).toFixed(2)}× the time of JSON.stringify per finding. The`,
  'reasons, files, addresses and texts of line findings repeat from line to line, and fusion shares',
  'one string for each: LineJson escapes each once. Writing the report to a file also encodes it to',
  'UTF-8 and writes it, which this does not measure.',
  '',
].join('\n');
writeResults('report/line-json', meta, markdown, { rounds, lines: analysis.lines.length, chars, best });
console.log(markdown);
