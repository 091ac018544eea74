// A scan that judged no record says so in summary.warnings. "No findings" from an empty input, a log
// whose every line was malformed, or a time range that held nothing looks like a quiet night to a
// nightly job that reads only the exit code and the findings; the warning tells it that nothing was
// looked at (the terminal and HTML reports show it too).

export interface JudgedCounts {
  /** Records parsed from the input (IngestSummary.records). */
  records: number;
  /** Lines that did not parse. */
  malformed: number;
  /** Records the scan went on to judge: those left in scope. */
  judged: number;
}

/** The warning for a scan that judged no record; undefined when it judged any. */
export function nothingJudgedWarning({ records, malformed, judged }: JudgedCounts): string | undefined {
  if (judged > 0) return undefined;
  if (records > 0) {
    return `nothing was judged: all ${records} records were left out by --since/--until, --exclude or the allowlists (summary.scope counts them)`;
  }
  if (malformed > 0) return `nothing was judged: every line (${malformed}) was malformed; check --format or --log-format`;
  return 'nothing was judged: the input holds no log records (an empty file, or a log that was rotated away?)';
}
