// `--output json`: the whole Analysis as one document (the contract documented in the README).
//
// Written finding by finding (the writer packs the pieces into buffers), byte for byte what
// JSON.stringify(analysis, null, 2) gives: a log full of attacks can have a hundred thousand
// findings, and one string of the whole report doubled the scan's peak memory. The line findings,
// most of such a report, go through LineJson (line-json.ts), which escapes their repeated strings once.

import type { Analysis, LineFinding } from '../types.js';
import { LineJson } from './line-json.js';

/** The pieces go to the writer as they are: it packs them into buffers (cli/write-report.ts). */
export function renderJson(analysis: Analysis): Iterable<string> {
  return pieces(analysis);
}

function* pieces(analysis: Analysis): Iterable<string> {
  const keys = Object.keys(analysis) as Array<keyof Analysis>;
  const lineJson = new LineJson((line) => nested(line, 2));
  yield '{\n';
  for (const [k, key] of keys.entries()) {
    const value = analysis[key];
    const end = k === keys.length - 1 ? '\n' : ',\n';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let i = 0; i < value.length; i++) {
        const item = key === 'lines' ? lineJson.render(value[i] as LineFinding) : nested(value[i], 2);
        yield `${item}${i === value.length - 1 ? '\n' : ',\n'}`;
      }
      yield `  ]${end}`;
    } else {
      yield `  ${JSON.stringify(key)}: ${nested(value, 1).trimStart()}${end}`;
    }
  }
  yield '}\n';
}

/**
 * `value` as JSON.stringify(…, null, 2) writes it `depth` levels deep, indentation included. Wrapping
 * it in `depth` arrays lets JSON.stringify indent it; cutting the brackets off is cheaper than
 * re-indenting every line of a 70 MB report with a regular expression.
 */
function nested(value: unknown, depth: number): string {
  let wrapped: unknown = value;
  for (let d = 0; d < depth; d++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each level adds "[\n" + its indent before the value, and "\n" + its indent + "]" after it.
  let head = 0;
  for (let d = 0; d < depth; d++) head += 2 + 2 * d;
  return text.slice(head, text.length - head);
}
