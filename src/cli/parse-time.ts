// Times on the command line: ISO 8601 (`2024-05-01`, `2024-05-01T06:00:00Z`) or an age (`24h`, `7d`).

import { UsageError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({ s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 });

/** Epoch milliseconds; an age counts back from `nowMs`. */
export function parseTime(value: string, option: string, nowMs = Date.now()): number {
  const age = /^(\d{1,6})([smhdw])$/.exec(value.trim());
  if (age) return nowMs - Number(age[1]) * UNIT_MS[age[2]!]!;
  // Without an offset, a time is UTC: a date alone means midnight UTC (as Date.parse reads it), and a
  // date and time too, which Date.parse would read in the machine's zone: the same rule for both
  // forms, and the zone of CloudFront's and ALB's logs.
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ]([\d:.]+)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (iso) {
    const [, date, time, zone] = iso;
    const ms = Date.parse(time === undefined ? date! : `${date}T${time}${zone ?? 'Z'}`);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(`${option} ${value} is not a time`, {
    hint: `write an age such as 24h or 7d, or an ISO date such as 2024-05-01 or 2024-05-01T06:00:00Z`,
  });
}
