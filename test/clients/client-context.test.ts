import { describe, expect, it } from 'vitest';
import { CLIENT_CONTEXT_DEFAULTS, emptyEvidence, followsDeadLinks, isHostile, type ClientEvidence } from '../../src/clients/client-context.js';

const evidence = (e: Partial<ClientEvidence>): ClientEvidence => ({ ...emptyEvidence(), ...e });

describe('isHostile: repeated probes', () => {
  it('needs 5 probe requests that are at least 80 % of the client’s requests', () => {
    // One missing path asked for 6 times, and one page: 6 ≥ 5 and 6 ≥ 0.8 × 7 = 5.6.
    expect(isHostile(evidence({ requests: 7, paths: 2, probePaths: 1, probeLines: 6 }), CLIENT_CONTEXT_DEFAULTS, 100)).toBe(true);
    // The same 6 among 8 requests: 6 < 0.8 × 8 = 6.4.
    expect(isHostile(evidence({ requests: 8, paths: 3, probePaths: 1, probeLines: 6 }), CLIENT_CONTEXT_DEFAULTS, 100)).toBe(false);
    // 4 of 4: below 5.
    expect(isHostile(evidence({ requests: 4, paths: 1, probePaths: 1, probeLines: 4 }), CLIENT_CONTEXT_DEFAULTS, 100)).toBe(false);
  });

  it('says nothing when the client is the only one (every path is then one no other client uses)', () => {
    expect(isHostile(evidence({ requests: 50, paths: 1, probePaths: 1, probeLines: 50 }), CLIENT_CONTEXT_DEFAULTS, 1)).toBe(false);
    // Nor does a method no other client gets an answer to: there is no other client.
    expect(isHostile(evidence({ requests: 50, paths: 1, refusedMethodLines: 20 }), CLIENT_CONTEXT_DEFAULTS, 1)).toBe(false);
    expect(isHostile(evidence({ requests: 50, paths: 1, refusedMethodLines: 20 }), CLIENT_CONTEXT_DEFAULTS, 2)).toBe(true);
  });
});

describe('isHostile: a probe list shared with other clients', () => {
  it('needs nothing but probes, two requests or more, and two probes other such clients sent too', () => {
    expect(isHostile(evidence({ requests: 2, paths: 2, probePaths: 2, probeLines: 2, sharedProbes: 2, probeCompanions: 11 }), CLIENT_CONTEXT_DEFAULTS, 100)).toBe(true);
    // One shared probe: a single dead link many clients follow is not a list.
    expect(isHostile(evidence({ requests: 2, paths: 2, probePaths: 2, probeLines: 2, sharedProbes: 1, probeCompanions: 11 }), CLIENT_CONTEXT_DEFAULTS, 100)).toBe(false);
    // A page view besides the probes: a reader.
    expect(isHostile(evidence({ requests: 3, paths: 3, probePaths: 2, probeLines: 2, sharedProbes: 2, probeCompanions: 11 }), CLIENT_CONTEXT_DEFAULTS, 100)).toBe(false);
  });
});

describe('isHostile: a crawler following dead links', () => {
  // MJ12bot on elastic's clean log: 27 requests, 16 distinct, 10 of them pages that do not exist
  // (14 requests), all 404, /robots.txt fetched.
  const crawler = { requests: 27, paths: 16, probePaths: 10, probeLines: 14, crawlerAgent: true, robotsTxt: true };

  it('does not call a polite known crawler hostile for missing pages alone', () => {
    expect(followsDeadLinks(evidence(crawler))).toBe(true);
    expect(isHostile(evidence(crawler), CLIENT_CONTEXT_DEFAULTS, 100)).toBe(false);
  });

  it('still calls it hostile when a failure is a refusal, it skipped robots.txt, it sent a payload or it is no known crawler', () => {
    for (const change of [{ refusedProbeLines: 1 }, { robotsTxt: false }, { payloadLines: 2 }, { crawlerAgent: false }]) {
      expect(followsDeadLinks(evidence({ ...crawler, ...change }))).toBe(false);
      // 10 probes ≥ 8 and ≥ 0.25 × 16 paths.
      expect(isHostile(evidence({ ...crawler, ...change }), CLIENT_CONTEXT_DEFAULTS, 100)).toBe(true);
    }
  });
});
