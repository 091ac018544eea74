// What "the same report" means in the distributed tests: the findings (lines, clients, windows,
// campaigns, malformed lines) and the summary's counts of a distributed scan equal those of the
// single-process scan of the same inputs, scores within SCORE_TOLERANCE.

import { expect } from 'vitest';

/**
 * Scores may differ by this much: a text embedded by a worker in another batch than in the
 * single-process run may differ in the last bits of its vector. In practice the reports are identical.
 */
export const SCORE_TOLERANCE = 1e-6;

export interface Report {
  summary: Record<string, unknown> & { inputs: unknown[]; uniqueTexts: number; cachedTexts: number; format: string };
  lines: Array<{ file: string; line: number; ip: string; score: number }>;
  ips: Array<{ ip: string; score: number }>;
  windows: Array<{ type: string; startMs: number; score: number }>;
  campaigns: unknown[];
  malformed: unknown;
}

/**
 * `vectors`: where the reduce found the workers' vectors, the shared cache (a folder store) or the
 * partials (an S3 store; those are not cache hits, and a text the reduce had to embed itself would
 * show as a warning, which must equal the single scan's).
 */
export function expectSameFindings(actual: Report, expected: Report, vectors: 'shared cache' | 'partials' = 'shared cache'): void {
  const counts = ['records', 'malformed', 'files', 'format', 'uniqueTexts', 'outlierTexts', 'clientIps', 'scope', 'damagedFiles', 'warnings', 'inputs'];
  for (const key of counts) expect(actual.summary[key], key).toEqual(expected.summary[key]);
  // The workers embedded every text; the reduce found them all in the shared cache.
  if (vectors === 'shared cache') expect(actual.summary.cachedTexts).toBe(actual.summary.uniqueTexts);
  expect(actual.lines.map((f) => `${f.file}:${f.line} ${f.ip}`)).toEqual(expected.lines.map((f) => `${f.file}:${f.line} ${f.ip}`));
  expect(actual.ips.map((f) => f.ip)).toEqual(expected.ips.map((f) => f.ip));
  expect(actual.windows.map((w) => `${w.type}@${w.startMs}`)).toEqual(expected.windows.map((w) => `${w.type}@${w.startMs}`));
  const scores = (r: Report) => [...r.lines, ...r.ips, ...r.windows].map((f) => f.score);
  scores(actual).forEach((score, i) => expect(Math.abs(score - scores(expected)[i]!)).toBeLessThanOrEqual(SCORE_TOLERANCE));
  expect(actual.campaigns).toEqual(expected.campaigns);
  expect(actual.malformed).toEqual(expected.malformed);
}
