// Reads LABELS.csv for `semlog tune`: a header naming at least `file`, `line` and `label` (in any
// order; other columns are ignored), then one row per labelled log line. Lines not listed are normal.

import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

export interface LabelRow {
  file: string;
  line: number;
  anomaly: boolean;
  /** Line of LABELS.csv, for error messages. */
  csvLine: number;
}

const REQUIRED = ['file', 'line', 'label'] as const;
const LABEL_VALUES: Readonly<Record<string, boolean>> = Object.freeze({ anomaly: true, normal: false });

export function readLabels(labelsFile: string): LabelRow[] {
  let text: string;
  try {
    text = readFileSync(labelsFile, 'utf8');
  } catch (cause) {
    throw new InputError('SEMLOG_BAD_LABELS', `cannot read ${labelsFile}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, { cause });
  }
  return parseLabels(text, labelsFile);
}

export function parseLabels(text: string, labelsFile: string): LabelRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((name) => name.trim().toLowerCase());
  const column = Object.fromEntries(REQUIRED.map((name) => [name, header.indexOf(name)])) as Record<(typeof REQUIRED)[number], number>;
  const missing = REQUIRED.filter((name) => column[name] < 0);
  if (missing.length > 0) {
    throw new InputError('SEMLOG_BAD_LABELS', `${labelsFile}:1: the header has no ${missing.join(', ')} column`, {
      hint: 'the first line must name the columns, e.g. file,line,label',
    });
  }
  const rows: LabelRow[] = [];
  lines.slice(1).forEach((raw, i) => {
    const csvLine = i + 2;
    if (raw.trim() === '') return;
    const fields = splitCsvLine(raw);
    const bad = (what: string) => new InputError('SEMLOG_BAD_LABELS', `${labelsFile}:${csvLine}: ${what}`);
    const file = fields[column.file]?.trim() ?? '';
    if (file === '') throw bad('empty file name');
    const lineText = fields[column.line]?.trim() ?? '';
    const line = Number(lineText);
    if (!/^\d+$/.test(lineText) || line < 1) throw bad(`line must be a positive whole number, got ${JSON.stringify(lineText)}`);
    const label = fields[column.label]?.trim().toLowerCase() ?? '';
    const anomaly = LABEL_VALUES[label];
    if (anomaly === undefined) throw bad(`label must be anomaly or normal, got ${JSON.stringify(label)}`);
    rows.push({ file, line, anomaly, csvLine });
  });
  return rows;
}

/** One CSV record on one line (RFC 4180 quoting; labels never need multi-line fields). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
