// What the per-IP state needs from one request that depends on the request alone (path, query,
// user agent), not on who sent it: hashes for the distinct counts, the strings shown in the report,
// whether it fetched a static asset, its attack tags. Logs repeat the same request thousands of
// times, so the pipeline computes a profile once per distinct request and hands it to every IpState
// that sees it (pipeline/request-memo.ts); sharing one string per request also makes the per-IP
// top-URI lookups cheap (a string compared with itself is a pointer comparison).

import type { LogRecord } from '../types.js';
import { fnv1a32 } from './hash.js';
import { isStaticPath } from './static-path.js';

export interface RequestProfile {
  pathHash: number;
  uriHash: number;
  userAgentHash: number;
  /** Path + query, cut to MAX_SHOWN_CHARS, as the top-URI tables show it. */
  shownUri: string;
  shownUserAgent: string;
  isStatic: boolean;
  tags: readonly string[];
}

/** Longest URI or user agent kept verbatim in the top-k tables; longer ones are cut with `…`. */
const MAX_SHOWN_CHARS = 300;

export function requestProfile(record: LogRecord, tags: readonly string[]): RequestProfile {
  const uri = record.query === '' ? record.path : `${record.path}?${record.query}`;
  return {
    pathHash: fnv1a32(record.path),
    uriHash: fnv1a32(uri),
    userAgentHash: fnv1a32(record.userAgent),
    shownUri: shorten(uri),
    shownUserAgent: shorten(record.userAgent),
    isStatic: isStaticPath(record.path),
    tags,
  };
}

function shorten(text: string): string {
  return text.length <= MAX_SHOWN_CHARS ? text : `${text.slice(0, MAX_SHOWN_CHARS - 1)}…`;
}
