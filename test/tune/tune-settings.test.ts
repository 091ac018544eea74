// The tuning core on a real log slice with attack lines added, with the deterministic trigram
// embedder in place of the model (the real model runs in test/cli/tune.test.ts).

import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import type { PreparedScan } from '../../src/pipeline/prepare-scan.js';
import { labelLines, type LabelledLines } from '../../src/tune/label-lines.js';
import { parseObjective } from '../../src/tune/objective.js';
import { parseLabels } from '../../src/tune/read-labels.js';
import { tuneSettings } from '../../src/tune/tune-settings.js';
import { attackSlice } from '../helpers/attack-slice.js';

describe('tuneSettings', () => {
  let file: string;
  let prepared: PreparedScan;
  let labelled: LabelledLines;
  let anomalyLines: number[];

  beforeAll(async () => {
    ({ file, prepared, labelled, anomalyLines } = await attackSlice('FILE,1,normal\n'));
  });

  it('labels the records the CSV names, and only them', () => {
    expect(labelled.anomalies).toBe(12);
    expect(labelled.labels.reduce((a, b) => a + b, 0)).toBe(12);
    expect(labelled.notScored).toEqual([]);
  });

  it('sweeps eps × min_samples × min_rarity for F1 and finds the attacks, also held out', () => {
    const result = tuneSettings(prepared, labelled, { objective: parseObjective('f1') });
    expect(result.settings).toHaveLength(6 * 5 * 5);
    expect(result.chosen.scores.f1).toBeGreaterThanOrEqual(result.defaults.scores.f1);
    // Clients held out of the choice: most of the 12 attack lines are still caught.
    expect(result.heldOut.f1).toBeGreaterThan(0.6);
    expect(result.chosen.setting.minScore).toBe(0);
    expect(result.heldOut.folds).toBe(5);
    expect(result.heldOut.positives).toBe(12);
    expect(result.heldOut.positives + result.heldOut.negatives).toBe(labelled.labels.length);
    // The chosen settings, given to a scan, flag exactly the lines the sweep counted.
    const { eps, minSamples, minRarity, ipWeight, minScore } = result.chosen.setting;
    const analysis = detectAnomalies(prepared, { semantic: { eps, minSamples, minRarity }, fuse: { ipWeight, minLineScore: minScore } });
    const flagged = new Set(analysis.lines.map((l) => l.line));
    expect(flagged.size).toBe(result.chosen.scores.flagged);
    expect(anomalyLines.filter((line) => flagged.has(line))).toHaveLength(result.chosen.scores.truePositives);
  });

  it('falls back to the defaults when every setting of the sweep does worse than them on a group of clients', () => {
    // Labels that the defaults get exactly right, and a grid without the defaults: the sweep's best
    // setting is worse, and only the guard in chooseSetting keeps it from being chosen.
    const flaggedByDefaults = detectAnomalies(prepared, {}).lines.map((l) => l.line);
    expect(flaggedByDefaults.length).toBeGreaterThan(0);
    const csv = `file,line,label\n${flaggedByDefaults.map((line) => `${file},${line},anomaly`).join('\n')}\n`;
    const exact = labelLines(parseLabels(csv, 'labels.csv'), prepared, 'labels.csv');
    const result = tuneSettings(prepared, exact, { objective: parseObjective('f1'), grid: { eps: [0.5], minSamples: [20], minRarity: [0], ipWeight: [2] } });
    expect(result.defaults.scores.f1).toBe(1);
    expect(result.settings).toHaveLength(1);
    expect(result.settings[0]!.scores.f1).toBeLessThan(1);
    expect(result.eligible).toBe(0);
    expect(result.chosen.setting).toEqual(result.defaults.setting);
    expect(result.chosen.scores.f1).toBe(1);
  });

  it('keeps to an alert budget, with the threshold and the fusion weight swept too', () => {
    const result = tuneSettings(prepared, labelled, { objective: parseObjective('precision@5') });
    expect(result.settings).toHaveLength(6 * 5 * 5 * 3);
    expect(result.chosen.scores.flagged).toBeLessThanOrEqual(5);
    const { eps, minSamples, minRarity, ipWeight, minScore } = result.chosen.setting;
    const analysis = detectAnomalies(prepared, { semantic: { eps, minSamples, minRarity }, fuse: { ipWeight, minLineScore: minScore } });
    expect(analysis.lines).toHaveLength(result.chosen.scores.flagged);
  });

  it('rejects labels for a file that was not scanned, and for a line past its end', () => {
    expect(() => labelLines(parseLabels('file,line,label\nother.log,3,anomaly\n', 'l.csv'), prepared, 'l.csv')).toThrow(/l\.csv:2: other\.log is not one of the scanned files/);
    expect(() => labelLines(parseLabels(`file,line,label\n${file},99999,anomaly\n`, 'l.csv'), prepared, 'l.csv')).toThrow(/has no record on line 99999/);
  });

  it('rejects a line labelled both ways under two spellings of its file (path and name)', () => {
    const name = basename(file);
    const line = anomalyLines[0]!;
    const rows = parseLabels(`file,line,label\n${file},${line},anomaly\nelsewhere/${name},${line},normal\n`, 'l.csv');
    expect(() => labelLines(rows, prepared, 'l.csv')).toThrow(`l.csv:3: elsewhere/${name} line ${line} (also named ${file}) is labelled normal, but l.csv:2 labels it anomaly`);
  });
});
