// A hand-made Analysis for the alert tests: two clients and three lines with known scores, in the
// report's order (the hostile client and the attack line first), one line carrying the payloads an
// attacker would put in a chat message.

import type { Analysis, IpFinding, LineFinding } from '../../src/types.js';

export const HOSTILE_TEXT = 'GET /x?q=<!channel> <https://evil.example|click here> `code` [a](https://evil.example) \u202eevil\u0007\nnext';

export const ipFinding = (address: string, score: number, tags: Record<string, number> = {}, labels: string[] = []): IpFinding => ({
  ip: address, score, requests: 40, flaggedLines: 2, fired: ['request_rate'], reasons: [`request_rate of ${address} is high`],
  features: {}, z: {}, tags, topUris: [], topUserAgents: [], labels,
});

/** `more`: e.g. the client's address or the line number. */
export const lineFinding = (text: string, score: number, tags: string[] = [], more: Partial<LineFinding> = {}): LineFinding => ({
  file: 's3://logs/cf/E2EXAMPLE.2026-11-18-05.a3.gz', fields: ['request'], line: 7, ip: '203.0.113.9', score, reasons: ['semantic outlier', 'sparse', 'unusual characters', 'fourth'],
  text, tags, count: 1, attack: tags.length > 0, outlierScore: score, nearestNormal: [], ...more,
});

export function sampleAnalysis(): Analysis {
  return {
    summary: {
      records: 1234, malformed: 2, files: 3, format: 'cloudfront', uniqueTexts: 100, cachedTexts: 0, outlierTexts: 3, clientIps: 50,
      scope: { excluded: {}, allowlisted: {} }, damagedFiles: 0, warnings: [], elapsedMs: 4000, stageMs: {}, inputs: [],
    },
    ips: [ipFinding('203.0.113.9', 44.1, { sql_injection: 37 }, ['hostile']), ipFinding('198.51.100.7', 12)],
    lines: [lineFinding("GET /item.php?id=0' union select password from users--", 6.1, ['sql_injection']), lineFinding(HOSTILE_TEXT, 5.5), lineFinding('GET /index.html', 1.2)],
    campaigns: [],
    audit: { records: 0, allowed: [], blocked: [] },
    windows: [],
    categories: [],
    timeline: [],
    malformed: [],
  };
}
