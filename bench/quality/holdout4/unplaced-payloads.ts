// The SQL-injection payloads of modsec-learn and CSIC TORPEDA 2012 that the first held-out set drew
// from but never placed: its pools are rebuilt, its mixes built (they are deterministic), and every
// payload that appears in any line it injected is left out.

import { HOLDOUT_MIXES, buildHoldoutMix } from '../holdout/holdout-mixes.js';
import { type TorpedaRequest, modsecSqliQueries, torpedaSqliGets } from '../holdout/held-out-sources.js';

/** The first set's labels whose lines carry a modsec or TORPEDA query (in the URL or, for referer-sqli, the Referer). */
const SQLI_LABELS = new Set(['modsec-sqli', 'torpeda-sqli', 'referer-sqli']);

export interface UnplacedPayloads {
  /** modsec-learn query strings (`p=<payload>`) that no first-set line holds. */
  modsec: string[];
  /** TORPEDA GET requests whose query no first-set line holds. */
  torpeda: TorpedaRequest[];
}

let cache: UnplacedPayloads | undefined;

/** Pools of the first set minus what it placed; a query counts as placed when it follows a `?` in any injected SQLi line. */
export function unplacedSqliPayloads(): UnplacedPayloads {
  if (cache) return cache;
  const placed: string[] = [];
  for (const spec of HOLDOUT_MIXES) {
    const mix = buildHoldoutMix(spec);
    for (const [line, attack] of mix.anomalies) if (SQLI_LABELS.has(attack)) placed.push(mix.lines[line - 1]!);
  }
  // A query is matched where it ends the target or the Referer (before " HTTP/" or the closing quote).
  const isPlaced = (query: string) => placed.some((line) => line.includes(`?${query} `) || line.includes(`?${query}"`));
  cache = {
    modsec: modsecSqliQueries().filter((q) => !isPlaced(q)),
    torpeda: torpedaSqliGets().filter((r) => !isPlaced(r.query)),
  };
  return cache;
}
