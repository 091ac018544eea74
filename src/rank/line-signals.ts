// The detection signals of each line as numbers, for a model learned from labels (`semlog tune
// --learn`) and for the scan that applies it: both call lineSignals(), so the vector a model was
// fitted on is the vector it is applied to. The order of LINE_SIGNALS is part of a saved model.

import type { IpVerdict } from '../types.js';
import { rankedFindingsPerClient, recordScores, type FuseInput, type OccurrenceView, type TextVerdicts } from './fuse-findings.js';

export const LINE_SIGNALS = Object.freeze([
  'semanticOutlier',
  'fieldNoveltyBits',
  'hostileClient',
  'unusualForSite',
  'headerAttack',
  'payloadTag',
  'clientStructuredScore',
  'clientFindingsLog',
  'defaultFinding',
] as const);
export type LineSignal = (typeof LINE_SIGNALS)[number];

/** What each signal means, for reasons and docs. */
export const SIGNAL_DESCRIPTIONS: Readonly<Record<LineSignal, string>> = Object.freeze({
  semanticOutlier: 'semantic outlier score',
  fieldNoveltyBits: 'unusual characters for their fields (bits)',
  hostileClient: 'hostile client',
  unusualForSite: 'unusual for this site',
  headerAttack: 'attack in the User-Agent or Referer',
  payloadTag: 'attack payload in the request',
  clientStructuredScore: "client's structured score",
  clientFindingsLog: "client's number of findings",
  defaultFinding: 'a finding of the default scoring',
});

/** The structured score counts up to this much: beyond it a client is plainly flagged. */
const STRUCTURED_SCORE_CAP = 10;

export interface SignalInput {
  verdicts: Pick<TextVerdicts, 'flagged' | 'scores'>;
  occurrences: OccurrenceView;
  site: Required<Pick<FuseInput, 'context' | 'unusual'>> & {
    characters: { bits: ArrayLike<number> };
    /** 1 where a distinct text carries an attack payload in its request line. */
    tagged: ArrayLike<number>;
  };
  ips: readonly string[];
  ipEvidence: ReadonlyMap<string, IpVerdict>;
}

/** Row-major, LINE_SIGNALS.length values per record of the scan. */
export function lineSignals(input: SignalInput): Float64Array {
  const { verdicts, occurrences, site } = input;
  const dim = LINE_SIGNALS.length;
  const scores = recordScores(verdicts, site, occurrences);
  const findings = rankedFindingsPerClient(verdicts, site, occurrences, input.ips.length, scores);
  const structured = Float64Array.from(input.ips, (ip) => Math.min(STRUCTURED_SCORE_CAP, Math.max(0, input.ipEvidence.get(ip)?.score ?? 0)));
  const rows = new Float64Array(occurrences.size * dim);
  for (let i = 0; i < occurrences.size; i++) {
    const textId = occurrences.textId(i);
    const ipId = occurrences.ipId(i);
    const row: Record<LineSignal, number> = {
      semanticOutlier: verdicts.flagged[textId] === 1 ? verdicts.scores[textId]! : 0,
      fieldNoveltyBits: site.characters.bits[textId]!,
      hostileClient: site.context.hostile[ipId]!,
      unusualForSite: site.unusual(i) === undefined ? 0 : 1,
      headerAttack: occurrences.headers(i) === 0 ? 0 : 1,
      payloadTag: site.tagged[textId]!,
      clientStructuredScore: structured[ipId]!,
      clientFindingsLog: Math.log2(1 + findings[ipId]!),
      // The hand-made rule as a signal of its own: the weights then adjust it instead of rebuilding it
      // (a client group with one big scanner held out leaves too few examples to rebuild it from).
      defaultFinding: Number.isNaN(scores[i]!) ? 0 : 1,
    };
    LINE_SIGNALS.forEach((name, j) => (rows[i * dim + j] = row[name]));
  }
  return rows;
}
