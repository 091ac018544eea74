// tune --learn's client model on the attack slice (trigram embedder): labels derived from line
// labels, the held-out guard, and a scan that re-scores the clients with a saved model.

import { beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SIGNALS, clientSignalRows } from '../../src/clients/client-signals.js';
import type { ClientRank } from '../../src/clients/client-rank.js';
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import type { Baseline } from '../../src/pipeline/baseline-store.js';
import type { PreparedScan } from '../../src/pipeline/prepare-scan.js';
import { averagePrecision } from '../../src/tune/average-precision.js';
import { labelScan } from '../../src/tune/label-clients.js';
import { defaultClientRows, learnClients } from '../../src/tune/learn-clients.js';
import type { IpVerdict } from '../../src/types.js';
import { attackSlice } from '../helpers/attack-slice.js';

describe('clientSignalRows', () => {
  it('turns a rank, a verdict and a findings count into the signal vector, in CLIENT_SIGNALS order', () => {
    const rank = (score: number, labels: string[]): ClientRank => ({ score, labels, reasons: [], reportable: false });
    const verdict = { score: 14, features: { error_ratio: 0.75 } } as unknown as IpVerdict;
    const rows = clientSignalRows({
      ips: ['a', 'b'],
      ipEvidence: new Map([['a', verdict]]),
      ranks: [rank(31, ['hostile', 'fake-crawler']), rank(0, ['crawler'])],
      flaggedLines: [7, 0],
    });
    const a = Object.fromEntries(CLIENT_SIGNALS.map((name, j) => [name, rows[j]]));
    // log2(1 + 31) = 5; the structured score is capped at 10; log2(1 + 7) = 3.
    expect(a).toEqual({ defaultClientScore: 5, hostile: 1, hammering: 0, structuredScore: 10, findingsLog: 3, knownAgent: 0, fakeAgent: 1, errorRatio: 0.75 });
    expect(Array.from(rows.subarray(CLIENT_SIGNALS.length))).toEqual([0, 0, 0, 0, 0, 1, 0, 0]);
  });
});

describe('learnClients', () => {
  let prepared: PreparedScan;
  let attackers: Uint8Array;

  beforeAll(async () => {
    const slice = await attackSlice();
    prepared = slice.prepared;
    attackers = labelScan(
      { kind: 'clients', rows: ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'].map((ip, k) => ({ ip, anomaly: true, csvLine: k + 2 })) },
      prepared,
      'c.csv',
    ).attackers;
  });

  it('scores the default ranking and the held-out model by average precision, and saves only a model that beats it', () => {
    const result = learnClients(prepared, attackers);
    expect(result.attackers).toBe(4);
    expect(result.clients).toBe(prepared.state.ips.length);
    const { defaultScore } = defaultClientRows(prepared, {});
    expect(result.defaults.averagePrecision).toBeCloseTo(averagePrecision(defaultScore, attackers), 12);
    expect(result.heldOut.folds).toBe(5);
    expect(result.beats).toBe(result.heldOut.averagePrecision > result.defaults.averagePrecision);
    expect(result.model).toMatchObject({ kind: 'client-logistic-regression', format: 3, baseline: false, embeddingModel: prepared.modelId, signals: [...CLIENT_SIGNALS] });
  });

  it('a scan with the model scores each reported client 100 × its probability, with the reason first', () => {
    const { model } = learnClients(prepared, attackers);
    const plain = detectAnomalies(prepared);
    const learned = detectAnomalies(prepared, { learnedClients: model });
    // The model re-scores; which clients are reported stays the default's decision.
    expect(learned.ips.map((c) => c.ip).sort()).toEqual(plain.ips.map((c) => c.ip).sort());
    for (const client of learned.ips) {
      const probability = Number(/^learned client model: probability ([\d.]+)/.exec(client.reasons[0]!)![1]);
      expect(client.score).toBeCloseTo(100 * probability, 0);
    }
    expect(learned.ips.map((c) => c.score)).toEqual([...learned.ips.map((c) => c.score)].sort((a, b) => b - a));
  });

  it('refuses a model fitted without a baseline in a scan with one (exit 2)', () => {
    const { model } = learnClients(prepared, attackers);
    const run = () => detectAnomalies(prepared, { learnedClients: model, baseline: {} as Baseline });
    expect(run).toThrow(/the learned model was fitted without a baseline, and this scan has one/);
    try {
      run();
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });
});
