// Every option is checked where it enters: each bad value below must end the real bin with exit 2 and
// one line naming the option. Each case also names a log and a model that do not exist, so a check
// that came after reading the logs (exit 3) or loading the model (exit 4) fails the test: validation
// runs before any work, and each case is a quick child process. The cases run a few at a time.

import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE, runCli } from './run-cli.js';

const NO_LOG = '/no/such/access.log';
const NO_MODEL = ['--model', '/no/such/model'];
const dir = mkdtempSync(join(tmpdir(), 'semlog-validate-'));

/** A config as `semlog tune --save` writes it, with these settings. */
function config(name: string, settings: Record<string, unknown>): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ semlogConfig: 1, settings }));
  return file;
}

interface Case {
  command: 'scan' | 'train' | 'tune' | 'watch';
  args: string[];
  /** What the one line must name (the option, or the config file). */
  names: string;
}

const numeric = (command: Case['command'], option: string, values: string[]): Case[] =>
  values.map((value) => ({ command, args: [option, value], names: `${option} ${value}: must be a` }));

const COUNT = ['0', '2.5', '-3', 'abc', '1e400', 'NaN', '9007199254740993'];
const CASES: Case[] = [
  ...numeric('scan', '--fail-on', ['abc', '-1', 'Infinity']),
  ...numeric('scan', '--eps', ['banana', '-1', '0', '2.5', 'NaN', '+2.5', '0.3x']),
  ...numeric('scan', '--min-samples', COUNT),
  ...numeric('scan', '--min-rarity', ['-1', 'x']),
  ...numeric('scan', '--ip-weight', ['-0.5', 'x']),
  ...numeric('scan', '--min-score', ['-1', 'x']),
  ...numeric('scan', '--top', COUNT),
  ...numeric('scan', '--workers', ['0', '1.5', '1000', 'abc']),
  ...numeric('scan', '--batch-size', ['abc', '0', '2.5', '5000']),
  ...numeric('scan', '--max-line-bytes', ['0', '1.5', 'abc']),
  ...numeric('scan', '--window-minutes', ['0', '-5', 'abc']),
  ...numeric('scan', '--min-value-count', ['0', '2.5', 'abc']),
  ...numeric('scan', '--min-mix-requests', ['0', '-1']),
  ...numeric('scan', '--rare-share', ['0', '1.5', 'x']),
  ...numeric('scan', '--client-share', ['0', '2']),
  ...numeric('scan', '--share-ratio', ['1', '0.5', 'x']),
  ...numeric('scan', '--min-share-rise', ['-0.1', '1.1']),
  { command: 'scan', args: ['--eps'], names: '--eps needs a value' },
  { command: 'scan', args: ['--eps', '0.3', '--eps', '0.4'], names: '--eps is given 2 times' },
  { command: 'scan', args: ['--output', 'json', '--output', 'csv'], names: '--output is given 2 times' },
  { command: 'scan', args: ['--output', 'xml'], names: 'Argument: output, Given: "xml", Choices: "table", "json", "ndjson", "csv"' },
  { command: 'tune', args: ['--output', 'csv'], names: 'Argument: output, Given: "csv", Choices: "table", "json"' },
  { command: 'scan', args: ['--format', 'xyz'], names: 'unknown log format "xyz"' },
  { command: 'scan', args: ['--embedding', 'fast'], names: '--embedding must be one of full, cascade, not "fast"' },
  { command: 'scan', args: ['--embedding', 'cascade', '--queue', 'redis://127.0.0.1:1', '--store', dir], names: '--embedding cascade cannot be combined with --queue' },
  { command: 'scan', args: ['--since', 'yesterday'], names: '--since yesterday is not a time' },
  // An option followed by no value, or by another option, was dropped: a run without the HTML report
  // or the exclusion asked for.
  { command: 'scan', args: ['--html', '--fail-on', '40'], names: '--html needs a value' },
  { command: 'scan', args: ['--exclude', '--top', '3'], names: '--exclude needs a value' },
  { command: 'scan', args: ['--allow-user-agent'], names: '--allow-user-agent needs a value' },
  { command: 'scan', args: ['--baseline'], names: '--baseline needs a value' },
  { command: 'train', args: ['--log-format'], names: '--log-format needs a value' },
  // Read as the flags -5 and -h, this printed the help on stdout with exit 0.
  { command: 'scan', args: ['--since', '-5h'], names: 'Unknown argument: 5h' },
  // Hexadecimal was read as a number, where other bases were refused.
  { command: 'scan', args: ['--eps', '0x1'], names: '--eps 0x1: must be a' },
  { command: 'scan', args: ['--top', '0x2'], names: '--top 0x2: must be a' },
  { command: 'scan', args: ['--html', '-'], names: '--html needs a file name: stdout carries the report' },
  // Taken and ignored without an S3 input: a path meant to be s3:// went unnoticed.
  { command: 'scan', args: ['--region', 'eu-west-1'], names: '--region is only used with s3:// inputs (or an s3:// --store)' },
  { command: 'train', args: ['--endpoint-url', 'http://127.0.0.1:9000'], names: '--endpoint-url is only used with s3:// inputs' },
  { command: 'scan', args: ['s3://bucket/logs/', '--endpoint-url', 'notaurl'], names: '--endpoint-url notaurl is not an http(s) URL' },
  { command: 'scan', args: ['--out', join(dir, 'r.json'), '--html', join(dir, 'r.json')], names: '--out and --html name the same file' },
  // A folder in the report's place failed with EISDIR only after the whole scan.
  { command: 'scan', args: ['--out', dir], names: `--out ${dir} is a folder: it names the file to write` },
  { command: 'scan', args: ['--html', dir], names: `--html ${dir} is a folder: it names the file to write` },
  { command: 'scan', args: ['--since', '2024-05-02', '--until', '2024-05-01'], names: '--since must be earlier than --until' },
  { command: 'scan', args: ['--config', config('eps', { eps: 5 })], names: 'eps.json: setting eps 5: must be a number > 0 and ≤ 2' },
  { command: 'scan', args: ['--config', config('samples', { minSamples: 2.5 })], names: 'samples.json: setting minSamples 2.5: must be a whole number' },
  { command: 'scan', args: ['--config', config('rarity', { minRarity: '8' })], names: 'rarity.json: setting minRarity "8": must be a number' },
  ...numeric('train', '--workers', ['0']),
  ...numeric('train', '--batch-size', ['abc']),
  ...numeric('train', '--window-minutes', ['0']),
  // Training clusters nothing: the detector settings are not train's options.
  { command: 'train', args: ['--eps', '0.3'], names: '--eps: semlog train clusters nothing' },
  { command: 'train', args: ['--min-samples', '3'], names: '--min-samples: semlog train clusters nothing' },
  { command: 'train', args: ['--min-rarity', '8'], names: '--min-rarity: semlog train clusters nothing' },
  { command: 'train', args: ['--bogus', '1'], names: 'Unknown argument: bogus' },
  ...numeric('tune', '--folds', ['1', '2.5', 'abc']),
  ...numeric('tune', '--top', ['0', '-3']),
  ...numeric('tune', '--batch-size', ['0']),
  { command: 'tune', args: ['--objective', 'precision@0'], names: 'unknown objective "precision@0"' },
  // watch clusters nothing: these were taken and changed nothing.
  { command: 'watch', args: ['--min-samples', '50'], names: '--min-samples: semlog watch clusters nothing' },
  { command: 'watch', args: ['--eps', '0.1'], names: '--eps: semlog watch uses it only against a --baseline' },
  { command: 'watch', args: ['--min-rarity', '0'], names: '--min-rarity: semlog watch uses it only against a --baseline' },
];

