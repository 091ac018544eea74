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
  return joinProfile(targetProfile(record), agentProfile(record.userAgent), tags);
}

/** The part of a profile that comes from the request target: shared by every user agent that sends it. */
export interface TargetProfile {
  pathHash: number;
  uriHash: number;
  shownUri: string;
  isStatic: boolean;
}

/** The part of a profile that comes from the user agent: shared by every request it sends. */
export interface AgentProfile {
  userAgentHash: number;
  shownUserAgent: string;
}

export function targetProfile(record: Pick<LogRecord, 'path' | 'query'>): TargetProfile {
  const uri = record.query === '' ? record.path : `${record.path}?${record.query}`;
  return { pathHash: fnv1a32(record.path), uriHash: fnv1a32(uri), shownUri: shorten(uri), isStatic: isStaticPath(record.path) };
}

export function agentProfile(userAgent: string): AgentProfile {
  return { userAgentHash: fnv1a32(userAgent), shownUserAgent: shorten(userAgent) };
}

/** A request's profile from its parts; always in this field order, so that every profile has one hidden class. */
export function joinProfile(target: TargetProfile, agent: AgentProfile, tags: readonly string[]): RequestProfile {
  return {
    pathHash: target.pathHash,
    uriHash: target.uriHash,
    userAgentHash: agent.userAgentHash,
    shownUri: target.shownUri,
    shownUserAgent: agent.shownUserAgent,
    isStatic: target.isStatic,
    tags,
  };
}

function shorten(text: string): string {
  return text.length <= MAX_SHOWN_CHARS ? text : `${text.slice(0, MAX_SHOWN_CHARS - 1)}…`;
}
