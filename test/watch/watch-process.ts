// A running `semlog watch` (the real bin) for tests: lines are waited for as events (a progress line
// on stderr, a finding in --out), never by sleeping; and the log lines the tests write, each an attack
// whose client address encodes its sequence number, so that a finding names the line it judged.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { BIN } from '../cli/run-cli.js';

export class WatchProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #waiters: Array<() => void> = [];

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [BIN, 'watch', ...args, '--progress', '--poll-ms', '200']);
    this.child.stdout.on('data', (chunk: Buffer) => this.#changed(() => (this.stdout += chunk.toString())));
    this.child.stderr.on('data', (chunk: Buffer) => this.#changed(() => (this.stderr += chunk.toString())));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => {
      this.#changed(() => {});
      resolve({ code, signal });
    }));
  }

  /** Resolves when `condition` holds, checked after every output of the process; rejects if it exits first. */
  until(condition: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (condition()) return resolve();
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          return reject(new Error(`semlog watch exited before ${what}\nstderr: ${this.stderr}`));
        }
        this.#waiters.push(check);
      };
      check();
    });
  }

  /** The number of records judged in all, from the last progress line. */
  get judged(): number {
    const all = [...this.stderr.matchAll(/(\d+) record\(s\) in all/g)];
    return all.length === 0 ? 0 : Number(all.at(-1)![1]);
  }

  ready(): Promise<void> {
    return this.until(() => this.stderr.includes('semlog watch: following'), 'it was ready');
  }

  #changed(update: () => void): void {
    update();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** Combined-format line `seq`, an XSS probe (so that every line is a finding) from an address that encodes `seq`. */
export function attackLine(seq: number): string {
  const ip = `10.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq & 255}`;
  return `${ip} - - [05/Dec/2026:07:00:00 +0000] "GET /search?q=<script>alert(1)</script> HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n`;
}

export function attackLines(from: number, to: number): string {
  let out = '';
  for (let seq = from; seq < to; seq++) out += attackLine(seq);
  return out;
}

/** The sequence number of every line finding in NDJSON `text`. */
export function judgedSeqs(text: string): number[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{"type":"line"'))
    .map((line) => seqOf((JSON.parse(line) as { ip: string }).ip));
}

/**
 * The `file`:`line` of every line finding and malformed line in NDJSON `text` that does not hold what
 * it judged: for a line finding, attackLine of the sequence number its address encodes; for a
 * malformed line, a line that starts with its excerpt. Files are read as they are now, so line
 * findings of sequence numbers below `fromSeq` (read before a rotation moved them) are left out.
 */
export function misplaced(text: string, fromSeq = 0): string[] {
  const files = new Map<string, string[]>();
  const lineAt = (file: string, line: number): string | undefined => {
    if (!files.has(file)) files.set(file, existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []);
    return files.get(file)![line - 1];
  };
  const wrong: string[] = [];
  for (const row of text.split('\n')) {
    if (!row.startsWith('{"type":"line"') && !row.startsWith('{"type":"malformed"')) continue;
    const finding = JSON.parse(row) as { type: string; file: string; line: number; ip?: string; excerpt?: string };
    if (finding.type === 'line' && seqOf(finding.ip!) < fromSeq) continue;
    const found = lineAt(finding.file, finding.line);
    const ok = finding.type === 'line' ? found === attackLine(seqOf(finding.ip!)).slice(0, -1) : found?.startsWith(finding.excerpt!) === true;
    if (!ok) wrong.push(`${finding.file}:${finding.line}`);
  }
  return wrong;
}

function seqOf(ip: string): number {
  const [, a, b, c] = ip.split('.').map(Number);
  return (a! << 16) | (b! << 8) | c!;
}

export function seqsInFile(path: string): number[] {
  return existsSync(path) ? judgedSeqs(readFileSync(path, 'utf8')) : [];
}

/** Every sequence number in [0, n) exactly once. */
export function exactlyOnce(seqs: readonly number[], n: number): { missing: number[]; repeated: number[] } {
  const seen = new Uint32Array(n);
  const repeated: number[] = [];
  for (const seq of seqs) if (seq >= n || ++seen[seq]! > 1) repeated.push(seq);
  const missing: number[] = [];
  seen.forEach((count, seq) => {
    if (count === 0) missing.push(seq);
  });
  return { missing: missing.slice(0, 20), repeated: repeated.slice(0, 20) };
}

/** The watchers a test file started with startWatch, killed by killWatches (after each test). */
const running: WatchProcess[] = [];

export function startWatch(args: string[]): WatchProcess {
  const watch = new WatchProcess(args);
  running.push(watch);
  return watch;
}

export function killWatches(): void {
  for (const watch of running.splice(0)) watch.child.kill('SIGKILL');
}
