// Attaches the labels of LABELS.csv to the scanned lines: one label per record of the prepared scan.
// A file is matched by its resolved path, or else by a file name that only one input has, so labels
// written with another working folder still apply. Two spellings of one line that label it both ways
// are an error, as two rows of one spelling are (read-labels.ts).

import { basename, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { PreparedScan } from '../pipeline/prepare-scan.js';
import { LabelAgreement, type LabelRow } from './read-labels.js';

export interface LabelledLines {
  /** Per record of the scan (occurrence order): 1 anomaly, 0 normal. */
  labels: Uint8Array;
  anomalies: number;
  /** Per record: 1 where LABELS.csv names it (anomaly or normal), so that --suggest does not ask again. */
  listed: Uint8Array;
  /** Labelled lines that are no record of the scan (blank, malformed, or left out by the scope). */
  notScored: Array<{ file: string; line: number; anomaly: boolean }>;
}

export function labelLines(rows: readonly LabelRow[], prepared: PreparedScan, labelsFile: string): LabelledLines {
  const { occurrences, files } = prepared.state;
  // Record index by file and line; the last line seen per file bounds what a label may name.
  const recordAt = files.values.map(() => new Map<number, number>());
  const lastLine = new Uint32Array(files.values.length);
  for (let i = 0; i < occurrences.size; i++) {
    const fileId = occurrences.fileId(i);
    const line = occurrences.line(i);
    recordAt[fileId]!.set(line, i);
    if (line > lastLine[fileId]!) lastLine[fileId] = line;
  }
  const findFile = fileMatcher(files.values);
  const labels = new Uint8Array(occurrences.size);
  const listed = new Uint8Array(occurrences.size);
  const notScored: LabelledLines['notScored'] = [];
  const agreement = new LabelAgreement<number, LabelRow>(labelsFile);
  let anomalies = 0;
  for (const row of rows) {
    const fileId = findFile(row.file);
    if (fileId === undefined) {
      throw new InputError('SEMLOG_BAD_LABELS', `${labelsFile}:${row.csvLine}: ${row.file} is not one of the scanned files`, {
        hint: `scanned: ${files.values.slice(0, 5).join(', ')}${files.values.length > 5 ? ', …' : ''}`,
      });
    }
    if (row.line > lastLine[fileId]!) {
      throw new InputError('SEMLOG_BAD_LABELS', `${labelsFile}:${row.csvLine}: ${row.file} has no record on line ${row.line} (its last record is on line ${lastLine[fileId]})`);
    }
    const record = recordAt[fileId]!.get(row.line);
    if (record === undefined) {
      notScored.push({ file: row.file, line: row.line, anomaly: row.anomaly });
      continue;
    }
    agreement.add(record, row, (earlier) => `${row.file} line ${row.line} (also named ${earlier.file})`);
    listed[record] = 1;
    if (row.anomaly && labels[record] === 0) anomalies++;
    if (row.anomaly) labels[record] = 1;
  }
  return { labels, anomalies, listed, notScored };
}

function fileMatcher(scanned: readonly string[]): (file: string) => number | undefined {
  const byPath = new Map(scanned.map((name, id) => [resolve(name), id]));
  const byName = new Map<string, number | null>();
  scanned.forEach((name, id) => byName.set(basename(name), byName.has(basename(name)) ? null : id));
  return (file) => byPath.get(resolve(file)) ?? byName.get(basename(file)) ?? undefined;
}
