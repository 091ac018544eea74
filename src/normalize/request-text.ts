// LogRecord → the text that is embedded: the request as a person would read it, volatile tokens masked.

import type { LogRecord } from '../types.js';
import { maskVolatile } from './mask-volatile.js';
import { percentDecode } from '../text/percent-decode.js';

/** Longer texts add nothing: the model reads at most 256 tokens. */
export const MAX_TEXT_CHARS = 1024;

export function requestText(record: LogRecord): string {
  const path = percentDecode(record.path, false);
  const query = record.query === '' ? '' : `?${percentDecode(record.query, true)}`;
  const text = maskVolatile(`${record.method || '-'} ${path}${query}`);
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}
