// The main thread's side of the parse thread: it hands each input's bytes over as readLogs reads
// them and gets the input's records back in the same batches a FileIngest on the main thread would
// give, with the same malformed lines in the same order. The main thread keeps everything else:
// reading, the summary, progress, damage and errors. What it saves is the splitting and parsing, and
// (with the strings interned, record-columns.ts) the hashing of each record's strings in the ingest.

import { Worker } from 'node:worker_threads';
import { ModelError, throwIfAborted } from '../../errors.js';
import type { LogRecord, MalformedLine } from '../../types.js';
import { compiledWorker } from '../../compiled-worker.js';
import { startWorker } from '../../start-worker.js';
import type { FileIngestOptions } from '../file-ingest.js';
import { FORMATS } from '../registry.js';
import type { ParserOptions } from '../log-format.js';
import type { ParseReply, ParseRequest } from './parse-protocol.js';
import { ColumnDecoder } from './record-columns.js';

/** Chunks handed over and not yet answered: enough to keep the parse thread ahead of the ingest, few enough to keep memory flat. */
const MAX_IN_FLIGHT = 4;

/** What readInput needs of an ingest: FileIngest on this thread, or an input parsed by the ParseThread. */
export interface Ingest {
  readonly lineCount: number;
  readonly malformedCount: number;
  push(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
  endDamaged(): void | Promise<void>;
  takeBatches(all?: boolean): LogRecord[][];
}

export class ParseThread {
  readonly #worker: Worker;
  readonly #decoder = new ColumnDecoder();
  readonly #signal: AbortSignal | undefined;
  #failure: ModelError | undefined;
  /** The input whose chunks are in flight; replies go to it. */
  #current: ThreadedIngest | undefined;
  #wake: (() => void) | undefined;
  /** Requests posted and not yet answered. */
  #awaited = 0;
  readonly #onAbort = (): void => this.#wakeUp();

  private constructor(worker: Worker, signal: AbortSignal | undefined) {
    this.#worker = worker;
    this.#signal = signal;
    worker.on('message', (reply: ParseReply) => {
      if (reply.type === 'failed') this.#fail(reply.message);
      else {
        if (--this.#awaited === 0) this.#worker.unref();
        this.#current?.receive(reply, this.#decoder);
      }
      this.#wakeUp();
    });
    worker.on('error', (error) => this.#fail(error.message));
    worker.on('exit', () => this.#fail('it ended'));
    // The thread keeps the process alive only while an answer is awaited (see post()): a scan that
    // stops early, an error downstream, must not be kept waiting for it. After the listeners, as
    // adding a 'message' listener references the thread again.
    worker.unref();
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /**
   * A parse thread, or undefined when its compiled worker is missing (running from sources without a
   * build). `workerFile` and `workerData` are for tests.
   */
  static start(signal?: AbortSignal, workerFile = compiledWorker(import.meta.url, 'parse/thread/parse-worker.js'), workerData?: unknown): ParseThread | undefined {
    if (workerFile === undefined) return undefined;
    let worker: Worker;
    try {
      worker = startWorker(workerFile, { workerData });
    } catch {
      return undefined; // no thread to be had (a resource limit): the main thread parses, as for a small file
    }
    return new ParseThread(worker, signal);
  }

  /** Whether this thread can parse `options.format`: the registry's formats, which it makes on its side by name. */
  static canParse(options: Pick<FileIngestOptions, 'format'>): boolean {
    return FORMATS[options.format.name] === options.format;
  }

  /** The next input's ingest; the previous one must have ended. */
  open(options: Omit<FileIngestOptions, 'parser'>, parserOptions: ParserOptions): Ingest {
    if (this.#current !== undefined && !this.#current.ended) throw new Error('the previous input is still being parsed');
    this.#current = new ThreadedIngest(this, options.file, options.onMalformed);
    this.post({
      type: 'file',
      file: options.file,
      format: options.format.name,
      parserOptions,
      maxLineBytes: options.maxLineBytes,
      batchSize: options.batchSize,
    });
    return this.#current;
  }

  post(request: ParseRequest, transfer: ArrayBuffer[] = []): void {
    this.#throwIfFailed();
    // Every request but `file` is answered; while one is awaited the process must not exit, which an
    // unreferenced thread would let it do once reading has ended and nothing else is pending.
    if (request.type !== 'file' && this.#awaited++ === 0) this.#worker.ref();
    this.#worker.postMessage(request, transfer);
  }

  /** Waits until `done()` holds, the thread failed or the scan was interrupted. */
  async until(done: () => boolean): Promise<void> {
    for (;;) {
      this.#throwIfFailed();
      throwIfAborted(this.#signal);
      if (done()) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  async close(): Promise<void> {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }

  #fail(message: string): void {
    this.#failure ??= new ModelError('SEMLOG_PARSE_THREAD_FAILED', `the parse thread failed: ${message}`, {
      hint: 'this is a bug in semlog; please report it with the format of the input',
    });
    this.#wakeUp();
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** One input parsed by the ParseThread: FileIngest's contract, with push and end asynchronous. */
class ThreadedIngest implements Ingest {
  lineCount = 0;
  malformedCount = 0;
  ended = false;
  #inFlight = 0;
  #ready: LogRecord[][] = [];

  constructor(
    private readonly thread: ParseThread,
    private readonly file: string,
    private readonly onMalformed: (line: MalformedLine) => void,
  ) {}

  async push(chunk: Buffer): Promise<void> {
    // A copy is transferred: the chunk may share its memory with others (Node's buffer pool).
    const bytes = new Uint8Array(chunk);
    this.#inFlight++;
    this.thread.post({ type: 'chunk', bytes }, [bytes.buffer]);
    if (this.#inFlight > MAX_IN_FLIGHT) await this.thread.until(() => this.#inFlight <= MAX_IN_FLIGHT);
  }

  end(): Promise<void> {
    return this.#end(false);
  }

  endDamaged(): Promise<void> {
    return this.#end(true);
  }

  takeBatches(): LogRecord[][] {
    const batches = this.#ready;
    this.#ready = [];
    return batches;
  }

  /** A reply to this input's oldest request in flight. */
  receive(reply: Extract<ParseReply, { type: 'parsed' }>, decoder: ColumnDecoder): void {
    this.#inFlight--;
    for (const line of reply.malformed) this.onMalformed(line);
    for (const batch of decoder.decode(reply.columns, this.file)) this.#ready.push(batch);
    this.lineCount = reply.lineCount;
    this.malformedCount = reply.malformedCount;
  }

  async #end(damaged: boolean): Promise<void> {
    this.#inFlight++;
    this.thread.post({ type: 'end', damaged });
    await this.thread.until(() => this.#inFlight === 0);
    this.ended = true;
  }
}
