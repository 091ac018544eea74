// The signals of each client as numbers, for a client model learned from labels (`semlog tune
// --learn` with client labels) and for the scan that applies it: both call clientSignalRows() on the
// default client ranking (client-rank.ts), so the vector a model was fitted on is the vector it is
// applied to. The order of CLIENT_SIGNALS is part of a saved model.

import type { IpVerdict } from '../types.js';
import type { ClientRank } from './client-rank.js';

export const CLIENT_SIGNALS = Object.freeze([
  'defaultClientScore',
  'hostile',
  'hammering',
  'structuredScore',
  'findingsLog',
  'knownAgent',
  'fakeAgent',
  'errorRatio',
] as const);
export type ClientSignal = (typeof CLIENT_SIGNALS)[number];

/** What each signal means, for reasons and docs. */
export const CLIENT_SIGNAL_DESCRIPTIONS: Readonly<Record<ClientSignal, string>> = Object.freeze({
  defaultClientScore: 'default client score',
  hostile: 'hostile',
  hammering: 'hammering one URI',
  structuredScore: 'structured score',
  findingsLog: 'number of its lines that are findings',
  knownAgent: 'a known crawler or monitor',
  fakeAgent: 'claims a crawler or monitor it does not behave like',
  errorRatio: 'share of failed requests',
});

/** The structured score counts up to this much: beyond it a client is plainly flagged. */
const STRUCTURED_SCORE_CAP = 10;

export interface ClientSignalInput {
  ips: readonly string[];
  ipEvidence: ReadonlyMap<string, IpVerdict>;
  /** The default ranking of each client (by client id). */
  ranks: readonly ClientRank[];
  /** Lines of each client that the default scoring makes findings. */
  flaggedLines: ArrayLike<number>;
}

/** Row-major, CLIENT_SIGNALS.length values per client of the scan. */
export function clientSignalRows({ ips, ipEvidence, ranks, flaggedLines }: ClientSignalInput): Float64Array {
  const dim = CLIENT_SIGNALS.length;
  const rows = new Float64Array(ips.length * dim);
  ips.forEach((ip, ipId) => {
    const evidence = ipEvidence.get(ip);
    const { labels, score } = ranks[ipId]!;
    const row: Record<ClientSignal, number> = {
      // The hand-made ranking as a signal of its own: the weights adjust it rather than rebuild it.
      defaultClientScore: Math.log2(1 + Math.max(0, score)),
      hostile: labels.includes('hostile') ? 1 : 0,
      hammering: labels.includes('hammering') ? 1 : 0,
      structuredScore: Math.min(STRUCTURED_SCORE_CAP, Math.max(0, evidence?.score ?? 0)),
      findingsLog: Math.log2(1 + flaggedLines[ipId]!),
      knownAgent: labels.includes('crawler') || labels.includes('monitor') ? 1 : 0,
      fakeAgent: labels.some((label) => label.startsWith('fake-')) ? 1 : 0,
      errorRatio: evidence?.features.error_ratio ?? 0,
    };
    CLIENT_SIGNALS.forEach((name, j) => (rows[ipId * dim + j] = row[name]));
  });
  return rows;
}
