// CSIC TORPEDA 2012 SQL injections sent as POST bodies: every earlier set left the POST rows out
// (an access log shows no body), so no set placed them or drew from a pool holding them.

import { torpedaSqliGets, torpedaSqliRows } from '../holdout/held-out-sources.js';

/**
 * Distinct POST SQLi bodies, read as the first set read its GET queries (no CSV quoting, whitespace
 * or bytes outside printable ASCII), without any body that is also a GET query of the first set's
 * pool. Placed as the query of a GET, the way a form that also accepts GET would log them.
 */
export function torpedaPostBodies(): string[] {
  if (cache) return cache;
  const getQueries = new Set(torpedaSqliGets().map((r) => r.query));
  cache = [...new Set(torpedaSqliRows('POST').map((r) => r.query))].filter((q) => !getQueries.has(q));
  return cache;
}
let cache: string[] | undefined;
