// Apache/nginx `%t`: `dd/Mon/yyyy:HH:MM:SS +zzzz` (the text between the brackets), parsed by position
// because this runs once per line of the most common formats.
import { epochMs, fourDigits, monthFromAbbrev, twoDigits } from './civil-time.js';

/** Length of `10/Oct/2000:13:55:36 -0700`. */
export const APACHE_TIME_LENGTH = 26;

/** Epoch ms UTC of the `%t` text starting at `i`, with its offset applied; NaN if it is not one. */
export function parseApacheTime(s: string, i: number): number {
  if (
    s.charCodeAt(i + 2) !== 47 /* / */ ||
    s.charCodeAt(i + 6) !== 47 ||
    s.charCodeAt(i + 11) !== 58 /* : */ ||
    s.charCodeAt(i + 14) !== 58 ||
    s.charCodeAt(i + 17) !== 58 ||
    s.charCodeAt(i + 20) !== 32 /* space */
  ) {
    return NaN;
  }
  const day = twoDigits(s, i);
  const month = monthFromAbbrev(s, i + 3);
  const year = fourDigits(s, i + 7);
  const hour = twoDigits(s, i + 12);
  const minute = twoDigits(s, i + 15);
  const second = twoDigits(s, i + 18);
  const offset = parseOffset(s, i + 21);
  if (day < 0 || month < 0 || year < 0 || hour < 0 || minute < 0 || second < 0 || Number.isNaN(offset)) {
    return NaN;
  }
  return epochMs(year, month, day, hour, minute, second, 0, offset);
}

/** `+hhmm` / `-hhmm` at `i` → minutes east of UTC, or NaN. */
export function parseOffset(s: string, i: number): number {
  const sign = s.charCodeAt(i);
  const hours = twoDigits(s, i + 1);
  const minutes = twoDigits(s, i + 3);
  if ((sign !== 43 /* + */ && sign !== 45) /* - */ || hours < 0 || minutes < 0 || hours > 14 || minutes > 59) {
    return NaN;
  }
  const total = hours * 60 + minutes;
  return sign === 45 ? -total : total;
}
