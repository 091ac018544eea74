// `semlog tune` and `semlog scan --config` end to end: the real bin, the real model, a real log slice
// with attack lines added and a labels file.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, runCli } from './run-cli.js';

const ATTACKS = [
  "GET /index.php?id=1'%20UNION%20SELECT%20password%20FROM%20users--",
  'GET /cgi-bin/status?host=;cat%20/etc/passwd',
  'GET /search?q=%3Cscript%3Ealert(1)%3C/script%3E',
];

/**
 * One command injection each from four more clients, which the default scoring misses (the four form
 * a cluster, and each client also reads the home page, so one payload among its two requests does not
 * make it hostile): a labelled log where a learned model beats the defaults held out, since every
 * held-out client's line lies inside the signal ranges the other folds' lines span.
 */
const QUIET_ATTACKS = ['GET /cgi-bin/status?host=|id', 'GET /cgi-bin/status?host=|whoami', 'GET /cgi-bin/status?host=|ls', 'GET /cgi-bin/status?host=|pwd'];

describe('semlog tune', () => {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-tune-cli-'));
  const log = join(dir, 'day.log');
  const labels = join(dir, 'labels.csv');
  const config = join(dir, 'tuned.json');
  const cache = join(dir, 'cache');
  const attackLines: number[] = [];
  const learnLog = join(dir, 'learn', 'day.log');
  const learnLabels = join(dir, 'learn-labels.csv');
  const learnAttackLines: number[] = [];

  beforeAll(() => {
    const fixture = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
    const lines = [...fixture];
    ATTACKS.forEach((request, k) => {
      lines.splice(50 + k * 80, 0, `198.51.100.${k + 7} - - [17/May/2015:10:05:40 +0000] "${request} HTTP/1.1" 200 312 "-" "curl/8.0"`);
    });
    lines.forEach((line, i) => line.startsWith('198.51.100.') && attackLines.push(i + 1));
    writeFileSync(log, `${lines.join('\n')}\n`);
    // Relative to another folder: labels match files by name when the path differs.
    writeFileSync(labels, `file,line,label,comment\n${attackLines.map((line) => `elsewhere/day.log,${line},anomaly,"known attack, ticket 1"`).join('\n')}\n`);

    const HOME_PAGE = '"GET / HTTP/1.1"';
    QUIET_ATTACKS.forEach((request, k) => {
      lines.splice(
        30 + k * 60,
        0,
        `198.51.100.${k + 20} - - [17/May/2015:10:05:40 +0000] ${HOME_PAGE} 200 9045 "-" "curl/8.0"`,
        `198.51.100.${k + 20} - - [17/May/2015:10:05:41 +0000] "${request} HTTP/1.1" 200 312 "-" "curl/8.0"`,
      );
    });
    lines.forEach((line, i) => line.startsWith('198.51.100.') && !line.includes(HOME_PAGE) && learnAttackLines.push(i + 1));
    mkdirSync(join(dir, 'learn'));
    writeFileSync(learnLog, `${lines.join('\n')}\n`);
    writeFileSync(learnLabels, `file,line,label\n${learnAttackLines.map((line) => `day.log,${line},anomaly`).join('\n')}\n`);
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

  it('refuses labels that contradict each other or leave a quote open, naming the rows (exit 3)', async () => {
    const both = join(dir, 'both.csv');
    writeFileSync(both, `file,line,label\nday.log,${attackLines[0]},anomaly\nday.log,${attackLines[0]},normal\n`);
    const contradicting = await runCli(['tune', log, '--labels', both, '--cache', cache]);
    expect(contradicting.code).toBe(3);
    expect(contradicting.stderr).toContain(`both.csv:3: day.log line ${attackLines[0]} is labelled normal, but ${both}:2 labels it anomaly\nhint: keep one of the two rows`);
    const open = join(dir, 'open.csv');
    writeFileSync(open, `file,line,label\n"day.log,${attackLines[0]},anomaly\n`);
    const unclosed = await runCli(['tune', log, '--labels', open, '--cache', cache]);
    expect(unclosed.code).toBe(3);
    expect(unclosed.stderr).toContain('open.csv:2: a quote (") opens a field that the line does not close');
    const clients = join(dir, 'both-clients.csv');
    writeFileSync(clients, 'ip,label\n198.51.100.7,anomaly\n198.51.100.7,normal\n');
    const contradictingClients = await runCli(['tune', log, '--labels', clients, '--cache', cache]);
    expect(contradictingClients.code).toBe(3);
    expect(contradictingClients.stderr).toContain(`both-clients.csv:3: client 198.51.100.7 is labelled normal, but ${clients}:2 labels it anomaly`);
  });

  it('refuses a --save or --suggest-csv it could not write before any work: a folder (exit 2), a missing or unwritable folder (exit 3), an input', async () => {
    // A fresh cache stays missing: nothing was embedded before the error.
    const unused = join(dir, 'unused-cache');
    const tune = (...extra: string[]) => runCli(['tune', log, '--labels', labels, '--cache', unused, ...extra]);
    const folder = await tune('--save', dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`semlog: --save ${dir} is a folder: it names the file to write\nhint: name a file, e.g. --save ${join(dir, 'tuned.json')}\n`);
    const missing = await tune('--save', join(dir, 'no-such-folder', 'tuned.json'));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`semlog: cannot write --save ${join(dir, 'no-such-folder', 'tuned.json')}: the folder ${join(dir, 'no-such-folder')} does not exist\n`);
    const underFile = await tune('--suggest', '3', '--suggest-csv', join(log, 'more.csv'));
    expect(underFile.code).toBe(3);
    expect(underFile.stderr).toContain(`semlog: cannot write --suggest-csv ${join(log, 'more.csv')}: ${log} is not a folder\n`);
    const overLabels = await tune('--suggest', '3', '--suggest-csv', labels);
    expect(overLabels.code).toBe(2);
    expect(overLabels.stderr).toContain(`semlog: --suggest-csv ${labels} is the --labels file: writing there would replace it\n`);
    const overLog = await tune('--save', log);
    expect(overLog.code).toBe(2);
    expect(overLog.stderr).toContain(`semlog: --save ${log} is one of the inputs`);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      mkdirSync(locked, { mode: 0o555 });
      const unwritable = await tune('--save', join(locked, 'tuned.json'));
      expect(unwritable.code).toBe(3);
      expect(unwritable.stderr).toContain(`the folder ${locked} is not writable (EACCES)`);
    }
    for (const result of [folder, missing, underFile, overLabels, overLog]) expect(result.stdout).toBe('');
    expect(existsSync(unused)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a --baseline that is no baseline before any work (exit 3)', async () => {
    const unused = join(dir, 'unused-cache-baseline');
    const result = await runCli(['tune', log, '--labels', labels, '--baseline', tmpdir(), '--cache', unused]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`semlog: ${tmpdir()} is not a semlog baseline (no meta.json)\nhint: create one with: semlog train CLEAN_LOGS… -o BASELINE\n`);
    expect(existsSync(unused)).toBe(false);
  });

  it('tune --learn --save fits the signal weights, and scan --config applies the learned model', async () => {
    const learnedConfig = join(dir, 'learned.json');
    const result = await runCli(['tune', learnLog, '--labels', learnLabels, '--learn', '--save', learnedConfig, '--cache', cache]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Learned model \(logistic regression on the standardised signals, L2; threshold for f1\):/);
    expect(result.stdout).toMatch(/\n {2}payloadTag +\S+ +0\.019 +0\.138\n/);
    expect(result.stdout).toMatch(/learned, held out +\d+ /);
    expect(result.stdout).toMatch(/held out, \d+ line\(s\) lay outside the signal ranges their fold's model was fitted on: the default scoring decided them/);
    const saved = JSON.parse(readFileSync(learnedConfig, 'utf8'));
    // On this log the model beats the sweep held out (F1 0.625 against 0.500), so it is what is saved.
    expect(saved.scores.learned).toMatchObject({ kept: true, heldOut: { folds: 5, positives: 7 } });
    expect(saved.scores.learned.heldOut.f1).toBeGreaterThan(saved.scores.heldOut.f1);
    expect(result.stderr).toMatch(/learned line model (and learned client model )?saved to /);
    expect(saved.learned).toMatchObject({ kind: 'logistic-regression', format: 3, baseline: false, embeddingModel: expect.stringContaining('MiniLM'), signals: expect.arrayContaining(['semanticOutlier', 'payloadTag']) });
    expect(saved.settings).toEqual({ eps: 0.3, minSamples: 3, minRarity: 8, ipWeight: 1, minScore: 0 });

    const scanned = await runCli(['scan', learnLog, '--config', learnedConfig, '--cache', cache, '--output', 'json']);
    expect(scanned.code, scanned.stderr).toBe(0);
    const lines = JSON.parse(scanned.stdout).lines as Array<{ line: number; score: number; reasons: string[] }>;
    // The scan flags what tune counted for the model on all lines.
    expect(lines).toHaveLength(saved.scores.learned.tuned.flagged);
    expect(lines.filter((l) => learnAttackLines.includes(l.line))).toHaveLength(saved.scores.learned.tuned.truePositives);
    for (const line of lines) {
      expect(line.score).toBeGreaterThanOrEqual(1);
      expect(line.reasons[0]).toMatch(/^learned model: probability \S+ \(threshold \S+\); most weight: .*attack payload in the request yes/);
    }
    // A kept client model re-scores every reported client: its probability in percent, its reason first.
    const ips = JSON.parse(scanned.stdout).ips as Array<{ score: number; reasons: string[] }>;
    if (saved.learnedClients) {
      expect(ips.length).toBeGreaterThan(0);
      for (const ip of ips) {
        expect(ip.reasons[0]).toMatch(/^learned client model: probability (\S+)/);
        expect(ip.score).toBeCloseTo(100 * Number(/probability ([\d.]+)/.exec(ip.reasons[0]!)![1]), 0);
      }
    }
    // --fail-on compares the scaled score: 1 is the threshold.
    const failing = await runCli(['scan', learnLog, '--config', learnedConfig, '--cache', cache, '--output', 'json', '--fail-on', '1']);
    expect(failing.code).toBe(1);
  });

  it('refuses a learned model from another signal set, another format or with tampered numbers (exit 2)', async () => {
    const source = join(dir, 'source.json');
    await runCli(['tune', learnLog, '--labels', learnLabels, '--learn', '--save', source, '--cache', cache, '--quiet']);
    const config = JSON.parse(readFileSync(source, 'utf8'));
    expect(config.learned).toBeDefined();
    const cases: Array<[string, (learned: Record<string, unknown>) => void, RegExp]> = [
      ['signals', (l) => (l['signals'] = [...(l['signals'] as string[]).slice(1), 'semanticOutlier']), /logistic-regression model was fitted on the signals \["fieldNoveltyBits"/],
      ['format', (l) => (l['format'] = 2), /logistic-regression model format 2 is not this version's \(3\)/],
      ['fitted ranges', (l) => (l['fittedRanges'] = [null, null]), /fittedRanges must be two entries \(null or \{low, high\} of 9 finite numbers, low ≤ high\), not both null/],
      ['fitted range order', (l) => ((l['fittedRanges'] as Array<{ low: number[] } | null>).find((r) => r !== null)!.low[0] = 1e9), /fittedRanges must be two entries/],
      ['kind', (l) => (l['kind'] = 'random-forest'), /model kind "random-forest" is not "logistic-regression"/],
      ['weights', (l) => (l['weights'] = (l['weights'] as number[]).slice(1)), /logistic-regression model weights must be 9 finite numbers/],
      ['scale', (l) => ((l['scale'] as number[])[0] = 0), /logistic-regression model scale must be 9 finite numbers above 0/],
      ['threshold', (l) => (l['threshold'] = 1.5), /logistic-regression model threshold 1\.5: must be above 0 and below 1/],
      ['embedding model', (l) => delete l['embeddingModel'], /embeddingModel must name the embedding model/],
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

  it('refuses a learned model fitted without a baseline in a scan with one, and another embedding model (exit 2)', async () => {
    const source = join(dir, 'source-compat.json');
    await runCli(['tune', learnLog, '--labels', learnLabels, '--learn', '--save', source, '--cache', cache, '--quiet']);
    const config = JSON.parse(readFileSync(source, 'utf8'));
    expect(config.learned.baseline).toBe(false);
    // Refused before anything is read: the baseline folder need not exist for the check.
    const withBaseline = await runCli(['scan', log, '--config', source, '--baseline', join(dir, 'no-such-baseline'), '--cache', cache]);
    expect(withBaseline.code).toBe(2);
    expect(withBaseline.stderr).toMatch(/source-compat\.json: the learned model was fitted without a baseline, and this scan has one\nhint: scan without --baseline/);
    const fitted = join(dir, 'fitted-with-baseline.json');
    writeFileSync(fitted, JSON.stringify({ ...config, learned: { ...config.learned, baseline: true } }));
    const without = await runCli(['scan', log, '--config', fitted, '--cache', cache]);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/the learned model was fitted against a baseline, and this scan has none\nhint: scan with --baseline DIR/);
    const otherModel = join(dir, 'other-model.json');
    writeFileSync(otherModel, JSON.stringify({ ...config, learned: { ...config.learned, embeddingModel: 'bge-small/onnx/model.onnx' } }));
    const other = await runCli(['scan', log, '--config', otherModel, '--cache', cache]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/the learned model was fitted with the embedding model bge-small\/onnx\/model\.onnx, this scan uses \S*MiniLM/);
    expect(other.stderr).not.toMatch(/\n\s+at /);
  });

  it('learns from client labels (ip,label): every line of a labelled client counts, and a client model is fitted', async () => {
    const clientLabels = join(dir, 'clients.csv');
    writeFileSync(clientLabels, 'ip,label\n198.51.100.7,anomaly\n198.51.100.8,anomaly\n198.51.100.9,anomaly\n');
    const clientConfig = join(dir, 'clients.json');
    const result = await runCli(['tune', log, '--labels', clientLabels, '--learn', '--save', clientConfig, '--cache', cache]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('semlog tune: 303 labelled lines, 3 anomalies (every line of a client labelled anomaly)');
    expect(result.stdout).toMatch(/Learned client model \(logistic regression on the client signals, L2; 3 attacker clients of \d+\):/);
    expect(result.stdout).toMatch(/default client score +\d\.\d{3} +\d of 3/);
    const saved = JSON.parse(readFileSync(clientConfig, 'utf8'));
    expect(saved.scores.clients).toMatchObject({ attackers: 3, heldOut: { folds: 5 } });
    // Saved only when it ranks the attackers better held out than the default score.
    expect(saved.learnedClients !== undefined).toBe(saved.scores.clients.heldOut.averagePrecision > saved.scores.clients.defaults.averagePrecision);

    const neither = join(dir, 'neither.csv');
    writeFileSync(neither, 'address,verdict\n198.51.100.7,anomaly\n');
    const bad = await runCli(['tune', log, '--labels', neither, '--cache', cache]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/neither\.csv:1: the header has no file, line, label column: it is neither line labels nor client labels\nhint: .*ip,label/);
    const stranger = join(dir, 'stranger.csv');
    writeFileSync(stranger, 'ip,label\n203.0.113.250,anomaly\n');
    const unknown = await runCli(['tune', log, '--labels', stranger, '--cache', cache]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/stranger\.csv:2: 203\.0\.113\.250 sent no request in the scanned logs/);
  });

  it('--suggest N lists unlabelled lines near the threshold, spread over clients, and writes them as a labels file', async () => {
    const suggested = join(dir, 'suggested.csv');
    const result = await runCli(['tune', log, '--labels', labels, '--suggest', '5', '--suggest-csv', suggested, '--cache', cache]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Lines to label next \(5; the line model is least sure of them — at most 2 per client and per route\):\n +file:line +client +probability +now +request\n/);
    const rows = readFileSync(suggested, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('file,line,label,ip,probability,request');
    expect(rows).toHaveLength(6);
    const parsed = rows.slice(1).map((row) => row.split(','));
    // Never a line the labels name already, at most two per client, the label left to fill in.
    for (const [file, line, label] of parsed) {
      expect(file).toBe(log);
      expect(attackLines).not.toContain(Number(line));
      expect(label).toBe('');
    }
    const perClient = new Map<string, number>();
    for (const row of parsed) perClient.set(row[3]!, (perClient.get(row[3]!) ?? 0) + 1);
    expect(Math.max(...perClient.values())).toBeLessThanOrEqual(2);
    // Filled in, it is accepted as a labels file.
    writeFileSync(suggested, readFileSync(suggested, 'utf8').replace(/^([^,\n]+,\d+),,/gm, '$1,normal,'));
    const rerun = await runCli(['tune', log, '--labels', suggested, '--cache', cache]);
    expect(rerun.code).toBe(3);
    expect(rerun.stderr).toMatch(/labels no scanned line as an anomaly/);

    for (const bad of ['0', '-3', '2.5', 'many']) {
      const run = await runCli(['tune', log, '--labels', labels, '--suggest', bad, '--cache', cache]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toMatch(/--suggest/);
    }
    const lonely = await runCli(['tune', log, '--labels', labels, '--suggest-csv', suggested, '--cache', cache]);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/--suggest-csv needs --suggest N/);
  });
});
