// The signal vector of each line agrees with what a default scan reports about the same lines.

import { beforeAll, describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS, detectAnomalies, judgeClients, judgeSite, judgeTexts, signalRows } from '../../src/pipeline/detect-anomalies.js';
import { SEMANTIC_DEFAULTS } from '../../src/pipeline/semantic-outliers.js';
import { LINE_SIGNALS, type LineSignal } from '../../src/rank/line-signals.js';
import type { Analysis } from '../../src/types.js';
import { attackSlice, type AttackSlice } from '../helpers/attack-slice.js';

describe('lineSignals', () => {
  let slice: AttackSlice;
  let rows: Float64Array;
  let analysis: Analysis;
  const signal = (record: number, name: LineSignal) => rows[record * LINE_SIGNALS.length + LINE_SIGNALS.indexOf(name)]!;

  beforeAll(async () => {
    slice = await attackSlice();
    const { prepared } = slice;
    const site = judgeSite(prepared, SEMANTIC_DEFAULTS.minRarity);
    rows = signalRows(prepared, site, judgeTexts(prepared, site, SEMANTIC_DEFAULTS), judgeClients(prepared, DETECT_DEFAULTS.zThreshold));
    analysis = detectAnomalies(prepared);
  });

  it('has one row of LINE_SIGNALS per record', () => {
    expect(rows.length).toBe(slice.prepared.state.occurrences.size * LINE_SIGNALS.length);
    expect(rows.every(Number.isFinite)).toBe(true);
  });

  it('marks the default findings, the payloads and the hostile attack clients, and counts each client\'s findings', () => {
    const { occurrences, ips } = slice.prepared.state;
    const reported = new Set(analysis.lines.map((l) => l.line));
    // Every finding is reported at the default --min-score 0, so the reported lines are the findings.
    const findingsOf = new Map<string, number>();
    for (const finding of analysis.lines) findingsOf.set(finding.ip, (findingsOf.get(finding.ip) ?? 0) + 1);
    for (let i = 0; i < occurrences.size; i++) {
      const line = occurrences.line(i);
      expect(signal(i, 'defaultFinding'), `line ${line}`).toBe(reported.has(line) ? 1 : 0);
      expect(signal(i, 'clientFindingsLog')).toBeCloseTo(Math.log2(1 + (findingsOf.get(ips[occurrences.ipId(i)]!) ?? 0)), 12);
      if (slice.anomalyLines.includes(line)) {
        expect(signal(i, 'payloadTag'), `line ${line}`).toBe(1);
        expect(signal(i, 'hostileClient'), `line ${line}`).toBe(1);
      }
    }
    const outliers = analysis.lines.filter((l) => l.outlierScore > 0);
    expect(outliers.length).toBeGreaterThan(0);
    for (const finding of outliers) {
      const record = [...Array(occurrences.size).keys()].find((i) => occurrences.line(i) === finding.line)!;
      expect(signal(record, 'semanticOutlier')).toBeCloseTo(finding.outlierScore, 3);
    }
  });
});
