// A baseline judges a log of another kind than the logs it learned: one that knows a web server's
// combined log has never seen a CloudFront or WAF log's requests, fields and values (another layer,
// most often another site), so a scan of one against it finds nearly every request new (3,000 of
// 3,000 CloudFront lines against a combined log's baseline). The baseline records the formats it was
// trained on (meta.json `formats`); scan (detect-anomalies.ts) and watch (watch-input-warnings.ts) say
// so in their warnings when an input's format is not among them. Baselines trained before `formats`
// was recorded are not checked.

import type { FileSummary } from '../parse/ingest-summary.js';

/**
 * The formats of a web server's own access log: a site logs the same requests in any of them, so a
 * baseline of one judges the others fairly (a combined baseline, a common log of the same server).
 */
const SERVER_LOG_FORMATS: ReadonlySet<string> = new Set(['combined', 'common', 'vhost-combined', 'custom-apache']);
/** Files named in a warning; the rest are counted. */
const MAX_NAMED_FILES = 3;

/** The formats of the files that gave records, in order of appearance: what a baseline learned from. */
export function trainedFormats(files: readonly Pick<FileSummary, 'format' | 'records'>[]): string[] {
  return [...new Set(files.filter((file) => file.records > 0).map((file) => file.format))];
}

/**
 * One warning per format of `read` (files with their format) that the baseline's `trained` formats
 * do not cover, in order of appearance; none when they all are, or when the baseline predates
 * `formats` (`trained` undefined). Files that gave no record are the caller's to leave out.
 */
export function baselineFormatWarnings(trained: readonly string[] | undefined, read: ReadonlyArray<{ file: string; format: string }>): string[] {
  if (trained === undefined || trained.length === 0) return [];
  const kinds = new Set(trained.map(kindOf));
  const strangers = new Map<string, string[]>();
  for (const { file, format } of read) {
    if (kinds.has(kindOf(format))) continue;
    const files = strangers.get(format) ?? [];
    if (!files.includes(file)) files.push(file);
    strangers.set(format, files);
  }
  return [...strangers].map(([format, files]) => baselineFormatWarning(trained, format, files));
}

/** The warning for `files`, of `format`, judged against a baseline of the `trained` formats. */
export function baselineFormatWarning(trained: readonly string[], format: string, files: readonly string[]): string {
  const named = files.slice(0, MAX_NAMED_FILES).join(', ');
  const more = files.length > MAX_NAMED_FILES ? ` and ${files.length - MAX_NAMED_FILES} more` : '';
  return (
    `the baseline was trained on ${trained.join(' and ')} logs, and ${named}${more} ${files.length === 1 ? 'is' : 'are'} ${format}: ` +
    `a baseline knows only the requests, fields and values of the kind of log it learned (another layer, most often another site), ` +
    `so the scan of ${format} may judge nearly every request as new; train a baseline on clean ${format} logs ` +
    `(semlog train CLEAN_LOGS… -o BASELINE) and judge each kind of log against its own`
  );
}

function kindOf(format: string): string {
  return SERVER_LOG_FORMATS.has(format) ? 'server' : format;
}
