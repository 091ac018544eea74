// `semlog tune` and `semlog scan --config` end to end: the real bin, the real model, a real log slice
// with attack lines added and a labels file.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, runCli } from './run-cli.js';

const ATTACKS = [
  "GET /index.php?id=1'%20UNION%20SELECT%20password%20FROM%20users--",
  'GET /cgi-bin/status?host=;cat%20/etc/passwd',
  'GET /search?q=%3Cscript%3Ealert(1)%3C/script%3E',
];

describe('semlog tune', () => {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-tune-cli-'));
  const log = join(dir, 'day.log');
  const labels = join(dir, 'labels.csv');
  const config = join(dir, 'tuned.json');
  const cache = join(dir, 'cache');
  const attackLines: number[] = [];

  beforeAll(() => {
    const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
    ATTACKS.forEach((request, k) => {
      lines.splice(50 + k * 80, 0, `198.51.100.${k + 7} - - [17/May/2015:10:05:40 +0000] "${request} HTTP/1.1" 200 312 "-" "curl/8.0"`);
    });
    lines.forEach((line, i) => line.startsWith('198.51.100.') && attackLines.push(i + 1));
    writeFileSync(log, `${lines.join('\n')}\n`);
    // Relative to another folder: labels match files by name when the path differs.
    writeFileSync(labels, `file,line,label,comment\n${attackLines.map((line) => `elsewhere/day.log,${line},anomaly,"known attack, ticket 1"`).join('\n')}\n`);
  });

  it('prints the sweep, the trade-off and the held-out scores, and saves the choice', async () => {
    const result = await runCli(['tune', log, '--labels', labels, '--save', config, '--cache', cache]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('semlog tune: 303 labelled lines, 3 anomalies');
    expect(result.stdout).toMatch(/objective f1 · 150 settings/);
    expect(result.stdout).toMatch(/\n {2}defaults +0\.3 +3 +8 +1 +0\.000 /);
    expect(result.stdout).toMatch(/Held out \(5-fold cross-validation over client IPs/);
    expect(result.stdout).toMatch(/Chosen: --eps \S+ --min-samples \d+ --min-rarity \d+ --ip-weight \d+ --min-score \S+/);
    expect(result.stderr).toContain(`settings saved to ${config}`);
    const saved = JSON.parse(readFileSync(config, 'utf8'));
    expect(saved).toMatchObject({ semlogConfig: 1, tunedOn: { inputs: [log], labels, lines: 303, anomalies: 3, objective: 'f1' } });
    expect(Object.keys(saved.settings).sort()).toEqual(['eps', 'ipWeight', 'minRarity', 'minSamples', 'minScore']);
    // The saved F1 is what a scan with the saved settings really scores on these labels.
    const scanned = await runCli(['scan', log, '--config', config, '--cache', cache, '--output', 'json']);
    expect(scanned.code, scanned.stderr).toBe(0);
    const flagged = (JSON.parse(scanned.stdout).lines as Array<{ line: number }>).map((l) => l.line);
    const caught = flagged.filter((line) => attackLines.includes(line)).length;
    expect(saved.scores.tuned.f1).toBeCloseTo((2 * caught) / (flagged.length + attackLines.length), 3);
    expect(saved.scores.tuned.f1).toBeGreaterThanOrEqual(saved.scores.defaults.f1);
  });

  it('scan --config uses the saved settings, and flags on the command line win', async () => {
    const strict = join(dir, 'strict.json');
    writeFileSync(strict, JSON.stringify({ semlogConfig: 1, settings: { minScore: 1000 } }));
    const quiet = await runCli(['scan', log, '--config', strict, '--cache', cache, '--output', 'json']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(JSON.parse(quiet.stdout).lines).toEqual([]);
    const overridden = await runCli(['scan', log, '--config', strict, '--min-score', '0', '--cache', cache, '--output', 'json']);
    const lines = JSON.parse(overridden.stdout).lines as Array<{ line: number }>;
    expect(lines.map((l) => l.line)).toEqual(expect.arrayContaining(attackLines));
  });

  it('fails clearly on a bad config, an unknown objective and labels for another file', async () => {
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ semlogConfig: 1, settings: { epsilon: 0.3 } }));
    const bad = await runCli(['scan', log, '--config', typo, '--cache', cache]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown setting "epsilon"/);
    const objective = await runCli(['tune', log, '--labels', labels, '--objective', 'accuracy', '--cache', cache]);
    expect(objective.code).toBe(2);
    expect(objective.stderr).toMatch(/unknown objective "accuracy"\nhint: use f1, precision@N/);
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'file,line,label\nmissing.log,3,anomaly\n');
    const unknown = await runCli(['tune', log, '--labels', other, '--cache', cache]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/other\.csv:2: missing\.log is not one of the scanned files/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it('tune --learn --save fits the signal weights, and scan --config applies the learned model', async () => {
    const learnedConfig = join(dir, 'learned.json');
    const result = await runCli(['tune', log, '--labels', labels, '--learn', '--save', learnedConfig, '--cache', cache]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Learned model \(logistic regression on the standardised signals, L2; threshold for f1\):/);
    expect(result.stdout).toMatch(/\n {2}payloadTag +\S+ +0\.010 +0\.099\n/);
    expect(result.stdout).toMatch(/learned, held out +\d+ /);
    const saved = JSON.parse(readFileSync(learnedConfig, 'utf8'));
    // On this log the model beats the sweep held out (F1 0.750 against 0.667), so it is what is saved.
    expect(saved.scores.learned).toMatchObject({ kept: true, heldOut: { folds: 5, positives: 3 } });
    expect(saved.scores.learned.heldOut.f1).toBeGreaterThan(saved.scores.heldOut.f1);
    expect(result.stderr).toContain(`learned model saved to ${learnedConfig}`);
    expect(saved.learned).toMatchObject({ kind: 'logistic-regression', format: 1, signals: expect.arrayContaining(['semanticOutlier', 'payloadTag']) });
    expect(saved.settings).toEqual({ eps: 0.3, minSamples: 3, minRarity: 8, ipWeight: 1, minScore: 0 });

    const scanned = await runCli(['scan', log, '--config', learnedConfig, '--cache', cache, '--output', 'json']);
    expect(scanned.code, scanned.stderr).toBe(0);
    const lines = JSON.parse(scanned.stdout).lines as Array<{ line: number; score: number; reasons: string[] }>;
    // The scan flags what tune counted for the model on all lines.
    expect(lines).toHaveLength(saved.scores.learned.tuned.flagged);
    expect(lines.filter((l) => attackLines.includes(l.line))).toHaveLength(saved.scores.learned.tuned.truePositives);
    for (const line of lines) {
      expect(line.score).toBeGreaterThanOrEqual(1);
      expect(line.reasons[0]).toMatch(/^learned model: probability \S+ \(threshold \S+\); most weight: .*attack payload in the request yes/);
    }
    // --fail-on compares the scaled score: 1 is the threshold.
    const failing = await runCli(['scan', log, '--config', learnedConfig, '--cache', cache, '--output', 'json', '--fail-on', '1']);
    expect(failing.code).toBe(1);
  });

  it('refuses a learned model from another signal set, another format or with tampered numbers (exit 2)', async () => {
    const source = join(dir, 'source.json');
    await runCli(['tune', log, '--labels', labels, '--learn', '--save', source, '--cache', cache, '--quiet']);
    const config = JSON.parse(readFileSync(source, 'utf8'));
    expect(config.learned).toBeDefined();
    const cases: Array<[string, (learned: Record<string, unknown>) => void, RegExp]> = [
      ['signals', (l) => (l['signals'] = [...(l['signals'] as string[]).slice(1), 'semanticOutlier']), /learned model was fitted on the signals \["fieldNoveltyBits"/],
      ['format', (l) => (l['format'] = 2), /learned model format 2 is not this version's \(1\)/],
      ['kind', (l) => (l['kind'] = 'random-forest'), /learned model kind "random-forest" is not "logistic-regression"/],
      ['weights', (l) => (l['weights'] = (l['weights'] as number[]).slice(1)), /learned model weights must be 9 finite numbers/],
      ['scale', (l) => ((l['scale'] as number[])[0] = 0), /learned model scale must be 9 finite numbers above 0/],
      ['threshold', (l) => (l['threshold'] = 1.5), /learned model threshold 1\.5: must be above 0 and below 1/],
    ];
    for (const [name, tamper, message] of cases) {
      const learned = structuredClone(config.learned);
      tamper(learned);
      const file = join(dir, `tampered-${name}.json`);
      writeFileSync(file, JSON.stringify({ ...config, learned }));
      const run = await runCli(['scan', log, '--config', file, '--cache', cache]);
      expect(run.code, name).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/hint: tune again with this version/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
