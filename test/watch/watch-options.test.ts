// The library checks watch's new options where they enter, as the command line does: a value that
// cannot be meant is a UsageError (exit 2) before any file is read.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import type { FindingSink } from '../../src/watch/finding-sink.js';
import { watchLogs, type WatchOptions } from '../../src/watch/watch-logs.js';

const sink: FindingSink = { bytes: null, write: async () => {}, close: () => {} };
const hook = { webhookUrl: 'http://127.0.0.1:9/hook' };

describe('watchLogs options', () => {
  const cases: Array<[Partial<WatchOptions>, RegExp]> = [
    [{ clientWindowMs: 500 }, /clientWindowMs must be an integer >= 1000, got 500/],
    [{ maxClients: 0 }, /maxClients must be an integer >= 1/],
    [{ maxRequestsPerClient: 2.5 }, /option maxRequestsPerClient 2\.5: must be a whole number ≥ 1/],
    [{ maxRequestsPerClient: 10, maxClientRequests: 5 }, /maxRequestsPerClient \(10\) cannot exceed maxClientRequests \(5\)/],
    [{ healthMs: 0 }, /healthMs must be an integer >= 1/],
    [{ ipv6Prefix: 0 }, /option ipv6Prefix 0: must be a whole number/],
    [{ trustedProxies: ['10.0.0.0/33'] }, /"10\.0\.0\.0\/33" is not an IP address or CIDR block/],
    [{ alert: { targets: {}, failOn: 1 } }, /alert needs a target/],
    [{ alert: { targets: hook, failOn: -1 } }, /option alert\.failOn -1: must be a number ≥ 0/],
    [{ alert: { targets: hook, failOn: 1, cooldownMs: 10 } }, /option alert\.cooldownMs 10: must be a whole number ≥ 1000/],
    [{ alert: { targets: { webhookUrl: 'hooks.slack.com/x' }, failOn: 1 } }, /--alert-webhook needs an http\(s\) URL/],
    [{ alert: { targets: { webhookUrl: 'https://u:pw@127.0.0.1:9/hook/SECRET' }, failOn: 1 } }, /^--alert-webhook https:\/\/127\.0\.0\.1:9: the URL carries a user name or password/],
    // Taken and ignored before: watch judges each request alone, against a baseline by distance.
    [{ semantic: { minSamples: 5 } }, /option semantic\.minSamples: watchLogs\(\) clusters nothing/],
    [{ semantic: { farOutlier: 3 } }, /option semantic\.farOutlier: watchLogs\(\) clusters nothing/],
    [{ semantic: { eps: 0.2 } }, /option semantic\.eps: watchLogs\(\) uses it only with baselineDir/],
    [{ semantic: { minRarity: 4 } }, /option semantic\.minRarity: watchLogs\(\) uses it only with baselineDir/],
  ];
  for (const [options, message] of cases) {
    it(`refuses ${JSON.stringify(options)}`, async () => {
      const run = watchLogs({ paths: ['-'], sink, ...options });
      await expect(run).rejects.toThrow(UsageError);
      await expect(run).rejects.toThrow(message);
    });
  }
});
