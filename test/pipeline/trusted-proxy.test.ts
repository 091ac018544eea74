// A real log written behind two load balancers, as nginx's main format writes it (the proxy as the
// client, X-Forwarded-For last): read through --trusted-proxy it is the very analysis of the log the
// server would have written had it seen the clients.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline/analyze.js';
import type { Analysis } from '../../src/types.js';
import { BENIGN_LOG } from '../features/attack-mix.js';
import { behindProxies, PROXIES } from '../helpers/behind-proxies.js';
import { needs } from '../helpers/needs.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

/** The analysis without timings and file names: the two logs are different files. */
function comparable(analysis: Analysis): unknown {
  const { elapsedMs, stageMs, scope, inputs, ...summary } = analysis.summary;
  return JSON.parse(JSON.stringify({ ...analysis, summary }, (key, value) => (key === 'file' ? undefined : value)));
}

describe('--trusted-proxy on real lines', () => {
  if (!needs(existsSync(BENIGN_LOG), BENIGN_LOG)) return;

  it('gives a log behind proxies the analysis of the log written direct; without it, two clients and a warning that names the option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-trusted-proxy-'));
    const lines = readFileSync(BENIGN_LOG, 'latin1').split('\n').slice(0, 1500);
    const direct = join(dir, 'direct.log');
    const proxied = join(dir, 'proxied.log');
    writeFileSync(direct, `${lines.join('\n')}\n`, 'latin1');
    writeFileSync(proxied, `${behindProxies(lines).join('\n')}\n`, 'latin1');
    const embedder = trigramEmbedder();

    const seenDirect = await analyze({ paths: [direct], embedder, cacheDir: false });
    const seenThrough = await analyze({ paths: [proxied], embedder, cacheDir: false, scope: { trustedProxies: [PROXIES] } });
    expect(seenThrough.summary.scope.forwarded).toEqual({ [PROXIES]: 1500 });
    expect(seenDirect.summary.clientIps).toBeGreaterThan(300);
    expect(seenDirect.ips.length).toBeGreaterThan(0);
    expect(comparable(seenThrough)).toEqual(comparable(seenDirect));

    const blind = await analyze({ paths: [proxied], embedder, cacheDir: false });
    expect(blind.summary.clientIps).toBe(2);
    expect(blind.summary.scope.forwarded).toBeUndefined();
    expect(blind.summary.warnings).toEqual([
      expect.stringMatching(/^2 addresses sent 100 % of the 1500 requests .*; this log keeps X-Forwarded-For \(100 % of the requests\): scan it with --trusted-proxy 198\.51\.100\.[78] --trusted-proxy 198\.51\.100\.[78] to read/),
    ]);
    // Proxies named wrong (a typo): nothing is read through them, and the scan says so.
    const wrong = await analyze({ paths: [proxied], embedder, cacheDir: false, scope: { trustedProxies: ['198.51.10.0/24'] } });
    expect(wrong.summary.scope.forwarded).toEqual({});
    expect(wrong.summary.warnings[0]).toMatch(/^--trusted-proxy was given, but no request's client was read through it/);
    expect(wrong.summary.warnings[1]).toMatch(/^2 addresses sent 100 %/);
  });
});
