// Reads LABELS.csv for `semlog tune`: a header naming at least `file`, `line` and `label` (line
// labels) or `ip` and `label` (client labels), in any order (other columns are ignored), then one row
// per labelled log line or client. Lines and clients not listed are normal.

import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { InputError, UsageError } from '../errors.js';

export interface LabelRow {
  file: string;
  line: number;
  anomaly: boolean;
  /** Line of LABELS.csv, for error messages. */
  csvLine: number;
}

export interface ClientLabelRow {
  ip: string;
  anomaly: boolean;
  csvLine: number;
}

/** A labels file holds one kind of labels, told apart by its header. */
export type LabelFile = { kind: 'lines'; rows: LabelRow[] } | { kind: 'clients'; rows: ClientLabelRow[] };

const REQUIRED = ['file', 'line', 'label'] as const;
const LABEL_VALUES: Readonly<Record<string, boolean>> = Object.freeze({ anomaly: true, normal: false });

export function readLabels(labelsFile: string): LabelFile {
  let text: string;
  try {
    text = readFileSync(labelsFile, 'utf8');
  } catch (cause) {
    throw new InputError('SEMLOG_BAD_LABELS', `cannot read ${labelsFile}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, { cause });
  }
  return parseLabelFile(text, labelsFile);
}

/** Line labels (`file,line,label`) or client labels (`ip,label`), by the header; a header of neither kind is a usage error. */
export function parseLabelFile(text: string, labelsFile: string): LabelFile {
  const { header } = csvRecords(text);
  const isClients = header.includes('ip') && header.includes('label') && !header.includes('file') && !header.includes('line');
  return isClients ? { kind: 'clients', rows: parseClientLabels(text, labelsFile) } : { kind: 'lines', rows: parseLabels(text, labelsFile) };
}

export function parseLabels(text: string, labelsFile: string): LabelRow[] {
  const { header, records } = csvRecords(text);
  const column = Object.fromEntries(REQUIRED.map((name) => [name, header.indexOf(name)])) as Record<(typeof REQUIRED)[number], number>;
  const missing = REQUIRED.filter((name) => column[name] < 0);
  if (missing.length > 0) {
    throw new UsageError(`${labelsFile}:1: the header has no ${missing.join(', ')} column: it is neither line labels nor client labels`, {
      hint: 'the first line must name the columns: file,line,label (labelled log lines) or ip,label (labelled clients)',
    });
  }
  return records.map(({ fields, csvLine }) => {
    const bad = (what: string) => new InputError('SEMLOG_BAD_LABELS', `${labelsFile}:${csvLine}: ${what}`);
    const file = fields[column.file]?.trim() ?? '';
    if (file === '') throw bad('empty file name');
    const lineText = fields[column.line]?.trim() ?? '';
    const line = Number(lineText);
    if (!/^\d+$/.test(lineText) || line < 1) throw bad(`line must be a positive whole number, got ${JSON.stringify(lineText)}`);
    const anomaly = labelValue(fields[column.label]);
    if (anomaly === undefined) throw bad(`label must be anomaly or normal, got ${JSON.stringify(fields[column.label]?.trim().toLowerCase() ?? '')}`);
    return { file, line, anomaly, csvLine };
  });
}

/** Client labels: a header naming `ip` and `label`, then one row per client. */
export function parseClientLabels(text: string, labelsFile: string): ClientLabelRow[] {
  const { header, records } = csvRecords(text);
  const ipColumn = header.indexOf('ip');
  const labelColumn = header.indexOf('label');
  return records.map(({ fields, csvLine }) => {
    const bad = (what: string) => new InputError('SEMLOG_BAD_LABELS', `${labelsFile}:${csvLine}: ${what}`);
    const ip = fields[ipColumn]?.trim() ?? '';
    if (isIP(ip) === 0) throw bad(`ip must be an IPv4 or IPv6 address, got ${JSON.stringify(ip)}`);
    const anomaly = labelValue(fields[labelColumn]);
    if (anomaly === undefined) throw bad(`label must be anomaly or normal, got ${JSON.stringify(fields[labelColumn]?.trim() ?? '')}`);
    return { ip, anomaly, csvLine };
  });
}

/** The header's column names (trimmed, lower case) and the non-blank records with their line in the file. */
function csvRecords(text: string): { header: string[]; records: Array<{ fields: string[]; csvLine: number }> } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((name) => name.trim().toLowerCase());
  const records = lines
    .map((raw, i) => ({ raw, csvLine: i + 1 }))
    .slice(1)
    .filter(({ raw }) => raw.trim() !== '')
    .map(({ raw, csvLine }) => ({ fields: splitCsvLine(raw), csvLine }));
  return { header, records };
}

function labelValue(field: string | undefined): boolean | undefined {
  return LABEL_VALUES[field?.trim().toLowerCase() ?? ''];
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
