// `--output csv`: one row per finding (ips first, then lines) in one table a spreadsheet can open.

import type { Analysis } from '../types.js';
import { csvRow } from './csv-cell.js';

/** `labels`: a client's (hostile, crawler, …) or the fields a line's anomaly is in (request, userAgent, referer). */
const HEADER = ['type', 'score', 'ip', 'file', 'line', 'reasons', 'text', 'labels'];

export function* renderCsv(analysis: Analysis): Iterable<string> {
  yield csvRow(HEADER);
  for (const ip of analysis.ips) yield csvRow(['ip', round(ip.score), ip.ip, '', '', ip.reasons.join('; '), '', ip.labels.join(';')]);
  for (const line of analysis.lines) {
    yield csvRow(['line', round(line.score), line.ip, line.file, line.line, line.reasons.join('; '), line.text, line.fields.join(';')]);
  }
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
