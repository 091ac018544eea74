// Calendar arithmetic for the timestamp parsers: civil date and offset → epoch milliseconds, UTC.
// Hand-written instead of Date.UTC so that out-of-range fields are rejected instead of rolled over.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Epoch milliseconds of a local time written with a UTC offset of `offsetMinutes`
 * (east positive, as in `+0200`). Returns NaN when any field is out of range.
 */
export function epochMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offsetMinutes: number,
): number {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return NaN;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  // 60 seconds is a leap second, which Apache can log; it rolls into the next minute.
  if (day > monthDays || hour > 23 || minute > 59 || second > 60 || hour < 0 || minute < 0 || second < 0) {
    return NaN;
  }
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}

/** Two ASCII digits at `i` as a number, or -1. */
export function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Four ASCII digits at `i` as a number, or -1. */
export function fourDigits(s: string, i: number): number {
  const hi = twoDigits(s, i);
  const lo = twoDigits(s, i + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

const MONTHS = new Map<number, number>(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((name, i) => [
    monthKey(name.toLowerCase(), 0),
    i + 1,
  ]),
);

function monthKey(s: string, i: number): number {
  // `| 32` lower-cases ASCII letters, so `JAN`, `Jan` and `jan` share a key.
  return ((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32);
}

/** 1-12 for an English three-letter month abbreviation at `i` (any case), or -1. */
export function monthFromAbbrev(s: string, i: number): number {
  if (i + 3 > s.length) return -1;
  return MONTHS.get(monthKey(s, i)) ?? -1;
}
