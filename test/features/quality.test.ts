// Quality check on real benign traffic with injected attackers (skips loudly when ../shared/data is absent, fails under CI=true):
// the default method must find at least as many attackers in its top 2×N as the seed method.
import { describe, expect, it } from 'vitest';
import { IpAccumulator } from '../../src/features/ip-accumulator.js';
import { scoreIps, type ScoreMethod } from '../../src/features/score-ips.js';
import { needs } from '../helpers/needs.js';
import { buildAttackMix, DATA, HAVE_DATA, recallAtTwiceN, SCANNER_LOGS } from './attack-mix.js';

const VARIANTS = [{}, { hammerRequests: 150, scannerLines: 400, replayIps: 5 }, { hammerRequests: 1000, scannerLines: 2000, replayIps: 12 }];

describe.skipIf(!needs(HAVE_DATA, `the real logs in ${DATA} (elastic-apache-logs, ocatak-apache-scans)`))('ranking of injected attackers in elastic-apache-logs', () => {
  it('default (robust) recall ≥ seed recall, and ≥ 0.9 overall', () => {
    const recall: Record<ScoreMethod, number[]> = { robust: [], mean: [], seed: [] };
    for (const [v, variant] of VARIANTS.entries()) {
      for (const [i, log] of SCANNER_LOGS.entries()) {
        const mix = buildAttackMix(log, 200 + 10 * v + i, variant);
        const accumulator = new IpAccumulator();
        for (const r of mix.records) accumulator.add(r);
        const rows = accumulator.snapshot();
        for (const method of ['robust', 'mean', 'seed'] as const) {
          recall[method].push(recallAtTwiceN(scoreIps(rows, { method }).map((s) => s.ip), mix.attackers));
        }
      }
    }
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    console.log('recall of attacker IPs in the top 2×N', Object.fromEntries(Object.entries(recall).map(([m, r]) => [m, { mean: +mean(r).toFixed(3), perMix: r.map((x) => +x.toFixed(2)) }])));
    expect(mean(recall.robust)).toBeGreaterThanOrEqual(mean(recall.seed));
    expect(mean(recall.robust)).toBeGreaterThanOrEqual(0.9);
  });
});
