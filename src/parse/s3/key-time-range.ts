// The time span an AWS log object covers, read from its key: a cheap filter before any object is read.
//   CloudFront  E2EXAMPLE.2026-11-18-05.a1b2c3d4.gz              requests of 05:00–06:00 UTC
//   ALB / ELB   …/2026/11/18/…_app.name.id_20261118T0505Z_…gz    the interval ending 05:05 UTC
//   folders     …/2026/11/18/ or …/2026/11/18/05/                 that day, or that hour
// Delivery is late and intervals vary, so the span is widened by SLACK_MS on both sides: the filter
// may read an object too many, never skip one; records are still filtered by their own times.

export interface TimeRange {
  startMs: number;
  endMs: number;
}

export const HOUR_MS = 3_600_000;
export const SLACK_MS = HOUR_MS;

const ALB_FILE = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/;
const CLOUDFRONT_FILE = /\.(\d{4})-(\d{2})-(\d{2})-(\d{2})\.[^/]*$/;
const DATE_FOLDERS = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})\/(?:(\d{2})\/)?/;

/** null when the key carries no date: the caller falls back to the object's LastModified. */
export function keyTimeRange(key: string): TimeRange | null {
  const alb = ALB_FILE.exec(key);
  if (alb) {
    // ALB intervals are 5 minutes, Classic ELB ones up to 60: the name is the end of the interval.
    const end = utc(alb[1]!, alb[2]!, alb[3]!, alb[4]!, alb[5]!);
    if (end !== null) return widen(end - HOUR_MS, end);
  }
  const cloudfront = cloudFrontName(key);
  if (cloudfront) return widen(cloudfront.startMs, cloudfront.startMs + HOUR_MS);
  const folders = DATE_FOLDERS.exec(key);
  if (folders) {
    const start = utc(folders[1]!, folders[2]!, folders[3]!, folders[4] ?? '00');
    if (start !== null) return widen(start, start + (folders[4] === undefined ? 24 * HOUR_MS : HOUR_MS));
  }
  return null;
}

/**
 * A CloudFront log name split into its distribution part (`…/E2EXAMPLE.`, everything before the
 * date) and the start of its hour; null for other keys. What the listing needs to jump ahead.
 */
export function cloudFrontHour(key: string): { stem: string; startMs: number } | null {
  // keyTimeRange reads an ALB name first; so does this.
  return ALB_FILE.test(key) ? null : cloudFrontName(key);
}

function cloudFrontName(key: string): { stem: string; startMs: number } | null {
  const match = CLOUDFRONT_FILE.exec(key);
  const startMs = match && utc(match[1]!, match[2]!, match[3]!, match[4]!);
  return match && startMs !== null ? { stem: key.slice(0, match.index + 1), startMs } : null;
}

function widen(startMs: number, endMs: number): TimeRange {
  return { startMs: startMs - SLACK_MS, endMs: endMs + SLACK_MS };
}

/** Epoch ms of a UTC civil time, or null if a field is out of range (2026-02-30 is not a date). */
function utc(year: string, month: string, day: string, hour: string, minute = '00'): number | null {
  const [y, mo, d, h, mi] = [year, month, day, hour, minute].map(Number) as [number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const date = new Date(ms);
  const valid = date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && y >= 1970;
  return valid ? ms : null;
}
