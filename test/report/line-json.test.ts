// The line findings of the JSON report, written without JSON.stringify when they have fusion's shape:
// byte for byte what JSON.stringify gives two levels deep, and JSON.stringify itself for anything else.

import { describe, expect, it } from 'vitest';
import { LineJson } from '../../src/report/line-json.js';
import type { LineFinding } from '../../src/types.js';
import { attackAnalysis } from './html/attack-analysis.js';

/** JSON.stringify(line, null, 2) as it stands two levels deep in the report (indented four spaces). */
function stringified(line: unknown): string {
  return JSON.stringify([[line]], null, 2).slice(6, -6);
}

/** A LineJson whose fallback counts its calls. */
function counting(): { lineJson: LineJson; fallbacks: () => number } {
  let calls = 0;
  const lineJson = new LineJson((line) => {
    calls++;
    return stringified(line);
  });
  return { lineJson, fallbacks: () => calls };
}

const LINE: LineFinding = {
  file: 'logs/a "b".log',
  fields: ['request', 'referer'],
  line: 7,
  ip: '=1+1',
  score: 2.125,
  reasons: ['semantic outlier: \u001b]0;owned\u0007', 'looks like xss, sql_injection', 'quote " and backslash \\ and newline \n and é and \u2028'],
  text: 'GET /p?q=<script>',
  tags: [],
  count: 3,
  attack: true,
  outlierScore: 0,
  nearestNormal: [{ text: 'GET /p?q=<num>', distance: 0.41 }, { text: 'GET /', distance: 1.5 }],
  campaign: 'c2',
};

describe('LineJson', () => {
  it('writes fusion-shaped findings as JSON.stringify does: escapes, empty lists, no campaign, a number that is not finite', () => {
    const { lineJson, fallbacks } = counting();
    const { campaign: _, ...withoutCampaign } = LINE;
    const cases: LineFinding[] = [LINE, withoutCampaign, { ...withoutCampaign, fields: [], reasons: [], nearestNormal: [], score: Number.NaN, outlierScore: Infinity }];
    for (const line of cases) expect(lineJson.render(line)).toBe(stringified(line));
    // The same strings a second time come from the escaped cache.
    expect(lineJson.render(LINE)).toBe(stringified(LINE));
    expect(fallbacks()).toBe(0);
    expect(lineJson.render(LINE)).toContain('"reasons": [\n        "semantic outlier: \\u001b]0;owned\\u0007",');
  });

  it('leaves any other shape to JSON.stringify', () => {
    const { lineJson, fallbacks } = counting();
    const { file, ...rest } = LINE;
    const others: unknown[] = [
      { ...rest, file }, // file last: another key order
      { ...LINE, extra: 1 }, // a key fusion does not make
      { ...LINE, campaign: undefined }, // a campaign key without a value (JSON.stringify leaves it out)
      { ...LINE, reasons: ['a', 7] }, // not a string in a list of strings
      { ...LINE, nearestNormal: [{ distance: 0.4, text: 'GET /' }] }, // an entry's keys in another order
      { ...LINE, line: '7' }, // a number as a string
      Object.assign(Object.create({ toJSON: () => 'mine' }), LINE), // not a plain object: its toJSON decides
    ];
    for (const other of others) expect(lineJson.render(other as LineFinding)).toBe(stringified(other));
    expect(fallbacks()).toBe(others.length);
  });

  it('writes the line findings of a real scan without falling back', async () => {
    const analysis = await attackAnalysis();
    expect(analysis.lines.some((line) => line.campaign !== undefined && line.nearestNormal.length > 0)).toBe(true);
    const { lineJson, fallbacks } = counting();
    for (const line of analysis.lines) expect(lineJson.render(line)).toBe(stringified(line));
    expect(fallbacks()).toBe(0);
  });
});
