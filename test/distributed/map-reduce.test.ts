// The map and reduce functions without a queue (what another engine would call): jobs finished in
// any order reduce to the Analysis of analyze() over the same inputs.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapInput } from '../../src/distributed/map-input.js';
import { planMapJobs } from '../../src/distributed/plan-map-jobs.js';
import { reduceScan } from '../../src/distributed/reduce-scan.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { FORM_BOT_LINE_REASON } from '../../src/rank/fuse-findings.js';
import type { Analysis } from '../../src/types.js';
import { behindProxies, PROXIES } from '../helpers/behind-proxies.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/distributed/', import.meta.url));
const SECREPO = fileURLToPath(new URL('../../../shared/data/secrepo-weblogs/access-2022-12-22.log', import.meta.url));
const ELASTIC = fileURLToPath(new URL('../../../shared/data/elastic-apache-logs/apache_logs.log', import.meta.url));
const ALMHUETTE = fileURLToPath(new URL('../../../shared/data/almhuette-raith-2019/access_2019-04-02_03.log', import.meta.url));

/** The Analysis without what differs between any two runs (timings) or by design (cache hits). */
function comparable(analysis: Analysis): unknown {
  const { elapsedMs, stageMs, cachedTexts, ...summary } = analysis.summary;
  return { ...analysis, summary };
}

describe('mapInput + reduceScan', () => {
  it('reduce jobs finished in reverse order to the analysis of the same inputs', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'semlog-mapreduce-logs-'));
    for (const name of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, name), join(logs, name));
    const store = mkdtempSync(join(tmpdir(), 'semlog-mapreduce-store-'));
    const embedder = trigramEmbedder(64);
    const jobs = await planMapJobs({ paths: [logs], store });
    expect(jobs.map((j) => j.index)).toEqual(jobs.map((_, i) => i));
    const results = [];
    for (const job of [...jobs].reverse()) results.push(await mapInput(job, embedder));
    expect(results.reduce((sum, r) => sum + r.records, 0)).toBe(1238);
    const reduced = await reduceScan({ store, scanId: jobs[0]!.scanId, jobs: jobs.length }, { paths: [logs], embedder, cacheDir: jobs[0]!.cacheDir! });
    const single = await analyze({ paths: [logs], embedder, cacheDir: false });
    expect(reduced.summary.cachedTexts).toBe(reduced.summary.uniqueTexts);
    expect(reduced.lines.length).toBeGreaterThan(0);
    expect(comparable(reduced)).toEqual(comparable(single));
  });

  it('reduce the byte ranges of large files, mapped in reverse order, to the analysis of the files read whole', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'semlog-mapreduce-logs-'));
    for (const name of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, name), join(logs, name));
    // A real log with a line cut short (what a crash mid-write leaves) and CRLF line ends from there on.
    const lines = readFileSync(SECREPO, 'latin1').split('\n');
    lines[700] = lines[700]!.slice(0, 40);
    writeFileSync(join(logs, 'secrepo-cut.log'), `${lines.slice(0, 700).join('\n')}\n${lines.slice(700).join('\r\n')}`, 'latin1');
    const store = mkdtempSync(join(tmpdir(), 'semlog-mapreduce-store-'));
    const embedder = trigramEmbedder(64);
    const jobs = await planMapJobs({ paths: [logs], store, rangeBytes: 4096 });
    expect(jobs.filter((j) => j.input.range !== undefined).length).toBeGreaterThan(50);
    for (const job of [...jobs].reverse()) await mapInput(job, embedder);
    const reduced = await reduceScan({ store, scanId: jobs[0]!.scanId, jobs: jobs.length }, { paths: [logs], embedder, cacheDir: jobs[0]!.cacheDir! });
    const single = await analyze({ paths: [logs], embedder, cacheDir: false });
    // The cut line is reported with its line number in the whole file (0-based 700 is line 701).
    expect(single.malformed.map((m) => `${m.file}:${m.line}`)).toEqual([`${join(logs, 'secrepo-cut.log')}:701`]);
    expect(single.lines.some((f) => f.file === join(logs, 'secrepo-cut.log') && f.line > 701)).toBe(true);
    expect(comparable(reduced)).toEqual(comparable(single));
  });

  it('reduce the byte ranges of a log behind trusted proxies to the analysis of the file, with the clients X-Forwarded-For names', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'semlog-mapreduce-logs-'));
    const lines = readFileSync(ELASTIC, 'latin1').split('\n').slice(0, 2000);
    writeFileSync(join(logs, 'proxied.log'), `${behindProxies(lines).join('\n')}\n`, 'latin1');
    const store = mkdtempSync(join(tmpdir(), 'semlog-mapreduce-store-'));
    const embedder = trigramEmbedder(64);
    const scope = { trustedProxies: [PROXIES] };
    const jobs = await planMapJobs({ paths: [logs], store, rangeBytes: 65_536, scope });
    expect(jobs.length).toBeGreaterThan(5);
    for (const job of [...jobs].reverse()) await mapInput(job, embedder);
    const reduced = await reduceScan({ store, scanId: jobs[0]!.scanId, jobs: jobs.length }, { paths: [logs], embedder, cacheDir: false, scope });
    const single = await analyze({ paths: [logs], embedder, cacheDir: false, scope });
    expect(single.summary.scope.forwarded).toEqual({ [PROXIES]: 2000 });
    expect(single.summary.clientIps).toBeGreaterThan(300);
    expect(comparable(reduced)).toEqual(comparable(single));
    await expect(planMapJobs({ paths: [logs], store, scope: { trustedProxies: ['lb-1'] } })).rejects.toThrow(/"lb-1" is not an IP address or CIDR block/);
  });

  it('a named pipe is a usage error: workers on other hosts cannot open it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-mapreduce-pipe-'));
    const fifo = join(dir, 'access.log');
    execFileSync('mkfifo', [fifo]);
    const writer = writeFile(fifo, readFileSync(SECREPO));
    await expect(planMapJobs({ paths: [fifo], store: join(dir, 'store') })).rejects.toThrow(/is a pipe or a device, which workers on other hosts cannot open/);
    // The pipe was closed: its writer ends, having written all or met EPIPE.
    await writer.catch((error: NodeJS.ErrnoException) => expect(error.code).toBe('EPIPE'));
  });

  it('reduce byte ranges cut inside bursts and between forms and their POSTs to the analysis of the file (almhuette)', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'semlog-mapreduce-logs-'));
    copyFileSync(ALMHUETTE, join(logs, 'almhuette.log'));
    const store = mkdtempSync(join(tmpdir(), 'semlog-mapreduce-store-'));
    const embedder = trigramEmbedder(64);
    const jobs = await planMapJobs({ paths: [logs], store, rangeBytes: 16_384 });
    expect(jobs.length).toBeGreaterThan(80);
    for (const job of [...jobs].reverse()) await mapInput(job, embedder);
    const reduced = await reduceScan({ store, scanId: jobs[0]!.scanId, jobs: jobs.length }, { paths: [logs], embedder, cacheDir: false });
    const single = await analyze({ paths: [logs], embedder, cacheDir: false });
    // The clients whose runs the cuts split: a login hammered in bursts, contact-form bots.
    expect(single.ips.slice(0, 3).map((ip) => ip.labels)).toEqual([['hammering', 'form-bot'], ['hammering'], ['form-bot']]);
    expect(single.ips[0]!.reasons[0]).toMatch(/417 of them within one minute/);
    expect(single.lines.filter((line) => line.reasons.includes(FORM_BOT_LINE_REASON)).length).toBeGreaterThan(1_000);
    expect(comparable(reduced)).toEqual(comparable(single));
  });
});
