// Reads LABELS.csv for `semlog tune`: a header naming at least `file`, `line` and `label` (line
// labels) or `ip` and `label` (client labels), in any order (other columns are ignored), then one row
// per labelled log line or client. Lines and clients not listed are normal. A line or client labelled
// both anomaly and normal is an error, not a silent choice of one of the two.

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
  const { header } = csvRecords(text, labelsFile);
  const isClients = header.includes('ip') && header.includes('label') && !header.includes('file') && !header.includes('line');
  return isClients ? { kind: 'clients', rows: parseClientLabels(text, labelsFile) } : { kind: 'lines', rows: parseLabels(text, labelsFile) };
}

export function parseLabels(text: string, labelsFile: string): LabelRow[] {
  const { header, records } = csvRecords(text, labelsFile);
  const column = Object.fromEntries(REQUIRED.map((name) => [name, header.indexOf(name)])) as Record<(typeof REQUIRED)[number], number>;
  const missing = REQUIRED.filter((name) => column[name] < 0);
  if (missing.length > 0) {
    throw new UsageError(`${labelsFile}:1: the header has no ${missing.join(', ')} column: it is neither line labels nor client labels`, {
      hint: 'the first line must name the columns: file,line,label (labelled log lines) or ip,label (labelled clients)',
    });
  }
  const rows = records.map(({ fields, csvLine }) => {
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
  const agreement = new LabelAgreement<string, LabelRow>(labelsFile);
  for (const row of rows) agreement.add(`${row.file}\0${row.line}`, row, () => `${row.file} line ${row.line}`);
  return rows;
}

/** Client labels: a header naming `ip` and `label`, then one row per client. */
export function parseClientLabels(text: string, labelsFile: string): ClientLabelRow[] {
  const { header, records } = csvRecords(text, labelsFile);
  const ipColumn = header.indexOf('ip');
  const labelColumn = header.indexOf('label');
  const rows = records.map(({ fields, csvLine }) => {
    const bad = (what: string) => new InputError('SEMLOG_BAD_LABELS', `${labelsFile}:${csvLine}: ${what}`);
    const ip = fields[ipColumn]?.trim() ?? '';
    if (isIP(ip) === 0) throw bad(`ip must be an IPv4 or IPv6 address, got ${JSON.stringify(ip)}`);
    const anomaly = labelValue(fields[labelColumn]);
    if (anomaly === undefined) throw bad(`label must be anomaly or normal, got ${JSON.stringify(fields[labelColumn]?.trim() ?? '')}`);
    return { ip, anomaly, csvLine };
  });
  const agreement = new LabelAgreement<string, ClientLabelRow>(labelsFile);
  for (const row of rows) agreement.add(row.ip.toLowerCase(), row, () => `client ${row.ip}`);
  return rows;
}

/** What a label row must say for LabelAgreement: its label and where it stands in the file. */
interface LabelledRow {
  anomaly: boolean;
  csvLine: number;
}

/**
 * The first row that labelled each key (a line, a client): a later row that labels it the other way
 * is an input error naming both rows; rows that repeat a label agree. Rows are checked as written
 * (parseLabels, parseClientLabels) and again once two spellings turn out to be one line or client
 * (label-lines.ts, label-clients.ts).
 */
export class LabelAgreement<Key, Row extends LabelledRow> {
  readonly #first = new Map<Key, Row>();

  constructor(private readonly labelsFile: string) {}

  /** `what` names the key in the message (`access.log line 10`, `client 203.0.113.9`), given the earlier row. */
  add(key: Key, row: Row, what: (earlier: Row) => string): void {
    const earlier = this.#first.get(key);
    if (earlier === undefined) this.#first.set(key, row);
    else if (earlier.anomaly !== row.anomaly) throw contradiction(earlier, row, what(earlier), this.labelsFile);
  }
}

function contradiction(earlier: LabelledRow, later: LabelledRow, what: string, labelsFile: string): InputError {
  const label = (anomaly: boolean) => (anomaly ? 'anomaly' : 'normal');
  return new InputError(
    'SEMLOG_BAD_LABELS',
    `${labelsFile}:${later.csvLine}: ${what} is labelled ${label(later.anomaly)}, but ${labelsFile}:${earlier.csvLine} labels it ${label(earlier.anomaly)}`,
    { hint: 'keep one of the two rows: a line or client is either an anomaly or normal' },
  );
}

/** The header's column names (trimmed, lower case) and the non-blank records with their line in the file. */
function csvRecords(text: string, labelsFile: string): { header: string[]; records: Array<{ fields: string[]; csvLine: number }> } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fieldsOf = (raw: string, csvLine: number): string[] => {
    const fields = splitCsvLine(raw);
    if (fields !== undefined) return fields;
    // Taken as it is, the open quote swallows the commas after it, and a later check blames the wrong column.
    throw new InputError('SEMLOG_BAD_LABELS', `${labelsFile}:${csvLine}: a quote (") opens a field that the line does not close`, {
      hint: 'close the quoted field with a ", or write a " inside a quoted field as ""; a field without commas needs no quotes',
    });
  };
  const header = fieldsOf(lines[0] ?? '', 1).map((name) => name.trim().toLowerCase());
  const records = lines
    .map((raw, i) => ({ raw, csvLine: i + 1 }))
    .slice(1)
    .filter(({ raw }) => raw.trim() !== '')
    .map(({ raw, csvLine }) => ({ fields: fieldsOf(raw, csvLine), csvLine }));
  return { header, records };
}

function labelValue(field: string | undefined): boolean | undefined {
  return LABEL_VALUES[field?.trim().toLowerCase() ?? ''];
}

/** One CSV record on one line (RFC 4180 quoting; labels never need multi-line fields); undefined when a quote is left open. */
function splitCsvLine(line: string): string[] | undefined {
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
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}
