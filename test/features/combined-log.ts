// Test helper: a minimal Apache combined-format parser for the quality checks, so that they do not
// depend on the parse stage. Lines it cannot read are skipped (the parse stage owns malformed lines).
import { readFileSync } from 'node:fs';
import type { LogRecord } from '../../src/types.js';
import { record } from './record.js';

const LINE = /^(\S+) \S+ (\S+) \[([^\]]+)\] "(\S+) (\S+)(?: (\S+))?" (\d{3}) (\d+|-)(?: "([^"]*)" "([^"]*)")?/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseCombinedLine(text: string, file: string, line: number): LogRecord | undefined {
  // The ocatak scanner logs wrap each line in an extra pair of quotes.
  const body = text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
  const m = LINE.exec(body);
  if (m === null) return undefined;
  const target = m[5] ?? '/';
  const q = target.indexOf('?');
  return record({
    file,
    line,
    clientIp: m[1] ?? '',
    user: m[2] === '-' ? '' : (m[2] ?? ''),
    timeMs: apacheTime(m[3] ?? ''),
    method: m[4] ?? '',
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    protocol: m[6] ?? '',
    status: Number(m[7]),
    bytes: m[8] === '-' ? null : Number(m[8]),
    referer: m[9] === '-' ? '' : (m[9] ?? ''),
    userAgent: m[10] === '-' ? '' : (m[10] ?? ''),
  });
}

/** `17/May/2015:10:05:03 +0000` → epoch ms. */
function apacheTime(text: string): number | null {
  const m = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (m === null) return null;
  const utc = Date.UTC(Number(m[3]), MONTHS.indexOf(m[2] ?? ''), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  const offsetMs = (Number(m[8]) * 60 + Number(m[9])) * 60_000 * (m[7] === '-' ? -1 : 1);
  return utc - offsetMs;
}

export function readCombinedLog(path: string): LogRecord[] {
  const records: LogRecord[] = [];
  readFileSync(path, 'utf8').split(/\r?\n/).forEach((text, i) => {
    const parsed = parseCombinedLine(text, path, i + 1);
    if (parsed !== undefined) records.push(parsed);
  });
  return records;
}
