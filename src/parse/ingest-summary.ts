// Accumulates the IngestSummary of a run: per-file counts, the malformed sample, damage, progress.
import type { MalformedLine, ProgressListener } from '../types.js';
import type { Damage } from './read-chunks.js';

export interface FileSummary {
  file: string;
  format: string;
  records: number;
  malformed: number;
  /** Bytes of log text read (after gunzip). */
  bytes: number;
  /** Physical lines read (records, malformed, blank and `#` lines): a later byte range of the file numbers its lines after these. */
  lines: number;
  damaged?: Damage;
  /** Why the file was not read: found in a folder or by a glob, it is not a log semlog recognises (or not in the format given). */
  skipped?: string;
}

export interface IngestSummary {
  files: FileSummary[];
  records: number;
  malformed: number;
  /** The first `malformedSampleSize` malformed lines of the run, in input order. */
  malformedSample: MalformedLine[];
  /** Distinct formats, in order of appearance. */
  formats: string[];
  /** Files with damage (truncated .gz, read error mid-file). */
  damaged: number;
  /** Files found in a folder or by a glob that are not a recognised log, with the reason. */
  skipped: Array<{ file: string; reason: string }>;
}

/** Labels of inputs that were not parsed: no line, not a log we recognise, damaged before any line. */
const NOT_FORMATS: ReadonlySet<string> = new Set(['empty', 'skipped', 'unknown']);

/** How often progress is reported at most: a listener redrawing a terminal needs no more. */
export const PROGRESS_INTERVAL_MS = 100;

export class SummaryBuilder {
  readonly summary: IngestSummary = { files: [], records: 0, malformed: 0, malformedSample: [], formats: [], damaged: 0, skipped: [] };
  private lastProgressMs = -Infinity;

  constructor(private readonly sampleSize: number, private readonly onProgress: ProgressListener | undefined) {}

  startFile(file: string, format: string): FileSummary {
    const entry: FileSummary = { file, format, records: 0, malformed: 0, bytes: 0, lines: 0 };
    this.summary.files.push(entry);
    if (!NOT_FORMATS.has(format) && !this.summary.formats.includes(format)) this.summary.formats.push(format);
    return entry;
  }

  readonly addMalformed = (line: MalformedLine): void => {
    this.summary.malformed++;
    if (this.summary.malformedSample.length < this.sampleSize) this.summary.malformedSample.push(line);
  };

  addRecords(count: number): void {
    this.summary.records += count;
  }

  markDamaged(file: FileSummary, damage: Damage): void {
    file.damaged = damage;
    this.summary.damaged++;
  }

  /** Reports progress if PROGRESS_INTERVAL_MS passed since the last report, or always with `force`. */
  progress(force = false): void {
    if (this.onProgress === undefined) return;
    const now = performance.now();
    if (!force && now - this.lastProgressMs < PROGRESS_INTERVAL_MS) return;
    this.lastProgressMs = now;
    this.onProgress({ stage: 'parse', done: this.summary.records + this.summary.malformed });
  }
}
