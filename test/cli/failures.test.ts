// Failures a nightly job will meet: interrupts, a damaged model, a worker that dies, damaged input, a
// full disk. Real bin, real processes; faults come from outside the product (a node --require
// preload, `ulimit -f`, /dev/full, crafted files), never from a switch in semlog itself.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultModelDir } from '../../src/embed/model-dir.js';
import { needs } from '../helpers/needs.js';
import { BIN, FIXTURE, runCli } from './run-cli.js';

const INJECT_CRASH = fileURLToPath(new URL('./inject-crash.cjs', import.meta.url));
const INTERRUPT_BEFORE_REPORT = fileURLToPath(new URL('./interrupt-before-report.cjs', import.meta.url));
/** Any line of a JavaScript stack trace. */
const STACK_LINE = /\n\s+at /;

const WORDS = ['alpha', 'bravo', 'delta', 'echo', 'golf', 'hotel', 'india', 'kilo', 'lima', 'mike', 'oscar', 'papa', 'romeo', 'tango'];

/** A log with thousands of distinct requests, so that embedding takes several seconds. */
function bigLog(): string {
  const template = readFileSync(FIXTURE, 'utf8').split('\n')[0]!;
  const lines: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const path = `/catalog/${WORDS[i % 14]}/${WORDS[Math.floor(i / 14) % 14]}-${WORDS[Math.floor(i / 196) % 14]}`;
    lines.push(template.replace(/"GET [^ ]+/, `"GET ${path}`));
  }
  const file = join(mkdtempSync(join(tmpdir(), 'semlog-big-')), 'big.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Spawns a scan whose model calls wait for a signal (inject-crash.cjs, mode hold). */
function heldScan(args: string[]): { child: ChildProcessWithoutNullStreams; held: Promise<void> } {
  const mark = join(mkdtempSync(join(tmpdir(), 'semlog-hold-')), 'signalled');
  const child = spawn(process.execPath, ['--require', INJECT_CRASH, BIN, 'scan', FIXTURE, '--no-cache', '--progress', ...args], {
    env: { ...process.env, SEMLOG_TEST_CRASH: 'hold', SEMLOG_TEST_CRASH_MARK: mark },
  });
  const held = new Promise<void>((resolve) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('semlog-test: embedding held\n')) resolve();
    });
  });
  return { child, held };
}

describe('interrupts', () => {
  it('stops on SIGTERM mid-scan: exit 130, one line, and the process ends (no stray worker)', async () => {
    const { child, held } = heldScan(['--output', 'json']);
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      // Embedding is under way and cannot end before the signal: the model calls wait for it.
      await held;
      child.kill('SIGTERM');
      // The process ends by itself (a stray worker would keep it alive until the test times out).
      expect(await closed).toBe(130);
      expect(stderr).toMatch(/semlog: interrupted\n$/);
      expect(stdout).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('SIGTERM after the analysis and before the reports: exit 130 and no report, the old ones kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-term-'));
    const [out, html] = [join(dir, 'report.json'), join(dir, 'report.html')];
    writeFileSync(html, '<p>last good report</p>\n');
    // The preload sends the signal when the progress line is erased, right before the reports.
    const nodeArgs = ['--require', INTERRUPT_BEFORE_REPORT];
    const toFiles = await runCli(['scan', FIXTURE, '--no-cache', '--progress', '--output', 'json', '--out', out, '--html', html], { nodeArgs });
    expect(toFiles.code, toFiles.stderr).toBe(130);
    expect(toFiles.stderr).toMatch(/semlog: interrupted\n$/);
    expect(readdirSync(dir)).toEqual(['report.html']);
    expect(readFileSync(html, 'utf8')).toBe('<p>last good report</p>\n');
    const toStdout = await runCli(['scan', FIXTURE, '--no-cache', '--progress', '--output', 'json'], { nodeArgs });
    expect(toStdout.code, toStdout.stderr).toBe(130);
    expect(toStdout.stdout).toBe('');
    const train = await runCli(['train', FIXTURE, '--no-cache', '--progress', '-o', join(dir, 'baseline')], { nodeArgs });
    expect(train.code, train.stderr).toBe(130);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('ends at once by the signal on a second one, without the onnxruntime abort (exit 134)', async () => {
    const { child, held } = heldScan(['--workers', '2']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (...end) => resolve(end)));
    try {
      await held;
      // Two different signals, so that they cannot merge into one pending signal.
      child.kill('SIGINT');
      child.kill('SIGTERM');
      const [code, signal] = await closed;
      // Pending signals may be handled in either order; the process dies by the second one handled.
      expect(code, stderr).toBeNull();
      expect(['SIGINT', 'SIGTERM']).toContain(signal);
      // The progress line is erased first.
      expect(stderr).toMatch(new RegExp(`\r\u001b\\[Ksemlog: ${signal} again: stopped without waiting for the workers\n$`));
      expect(stderr).not.toContain('terminate called');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('a worker that dies mid-scan', () => {
  it.each([
    { way: 'fails to start', mode: 'boot', message: 'an embedding worker failed: injected start-up failure' },
    { way: 'exits', mode: 'exit', message: 'an embedding worker failed: worker exited with code: 70' },
    { way: 'throws outside its task', mode: 'throw', message: 'an embedding worker failed: injected crash' },
    { way: 'runs out of heap', mode: 'oom', message: 'an embedding worker ran out of memory' },
  ])('$way: exit 4, one line and a hint, no stack, no report, and the process ends', async ({ mode, message }) => {
    const mark = join(mkdtempSync(join(tmpdir(), 'semlog-crash-')), 'crashed');
    // Two workers: the other one is inside onnxruntime when this one dies, and must not be terminated there.
    const result = await runCli(['scan', bigLog(), '--no-cache', '--workers', '2', '--output', 'json'], {
      nodeArgs: [...(mode === 'oom' ? ['--max-old-space-size=128'] : []), '--require', INJECT_CRASH],
      env: { ...process.env, SEMLOG_TEST_CRASH: mode, SEMLOG_TEST_CRASH_MARK: mark },
    });
    expect(result.code, `signal ${result.signal}; stderr: ${result.stderr}`).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`^semlog: ${message}\nhint: [^\n]+\n$`));
    expect(result.stdout).toBe('');
    if (mode !== 'boot') expect(existsSync(mark)).toBe(true);
  });

  it('a model that returns NaN: exit 4 with one line, no report, and nothing in the embedding cache', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'semlog-nan-'));
    const result = await runCli(['scan', FIXTURE, '--cache', cache, '--workers', '1', '--output', 'json'], {
      nodeArgs: ['--require', INJECT_CRASH],
      env: { ...process.env, SEMLOG_TEST_CRASH: 'nan' },
    });
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/^semlog: the model in .+ returned a vector with NaN in it \(text \d+ of a batch\)\nhint: [^\n]+\n$/);
    expect(result.stdout).toBe('');
    const segments = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name !== 'model-keys.json');
    expect(segments).toEqual([]);
  });

  it('shows the stack of the worker failure with --debug', async () => {
    const result = await runCli(['scan', FIXTURE, '--no-cache', '--workers', '1', '--debug'], {
      nodeArgs: ['--require', INJECT_CRASH],
      env: { ...process.env, SEMLOG_TEST_CRASH: 'boot' },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/caused by: Error: injected start-up failure\n\s+at /);
  });
});

describe('a bug outside the command', () => {
  it('an exception thrown from a callback prints one line without --debug and exits 4', async () => {
    const plain = await runCli(['scan', FIXTURE, '--no-cache', '--output', 'json'], { nodeArgs: ['--require', INJECT_CRASH], env: { ...process.env, SEMLOG_TEST_CRASH: 'main' } });
    expect(plain.code).toBe(4);
    expect(plain.stderr).toBe('semlog: internal error: injected bug\nhint: rerun with --debug for the stack trace, and please report it\n');
    const debug = await runCli(['scan', FIXTURE, '--no-cache', '--output', 'json', '--debug'], { nodeArgs: ['--require', INJECT_CRASH], env: { ...process.env, SEMLOG_TEST_CRASH: 'main' } });
    expect(debug.code).toBe(4);
    expect(debug.stderr).toMatch(/^semlog: internal error: injected bug\nError: injected bug\n\s+at /);
  });
});

describe('a damaged model', () => {
  it('exits 4 with one line and a hint, no stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-model-'));
    mkdirSync(join(dir, 'onnx'));
    for (const file of ['tokenizer.json', 'tokenizer_config.json', 'config.json']) copyFileSync(join(defaultModelDir(), file), join(dir, file));
    writeFileSync(join(dir, 'onnx', 'model.onnx'), 'this is not an onnx model');
    const result = await runCli(['scan', FIXTURE, '--model', dir, '--no-cache']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/^semlog: .*model.*\nhint: /);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it.each([
    { model: 'wrong-inputs', message: /the model .*model\.onnx failed on a batch: input 'pixel_values' is missing/ },
    // Without the check this one gave NaN vectors and a report of nonsense, with exit 0.
    { model: 'wrong-shape', message: /the model .*model\.onnx returned last_hidden_state as float32 \[\d+, \d+, 1\], not float32 \[\d+, \d+, 384\]/ },
  ])('exits 4 with one line and a hint when the ONNX file loads but is not a sentence embedder ($model)', async ({ model, message }) => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-model-'));
    mkdirSync(join(dir, 'onnx'));
    for (const file of ['tokenizer.json', 'tokenizer_config.json', 'config.json']) copyFileSync(join(defaultModelDir(), file), join(dir, file));
    copyFileSync(fileURLToPath(new URL(`../fixtures/models/${model}.onnx`, import.meta.url)), join(dir, 'onnx', 'model.onnx'));
    const result = await runCli(['scan', FIXTURE, '--model', dir, '--no-cache', '--output', 'json']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`^semlog: \\S*${message.source}[^\n]*\nhint: semlog needs a sentence-transformers ONNX export[^\n]*\n$`));
    expect(result.stdout).toBe('');
  });

  it('exits 4 when --model is not a model folder', async () => {
    const result = await runCli(['scan', FIXTURE, '--model', tmpdir()]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/is missing\nhint: pass --model DIR/);
  });
});

describe('damaged input', () => {
  it('counts a 10 MB line as one malformed line, with its file and line number, and goes on', async () => {
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-long-')), 'access.log');
    writeFileSync(file, `${lines[0]}\n${'A'.repeat(10 * 1024 * 1024)}\n${lines.slice(1).join('\n')}`);
    const result = await runCli(['scan', file, '--output', 'json', '--no-cache']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { summary: { records: number; malformed: number }; malformed: Array<{ line: number; code: string }> };
    expect(report.summary).toMatchObject({ records: 300, malformed: 1 });
    expect(report.malformed[0]).toMatchObject({ line: 2, code: 'SEMLOG_LINE_TOO_LONG' });
  });

  it('keeps the records before a truncated .gz, reports the damage, and exits 3 with the report written', async () => {
    const gz = gzipSync(readFileSync(FIXTURE));
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-gz-')), 'access.log.gz');
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const result = await runCli(['scan', file, '--output', 'json', '--no-cache']);
    expect(result.code).toBe(3);
    const { summary } = JSON.parse(result.stdout) as { summary: { records: number; damagedFiles: number; inputs: Array<{ damaged?: { code: string } }> } };
    expect(summary.damagedFiles).toBe(1);
    expect(summary.records).toBeGreaterThan(50);
    expect(summary.records).toBeLessThan(300);
    expect(summary.inputs[0]?.damaged?.code).toMatch(/^SEMLOG_GZIP/);
  });
});

/** Runs node under `ulimit -f 8`: a file write past 8 KiB fails with EFBIG (node ignores SIGXFSZ), as on a full disk. */
const SMALL_DISK = ['bash', '-c', 'ulimit -f 8 && exec "$0" "$@"'];

describe('a reader that goes away', () => {
  it('stderr closed early (a log shipper that died): the scan goes on and the report is written, exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'scan', FIXTURE, '--no-cache', '--progress', '--output', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.destroy(); // semlog's progress lines now meet EPIPE
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { summary: { records: number } }).summary.records).toBe(300);
  }, 60_000);
});

describe('a full disk', () => {
  it('--out: exit 3 with one line, the last good report kept, no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-full-'));
    const out = join(dir, 'report.json');
    writeFileSync(out, '{"the": "last good report"}\n');
    const result = await runCli(['scan', FIXTURE, '--output', 'json', '--no-cache', '--out', out], { prefix: SMALL_DISK });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toBe(`semlog: cannot write ${out}: EFBIG\nhint: check that the folder exists, is writable and has free space\n`);
    expect(readFileSync(out, 'utf8')).toBe('{"the": "last good report"}\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('--html: exit 3, the report on stdout and the old page kept; the embedding cache and the index worker are skipped with warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-full-'));
    const html = join(dir, 'report.html');
    const cache = join(dir, 'cache');
    writeFileSync(html, '<p>last good report</p>\n');
    const result = await runCli(['scan', FIXTURE, '--output', 'json', '--cache', cache, '--html', html], { prefix: SMALL_DISK });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toBe(`semlog: cannot write ${html}: EFBIG\nhint: check that the folder exists, is writable and has free space\n`);
    const { summary } = JSON.parse(result.stdout) as { summary: { records: number; warnings: string[] } };
    expect(summary.records).toBe(300);
    expect(summary.warnings).toEqual([
      expect.stringMatching(/^embedding cache not updated: EFBIG/),
      // The worker's index file is cut short too; the main thread builds the index itself.
      expect.stringMatching(/^index handoff through .+ failed: .+; the index was built on the main thread$/),
    ]);
    expect(readFileSync(html, 'utf8')).toBe('<p>last good report</p>\n');
    expect(readdirSync(dir).sort()).toEqual(['cache', 'report.html']);
    // No segment, whole or partial (the remembered model key is a few bytes, written whole).
    const segments = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name !== 'model-keys.json');
    expect(segments).toEqual([]);
  });

  it.skipIf(!needs(existsSync('/dev/full'), '/dev/full, for the full-disk stdout test'))('stdout: exit 3 with one line when stdout is a full device (ENOSPC)', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [BIN, 'scan', FIXTURE, '--output', 'json', '--no-cache'], { stdio: ['ignore', full, 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, stderr).toBe(3);
      expect(stderr).toBe('semlog: cannot write the report to stdout: ENOSPC\nhint: check where stdout goes and that its disk has free space, or write with --out FILE\n');
    } finally {
      closeSync(full);
    }
  });
});

describe('a baseline', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'semlog-baseline-'));
    const trained = await runCli(['train', FIXTURE, '-o', join(dir, 'baseline'), '--no-cache', '--quiet']);
    expect(trained.code, trained.stderr).toBe(0);
  });

  it('train -o on a full disk: exit 3 with one line, the old baseline kept whole, no temporary folder', async () => {
    const baseline = join(dir, 'baseline');
    const before = readdirSync(baseline).map((file) => readFileSync(join(baseline, file)));
    const result = await runCli(['train', FIXTURE, '-o', baseline, '--no-cache'], { prefix: SMALL_DISK });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/^semlog: cannot write the baseline .*: EFBIG\nhint: [^\n]+\n$/);
    expect(readdirSync(baseline).map((file) => readFileSync(join(baseline, file)))).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('train -o killed between moving the old baseline aside and renaming the new one in: the next scan restores the old one', async () => {
    const target = join(dir, 'crashed');
    mkdirSync(target);
    for (const file of readdirSync(join(dir, 'baseline'))) copyFileSync(join(dir, 'baseline', file), join(target, file));
    const before = readFileSync(join(target, 'meta.json'), 'utf8');
    const killed = await runCli(['train', FIXTURE, '-o', target, '--no-cache', '--quiet'], {
      nodeArgs: ['--require', INJECT_CRASH],
      env: { ...process.env, SEMLOG_TEST_CRASH: 'swap' },
    });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    // The crash state this test is about: no target, the old baseline aside, the new one beside it.
    expect(existsSync(target)).toBe(false);
    expect(readFileSync(join(dir, '.crashed.old', 'meta.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((name) => name.startsWith('.crashed.') && name.endsWith('.tmp'))).toHaveLength(1);

    const scanned = await runCli(['scan', FIXTURE, '--baseline', target, '--no-cache', '--output', 'json']);
    expect(scanned.code, scanned.stderr).toBe(0);
    expect(readFileSync(join(target, 'meta.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, '.crashed.old'))).toBe(false);

    const retrained = await runCli(['train', FIXTURE, '-o', target, '--no-cache', '--quiet']);
    expect(retrained.code, retrained.stderr).toBe(0);
    expect(readFileSync(join(target, 'meta.json'), 'utf8')).not.toBe(before);
    // The dead run's temporary folder is cleaned up by the next train.
    expect(readdirSync(dir).filter((name) => name.startsWith('.crashed.'))).toEqual([]);
  });

  it('train -o a folder of logs: exit 2 with one line before training, the logs untouched', async () => {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    copyFileSync(FIXTURE, join(logs, 'access.log'));
    writeFileSync(join(logs, 'notes.txt'), 'keep me\n');
    for (const out of [logs, `${logs}/`]) {
      const result = await runCli(['train', join(logs, 'access.log'), '-o', out, '--no-cache']);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^semlog: -o .*logs\/?: the folder is not a semlog baseline \(it has no meta\.json\); semlog replaces only a baseline or an empty folder\nhint: [^\n]+\n$/);
    }
    expect(readdirSync(logs).sort()).toEqual(['access.log', 'notes.txt']);
    expect(readFileSync(join(logs, 'access.log'))).toEqual(readFileSync(FIXTURE));
    expect(readdirSync(dir).filter((name) => name.startsWith('.logs'))).toEqual([]);
  });

  it('train -o . in a folder of logs: exit 2, the folder untouched', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'semlog-cwd-'));
    copyFileSync(FIXTURE, join(logs, 'access.log'));
    const result = await runCli(['train', 'access.log', '-o', '.', '--no-cache'], { prefix: ['bash', '-c', `cd '${logs}' && exec "$0" "$@"`] });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^semlog: -o \.: the baseline would replace the current folder \(or one above it\)\nhint: [^\n]+\n$/);
    expect(readdirSync(logs)).toEqual(['access.log']);
  });

  it('with a damaged HNSW index: exit 3 with one line naming the hnswlib error, no stack', async () => {
    const damaged = join(dir, 'damaged');
    mkdirSync(damaged);
    for (const file of readdirSync(join(dir, 'baseline'))) copyFileSync(join(dir, 'baseline', file), join(damaged, file));
    const index = readFileSync(join(damaged, 'index.hnsw'));
    writeFileSync(join(damaged, 'index.hnsw'), index.subarray(0, index.length >> 1));
    const result = await runCli(['scan', FIXTURE, '--baseline', damaged, '--no-cache']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^semlog: cannot read the baseline .*damaged: Hnswlib Error: [^\n]+\nhint: train it again[^\n]*\n$/);
  });

  it('with texts.json emptied, a dimension edited in meta.json, or the index of another baseline: exit 3 saying what is damaged', async () => {
    const copy = (name: string): string => {
      const target = join(dir, name);
      mkdirSync(target);
      for (const file of readdirSync(join(dir, 'baseline'))) copyFileSync(join(dir, 'baseline', file), join(target, file));
      return target;
    };
    const small = join(dir, 'small.log');
    writeFileSync(small, readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 40).join('\n') + '\n');
    const other = join(dir, 'other-baseline');
    expect((await runCli(['train', small, '-o', other, '--no-cache'])).code).toBe(0);
    const texts = copy('texts-emptied');
    writeFileSync(join(texts, 'texts.json'), '[]');
    const dim = copy('dim-edited');
    const meta = JSON.parse(readFileSync(join(dim, 'meta.json'), 'utf8')) as { dim: number };
    writeFileSync(join(dim, 'meta.json'), JSON.stringify({ ...meta, dim: 768 }));
    const index = copy('index-of-another');
    copyFileSync(join(other, 'index.hnsw'), join(index, 'index.hnsw'));
    const cases: Array<[string, RegExp]> = [
      [texts, /texts-emptied is damaged: texts\.json does not hold a list of texts and a list of their counts/],
      [dim, /dim-edited is damaged: meta\.json says its vectors have 768 dimensions; its model gives 384/],
      [index, /index-of-another is damaged: its index holds \d+ vectors for \d+ texts/],
    ];
    for (const [baseline, message] of cases) {
      const result = await runCli(['scan', FIXTURE, '--baseline', baseline, '--no-cache']);
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(new RegExp(`^semlog: \\S*${message.source}\\nhint: train it again[^\\n]*\\n$`));
    }
  });
});
