// One shared copy of each repeated categorical value (WAF actions and rules, edge locations, TLS
// versions). Values sliced out of a line keep the whole line alive in V8, and JSON.parse makes a
// fresh string per record; interning makes a record's extras cost a pointer per field instead.

import { flatCopy } from '../text/flat-copy.js';

/** Distinct values kept; beyond this (ids, ports, free text) a value is returned as given. */
const MAX_INTERNED = 20_000;

const interned = new Map<string, string>();

export function intern(value: string): string {
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size >= MAX_INTERNED) return value;
  // A flat copy, so that the memo does not keep the line the value was sliced from.
  const flat = flatCopy(value);
  interned.set(flat, flat);
  return flat;
}
