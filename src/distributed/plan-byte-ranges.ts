// Which inputs of a distributed scan are split into byte ranges, and where the ranges fall. Only a
// local plain file of a line-per-record format, larger than one range, is split; the ranges' ends are
// cut to whole lines by the job that reads them (parse/line-span.ts), not here.

import { open, stat } from 'node:fs/promises';
import type { ByteRange } from '../parse/line-span.js';
import { pathError } from '../parse/path-error.js';
import type { PlannedInput } from '../parse/plan-inputs.js';
import { isGzipMagic } from '../parse/read-chunks.js';

/** [0, size) in ranges of `rangeBytes`, the last one shorter; none for an empty file. */
export function byteRanges(size: number, rangeBytes: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let start = 0; start < size; start += rangeBytes) ranges.push({ start, end: Math.min(start + rangeBytes, size) });
  return ranges;
}

/**
 * The ranges of `input`, or null when it is read whole: an S3 object (read as one stream, and objects
 * are small: CloudFront and ALB deliver a file every few minutes) or a gzip file (deflate cannot be
 * entered mid-stream: a range could only be reached by inflating everything before it); a file whose
 * format frames entries over several lines (WAF JSON pretty-printed over many lines: a newline is no
 * entry boundary there) or whose parser keeps state from the file's `#` lines (CloudFront's `#Fields:`
 * header says which column is which, and a range after it would not see it); and a file no larger
 * than one range. `logFormat` is --log-format, for the custom-apache parser.
 */
export async function rangesOf(input: PlannedInput, rangeBytes: number, logFormat: string | undefined): Promise<ByteRange[] | null> {
  const { format, path } = input;
  if (path === null || format === null || format.framing !== 'line') return null;
  if (format.createParser(logFormat === undefined ? {} : { logFormat }).comment !== undefined) return null;
  try {
    const { size } = await stat(path);
    if (size <= rangeBytes || (await isGzipFile(path))) return null;
    return byteRanges(size, rangeBytes);
  } catch (error) {
    throw pathError(input.name, error);
  }
}

async function isGzipFile(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return isGzipMagic(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}
