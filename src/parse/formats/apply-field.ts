// Stores one field of a custom LogFormat line into the record (or the line's time state), converting
// units: %D is microseconds, %T seconds, %b writes `-` for zero bytes.
import type { LogRecord } from '../../types.js';
import { APACHE_TIME_LENGTH, parseApacheTime } from '../apache-time.js';
import { epochMs } from '../civil-time.js';
import { MALFORMED, type MalformedCode } from '../malformed-codes.js';
import { dashToEmpty } from '../new-record.js';
import { setRequestLine, setTarget } from '../request-line.js';
import type { TimeParts } from '../strftime.js';
import type { FieldTarget } from './resolve-targets.js';

/** Per-line scratch space, reused across lines: the time may be spread over several directives. */
export interface LineState extends TimeParts {
  baseMs: number;
  fractionMs: number;
}

export function newLineState(): LineState {
  return { baseMs: NaN, fractionMs: 0, year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, offsetMinutes: 0, epochSeconds: NaN };
}

export function resolveTime(state: LineState): number {
  return state.baseMs + state.fractionMs;
}

/** A non-negative integer in `s[start, end)`, or -1. */
function integer(s: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const isDash = (s: string, start: number, end: number): boolean => end - start === 1 && s.charCodeAt(start) === 45;

export function applyField(
  record: LogRecord, target: FieldTarget, s: string, start: number, end: number, state: LineState,
): MalformedCode | null {
  switch (target.kind) {
    case 'clientIp': record.clientIp = s.slice(start, end); break;
    case 'user': record.user = dashToEmpty(s.slice(start, end)); break;
    case 'request': setRequestLine(record, s, start, end); break;
    case 'target': setTarget(record, s, start, end); break;
    case 'method': record.method = dashToEmpty(s.slice(start, end)); break;
    case 'path': record.path = dashToEmpty(s.slice(start, end)); break;
    case 'query': record.query = s.slice(s.charCodeAt(start) === 63 /* ? */ ? start + 1 : start, end); break;
    case 'protocol': record.protocol = dashToEmpty(s.slice(start, end)); break;
    case 'referer': record.referer = dashToEmpty(s.slice(start, end)); break;
    case 'userAgent': record.userAgent = dashToEmpty(s.slice(start, end)); break;
    case 'cookie': record.cookie = dashToEmpty(s.slice(start, end)); break;
    case 'host': record.host = dashToEmpty(s.slice(start, end)); break;
    case 'ignore': break;
    case 'status': {
      if (isDash(s, start, end)) break;
      const status = integer(s, start, end);
      if (status < 0 || status > 999) return MALFORMED.badStatus;
      record.status = status;
      break;
    }
    case 'bytes': {
      const bytes = isDash(s, start, end) ? 0 : integer(s, start, end);
      if (bytes < 0) return MALFORMED.badNumber;
      record.bytes = bytes;
      break;
    }
    case 'duration': {
      if (isDash(s, start, end)) break;
      const units = integer(s, start, end);
      if (units < 0) return MALFORMED.badNumber;
      record.durationMs = units * target.msPerUnit;
      break;
    }
    case 'extra':
      if (end > start && !isDash(s, start, end)) (record.extras ??= {})[target.key] = s.slice(start, end);
      break;
    default: return applyTime(target, s, start, end, state);
  }
  return null;
}

function applyTime(target: FieldTarget, s: string, start: number, end: number, state: LineState): MalformedCode | null {
  switch (target.kind) {
    case 'apacheTime':
      if (end - start !== APACHE_TIME_LENGTH + 2 || s.charCodeAt(start) !== 91 || s.charCodeAt(end - 1) !== 93) return MALFORMED.badTime;
      state.baseMs = parseApacheTime(s, start + 1);
      break;
    case 'epoch': {
      const units = integer(s, start, end);
      state.baseMs = units < 0 ? NaN : units * target.msPerUnit;
      break;
    }
    case 'fraction': {
      const units = end - start === target.digits ? integer(s, start, end) : -1;
      if (units < 0) return MALFORMED.badTime;
      state.fractionMs = target.digits === 3 ? units : Math.floor(units / 1000);
      return null;
    }
    case 'strftime':
      state.offsetMinutes = 0;
      state.epochSeconds = NaN;
      if (!target.parser.parse(s, start, end, state)) return MALFORMED.badTime;
      state.baseMs = Number.isNaN(state.epochSeconds)
        ? epochMs(state.year, state.month, state.day, state.hour, state.minute, state.second, 0, state.offsetMinutes)
        : state.epochSeconds * 1000;
      break;
  }
  return Number.isNaN(state.baseMs) ? MALFORMED.badTime : null;
}
