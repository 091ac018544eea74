import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDN_ORIGIN_MIN_REQUESTS, cdnOriginWarning, isCloudFrontAgent } from '../../src/clients/cdn-origin-log.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { BENIGN_LOG, DATA } from '../features/attack-mix.js';
import { needs } from '../helpers/needs.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

describe('cdnOriginWarning', () => {
  it('warns when at least half of 1,000 requests or more came with CloudFront\'s user agent', () => {
    expect(cdnOriginWarning({ requests: 1000, fromCloudFront: 500, addresses: 38 })).toMatch(
      /^500 of the 1000 requests \(50 %\) came with the user agent "Amazon CloudFront", from 38 addresses: the log is an origin's behind CloudFront, .*--trusted-proxy/,
    );
    expect(cdnOriginWarning({ requests: 1000, fromCloudFront: 499, addresses: 38 })).toBeUndefined();
    expect(cdnOriginWarning({ requests: CDN_ORIGIN_MIN_REQUESTS - 1, fromCloudFront: 999, addresses: 38 })).toBeUndefined();
  });

  it('knows CloudFront by its exact user agent', () => {
    expect(['Amazon CloudFront', 'amazon cloudfront', 'Mozilla/5.0 (Amazon CloudFront)', ''].map(isCloudFrontAgent)).toEqual([true, false, false, false]);
  });
});

describe('a log behind CloudFront, on real lines', () => {
  const ALB = `${DATA}aws-format-samples/alb/aws-log-parser_alb-entries.log`;
  if (!needs(existsSync(BENIGN_LOG) && existsSync(ALB), `${BENIGN_LOG} and ${ALB}`)) return;
  const warned = (warnings: string[]) => warnings.filter((w) => w.includes('came with the user agent "Amazon CloudFront"'));

  it('warns on elastic-apache-logs with CloudFront\'s user agent in every line, and not on the log as it is', async () => {
    const lines = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 2000);
    const dir = mkdtempSync(join(tmpdir(), 'semlog-cdn-origin-'));
    const asIs = join(dir, 'as-is.log');
    const origin = join(dir, 'origin.log');
    writeFileSync(asIs, `${lines.join('\n')}\n`);
    writeFileSync(origin, `${lines.map((line) => line.replace(/"[^"]*"$/, '"Amazon CloudFront"')).join('\n')}\n`);
    const plain = await analyze({ paths: [asIs], embedder: trigramEmbedder(), cacheDir: false });
    expect(warned(plain.summary.warnings)).toEqual([]);
    const behind = await analyze({ paths: [origin], embedder: trigramEmbedder(), cacheDir: false });
    expect(warned(behind.summary.warnings)).toEqual([expect.stringMatching(/^2000 of the 2000 requests \(100 %\) came with the user agent "Amazon CloudFront", from \d+ addresses: /)]);
  });

  it('warns on AWS\'s ALB example lines as CloudFront forwards them (its user agent), 1,200 of them', async () => {
    const lines = readFileSync(ALB, 'utf8').trimEnd().split('\n');
    const forwarded = lines.map((line) => line.replace('"curl/7.46.0"', '"Amazon CloudFront"'));
    expect(forwarded.filter((line, k) => line !== lines[k]).length).toBeGreaterThanOrEqual(10);
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-cdn-alb-')), 'alb.log');
    writeFileSync(file, `${Array.from({ length: 100 }, () => forwarded.join('\n')).join('\n')}\n`);
    const analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
    expect(warned(analysis.summary.warnings)).toEqual([expect.stringMatching(/^\d+ of the 1200 requests \(\d+ %\) came with the user agent "Amazon CloudFront"/)]);
  });
});
