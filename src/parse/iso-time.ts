// ISO-8601-style timestamps (ALB `2018-07-02T22:23:00.186641Z`, CloudFront date + time, Apache
// `%{%Y-%m-%d %H:%M:%S}t`). A time without an offset is taken as UTC: the log does not say otherwise.
import { epochMs, fourDigits, twoDigits } from './civil-time.js';

/**
 * Epoch ms UTC of `YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH[:]MM]` occupying exactly `s[start, end)`;
 * NaN if the text is anything else. Fractions beyond milliseconds are truncated.
 */
export function parseIsoTime(s: string, start = 0, end = s.length): number {
  if (end - start < 19) return NaN;
  const sep = s.charCodeAt(start + 10);
  if (
    s.charCodeAt(start + 4) !== 45 /* - */ ||
    s.charCodeAt(start + 7) !== 45 ||
    (sep !== 84 /* T */ && sep !== 32 /* space */ && sep !== 116) /* t */ ||
    s.charCodeAt(start + 13) !== 58 /* : */ ||
    s.charCodeAt(start + 16) !== 58
  ) {
    return NaN;
  }
  const year = fourDigits(s, start);
  const month = twoDigits(s, start + 5);
  const day = twoDigits(s, start + 8);
  const hour = twoDigits(s, start + 11);
  const minute = twoDigits(s, start + 14);
  const second = twoDigits(s, start + 17);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return NaN;
  let i = start + 19;
  let millis = 0;
  if (i < end && s.charCodeAt(i) === 46 /* . */) {
    i++;
    let scale = 100;
    const fracStart = i;
    for (; i < end; i++) {
      const digit = s.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      millis += digit * scale;
      scale /= 10;
    }
    if (i === fracStart) return NaN;
    millis = Math.floor(millis);
  }
  const offset = parseIsoOffset(s, i, end);
  if (Number.isNaN(offset)) return NaN;
  return epochMs(year, month, day, hour, minute, second, millis, offset);
}

/** `''`, `Z`, `+hh`, `+hhmm` or `+hh:mm` filling `s[i, end)` → minutes east of UTC, or NaN. */
function parseIsoOffset(s: string, i: number, end: number): number {
  if (i === end) return 0;
  const first = s.charCodeAt(i);
  if ((first === 90 /* Z */ || first === 122) /* z */ && i + 1 === end) return 0;
  if (first !== 43 /* + */ && first !== 45 /* - */) return NaN;
  const hours = twoDigits(s, i + 1);
  let minutes = 0;
  const rest = end - (i + 3);
  if (rest === 2) minutes = twoDigits(s, i + 3);
  else if (rest === 3 && s.charCodeAt(i + 3) === 58) minutes = twoDigits(s, i + 4);
  else if (rest !== 0) return NaN;
  if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59) return NaN;
  const total = hours * 60 + minutes;
  return first === 45 ? -total : total;
}
