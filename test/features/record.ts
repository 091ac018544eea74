// Test helper: a LogRecord with every field at its "not logged" value, overridden by `fields`.
import type { LogRecord } from '../../src/types.js';

export function record(fields: Partial<LogRecord> = {}): LogRecord {
  return {
    file: 'test.log',
    line: 1,
    timeMs: null,
    clientIp: '192.0.2.1',
    method: 'GET',
    path: '/',
    query: '',
    protocol: 'HTTP/1.1',
    status: 200,
    bytes: 100,
    durationMs: null,
    userAgent: 'Mozilla/5.0',
    referer: '',
    cookie: '',
    host: '',
    user: '',
    extras: null,
    ...fields,
  };
}
