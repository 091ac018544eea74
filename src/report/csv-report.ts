// `--output csv`: one row per finding (ips first, then lines) in one table a spreadsheet can open.

import type { Analysis } from '../types.js';
import { csvRow } from './csv-cell.js';

const HEADER = ['type', 'score', 'ip', 'file', 'line', 'reasons', 'text'];

export function* renderCsv(analysis: Analysis): Iterable<string> {
  yield csvRow(HEADER);
  for (const ip of analysis.ips) yield csvRow(['ip', round(ip.score), ip.ip, '', '', ip.reasons.join('; '), '']);
  for (const line of analysis.lines) {
    yield csvRow(['line', round(line.score), line.ip, line.file, line.line, line.reasons.join('; '), line.text]);
  }
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
