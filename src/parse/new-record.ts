// One constructor for LogRecord so that every parser produces objects of the same hidden class:
// V8 keeps the downstream stages monomorphic only if the property order never varies.
import type { LogRecord } from '../types.js';

/** A record with every field at its "not logged" value; parsers overwrite what their format has. */
export function newRecord(file: string, line: number): LogRecord {
  return {
    file,
    line,
    timeMs: null,
    clientIp: '',
    method: '',
    path: '',
    query: '',
    protocol: '',
    status: null,
    bytes: null,
    durationMs: null,
    userAgent: '',
    referer: '',
    cookie: '',
    host: '',
    user: '',
    extras: null,
  };
}

/** `-` is how every supported format writes "not logged"; the record stores `''` instead. */
export function dashToEmpty(value: string): string {
  return value === '-' ? '' : value;
}
