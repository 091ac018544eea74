// `--output json`: the whole Analysis as one document (the contract documented in the README).

import type { Analysis } from '../types.js';

export function* renderJson(analysis: Analysis): Iterable<string> {
  yield `${JSON.stringify(analysis, null, 2)}\n`;
}
