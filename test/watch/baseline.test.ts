// `semlog watch --baseline` judges each new request by the rules of `scan --baseline` (the real model,
// the worker pool and an embedding cache): the same lines are semantic findings, with the same
// outlier scores, whichever of the two reads them.

import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { FIXTURE, runCli } from '../cli/run-cli.js';
import { WatchProcess } from './watch-process.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/logs/combined/${name}`, import.meta.url)), 'utf8');
let running: WatchProcess | undefined;

afterEach(() => {
  running?.child.kill('SIGKILL');
});

interface Finding {
  type: string;
  line: number;
  outlierScore: number;
  reasons: string[];
}

function semanticFindings(ndjson: string): Map<number, number> {
  const lines = ndjson.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Finding);
  return new Map(lines.filter((f) => f.type === 'line' && f.outlierScore > 0).map((f) => [f.line, f.outlierScore]));
}

it('flags the lines scan --baseline flags, with the same outlier scores, as they arrive', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-baseline-'));
  const baseline = join(dir, 'baseline');
  const cache = join(dir, 'cache');
  const trained = await runCli(['train', FIXTURE, '-o', baseline, '--cache', cache, '--quiet']);
  expect(trained.code).toBe(0);
  // Known traffic (the baseline's own first lines), then real attackers' requests.
  // Six WebDAV requests refused with 405: a method and a status the baseline never saw.
  const webdav = Array.from({ length: 6 }, (_, k) => `203.0.113.77 - - [17/May/2015:10:05:0${k} +0000] "PROPFIND /webdav/ HTTP/1.1" 405 0 "-" "Microsoft-WebDAV-MiniRedir/5.1.2600"\n`).join('');
  const live = readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 40).join('\n') + '\n' + fixture('basjes-hackers.log') + fixture('honeynet-odd-requests.log') + webdav;
  const log = join(dir, 'access.log');
  writeFileSync(log, '');
  running = new WatchProcess([log, '--state', join(dir, 'state'), '--baseline', baseline, '--cache', cache]);
  const watch = running;
  await watch.ready();
  appendFileSync(log, live);
  const records = live.split('\n').filter((l) => l.trim() !== '').length;
  await watch.until(() => watch.judged === records, 'every line was judged');
  watch.child.kill('SIGTERM');
  expect((await watch.exited).code).toBe(130);

  const scanned = await runCli(['scan', log, '--baseline', baseline, '--cache', cache, '--output', 'ndjson', '--quiet']);
  expect(scanned.code).toBe(0);
  const expected = semanticFindings(scanned.stdout);
  expect(expected.size).toBeGreaterThan(3);
  expect(semanticFindings(watch.stdout)).toEqual(expected);
  // The values the baseline never saw: the same fields and values as scan's new_value findings.
  const newValues = (ndjson: string) =>
    ndjson.split('\n').filter((l) => l.includes('"category":"new_value"')).map((l) => (JSON.parse(l) as { values: Array<{ field: string; value: string }> }).values[0]!).map((v) => `${v.field} ${v.value}`).sort();
  expect(newValues(scanned.stdout).length).toBeGreaterThan(0);
  expect(newValues(watch.stdout)).toEqual(newValues(scanned.stdout));
  const first = watch.stdout.split('\n').map((l) => (l.startsWith('{') ? (JSON.parse(l) as Finding) : undefined)).find((f) => f && f.outlierScore > 0)!;
  expect(first.reasons[0]).toMatch(/^(novel: the nearest request of the baseline is|close to a request of the baseline)/);
  expect(first.reasons.join(' ')).not.toContain('in this scan');
});

it('warns at the first lines of a followed file whose format the baseline was not trained on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-baseline-format-'));
  const baseline = join(dir, 'baseline');
  const cache = join(dir, 'cache');
  expect((await runCli(['train', FIXTURE, '-o', baseline, '--cache', cache, '--quiet'])).code).toBe(0);
  // Real CloudFront lines (aws-format-samples), appended to a followed file after the watcher starts.
  const cloudfront = readFileSync(fileURLToPath(new URL('../fixtures/logs/cloudfront/cf-access-log-sample_SYNTHETIC-headerless-crlf.log', import.meta.url)), 'utf8');
  const edge = join(dir, 'edge.log');
  const origin = join(dir, 'access.log');
  writeFileSync(edge, '');
  writeFileSync(origin, '');
  running = new WatchProcess([edge, origin, '--baseline', baseline, '--cache', cache]);
  const watch = running;
  await watch.ready();
  appendFileSync(origin, readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 20).join('\n') + '\n');
  appendFileSync(edge, cloudfront);
  await watch.until(() => watch.judged === 40, 'both files were judged');
  watch.child.kill('SIGTERM');
  expect((await watch.exited).code).toBe(130);
  const warnings = watch.stderr.split('\n').filter((line) => line.startsWith('semlog watch: warning: the baseline was trained on'));
  expect(warnings).toEqual([
    `semlog watch: warning: the baseline was trained on combined logs, and ${edge} is cloudfront: a baseline knows only the requests, fields and values of the kind of log it learned ` +
      '(another layer, most often another site), so the scan of cloudfront may judge nearly every request as new; ' +
      'train a baseline on clean cloudfront logs (semlog train CLEAN_LOGS… -o BASELINE) and judge each kind of log against its own',
  ]);
});