function commandLine({ command, args }: Case): string[] {
  if (command === 'train') return ['train', NO_LOG, '-o', join(dir, 'baseline'), ...NO_MODEL, ...args];
  if (command === 'tune') return ['tune', NO_LOG, '--labels', '/no/such/labels.csv', ...NO_MODEL, ...args];
  if (command === 'watch') return ['watch', NO_LOG, ...NO_MODEL, ...args];
  return ['scan', NO_LOG, ...NO_MODEL, ...args];
}

describe.concurrent('bad option values: exit 2 with one line naming the option, before any work', () => {
  it.each(CASES)('$command $args', async (testCase) => {
    const result = await runCli(commandLine(testCase));
    expect(result.code, result.stderr).toBe(2);
    const [first, ...rest] = result.stderr.split('\n');
    expect(first).toMatch(/^semlog: /);
    expect(first).toContain(testCase.names);
    // At most a hint after the one line; no stack.
    expect(rest.filter((line) => line !== '' && !line.startsWith('hint: '))).toEqual([]);
    expect(result.stdout).toBe('');
  });
});

describe('reports written over the inputs', () => {
  it('an output that is one of the inputs (named, or found in a folder) is exit 2, and the log is left as it was', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'semlog-validate-logs-'));
    const log = join(logs, 'access.log');
    copyFileSync(FIXTURE, log);
    const before = readFileSync(log);
    for (const args of [[log, '--out', log], [log, '--html', log], [logs, '--out', join(logs, '.', 'access.log')]]) {
      const result = await runCli(['scan', ...args, '--no-cache']);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^semlog: --(out|html) \S+ is one of the inputs \(\S+access\.log\): writing there would replace the log\n/);
      expect(readFileSync(log)).toEqual(before);
    }
  });

  it('--out - is stdout', async () => {
    const result = await runCli(['scan', FIXTURE, '--no-cache', '--output', 'json', '--out', '-']);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { summary: { records: number } }).summary.records).toBeGreaterThan(0);
  });
});

describe('errors that quote log content', () => {
  it('show its control characters, bidi overrides and C1 codes as escapes, in the file name and the first line', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'semlog-validate-escape-'));
    const log = join(logs, 'x\u001b]0;TITLE\u0007y.log');
    writeFileSync(log, 'not a log \u009b31m CSI \u007f DEL \u202e RLO \u001b[2J\n');
    const result = await runCli(['scan', log, '--no-cache']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(result.stderr).toContain('x\\x1b]0;TITLE\\x07y.log');
    // The first line is quoted as JSON, which escapes C0 itself (\u001b); C1, DEL and bidi are not JSON's to escape.
    expect(result.stderr).toContain('not a log \\x9b31m CSI \\x7f DEL \\u{202e} RLO \\u001b[2J');
  });
});
