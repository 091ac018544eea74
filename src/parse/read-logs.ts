// Public entry of the parse stage: paths in, batches of LogRecords out, with a summary of what was
// read, skipped and damaged. Thin async adapter around FileIngest (the pure core).
import { InterruptedError, SemlogError, UsageError, throwIfAborted } from '../errors.js';
import type { LogRecord, ProgressListener } from '../types.js';
import { checkType, checkTypes } from '../options/check-option-type.js';
import { FileIngest } from './file-ingest.js';
import { SummaryBuilder, type FileSummary, type IngestSummary } from './ingest-summary.js';
import type { LogFormat, ParserOptions } from './log-format.js';
import { noLogFound, planInputs, planRemote, type PlannedInput, type Resume } from './plan-inputs.js';
import { damageOf, readChunks } from './read-chunks.js';
import { getFormat } from './registry.js';
import { resolveInputs, type InputSource } from './resolve-inputs.js';
import type { S3InputOptions } from './s3/resolve-s3.js';
import { ParseThread, type Ingest } from './thread/parse-thread.js';
import { wantsParseThread, type ParseThreadChoice } from './thread/wants-parse-thread.js';

export type { FileSummary, IngestSummary } from './ingest-summary.js';

export interface ReadLogsOptions {
  /** A registry name (or alias), or 'auto' (default): detected per file from its first lines. */
  format?: string;
  /** An Apache LogFormat string; implies the custom-apache format. */
  logFormat?: string;
  /** Default 64 KiB; a longer line is one malformed line (SEMLOG_LINE_TOO_LONG), skipped without buffering it whole. */
  maxLineBytes?: number;
  /** Malformed lines kept in summary.malformedSample; default 20. */
  malformedSampleSize?: number;
  /** Records per yielded batch (the last batch of each file may be smaller); default 1000. */
  batchSize?: number;
  /** How s3://BUCKET/PREFIX inputs are listed, filtered by date and read (docs/s3.md). */
  s3?: S3InputOptions;
  /** What '-' reads; default process.stdin. */
  stdin?: NodeJS.ReadableStream;
  /** Abort → InterruptedError. */
  signal?: AbortSignal;
  /** Stage 'parse', done = records + malformed so far; at most every 100 ms, and once at the end. */
  onProgress?: ProgressListener;
  /**
   * Whether lines are split and parsed in a second thread (thread/parse-thread.ts): 'auto'
   * (default) from the first local file, S3 object or byte range of 8 MiB or more (1 MiB gzipped)
   * on; true for every input, false for none. The records and the summary are the same either way.
   */
  parseThread?: ParseThreadChoice;
}

export interface LogStream extends AsyncIterable<LogRecord[]> {
  /** Complete when iteration ends; grows while it runs. */
  readonly summary: IngestSummary;
}

export const READ_DEFAULTS = Object.freeze({ format: 'auto', maxLineBytes: 64 * 1024, malformedSampleSize: 20, batchSize: 1000, parseThread: 'auto' as ParseThreadChoice });

interface Settings {
  format: LogFormat | null;
  logFormat: string | undefined;
  maxLineBytes: number;
  batchSize: number;
  stdin: NodeJS.ReadableStream | undefined;
  s3: S3InputOptions | undefined;
  signal: AbortSignal | undefined;
  parseThread: ParseThreadChoice;
}

/**
 * Reads files, folders (recursively, sorted), globs, .gz and `-` (stdin). Invalid options throw a
 * UsageError right away; path problems and undetectable formats throw an InputError on the first
 * iteration, before any record is read. A damaged input is reported in the summary, not thrown.
 */
export function readLogs(paths: readonly string[], options: ReadLogsOptions = {}): LogStream {
  checkType('readLogs() paths', paths, 'strings');
  const settings = validateOptions(options);
  return logStream('readLogs', options, (builder) => readAll(() => resolveInputs(paths, resolveOptions(settings)), settings, builder));
}

/**
 * Reads inputs already resolved (one map job of a distributed scan reads one of them). `partOfScan`:
 * these inputs are a part of a larger scan, which checked as a whole that some input is a log, so a
 * part holding only a skipped file (a README in a log folder) is a skipped file, not an error.
 */
export function readSources(sources: readonly InputSource[], options: ReadLogsOptions & { partOfScan?: boolean } = {}): LogStream {
  const settings = validateOptions(options);
  return logStream('readSources', options, (builder) => readAll(async () => [...sources], settings, builder, options.partOfScan === true));
}

/** A LogStream that can be iterated once, over what `read` yields, with its summary. */
function logStream(caller: string, options: ReadLogsOptions, read: (builder: SummaryBuilder) => AsyncGenerator<LogRecord[]>): LogStream {
  const builder = new SummaryBuilder(options.malformedSampleSize ?? READ_DEFAULTS.malformedSampleSize, options.onProgress);
  let started = false;
  return {
    get summary() {
      return builder.summary;
    },
    [Symbol.asyncIterator]() {
      if (started) throw new UsageError(`a LogStream can be iterated only once; call ${caller} again`);
      started = true;
      return read(builder);
    },
  };
}

function resolveOptions(settings: Settings) {
  return { ...(settings.s3 && { s3: settings.s3 }), ...(settings.signal && { signal: settings.signal }) };
}

/**
 * Resolves and plans `paths` as readLogs would, reading no more than each file's first lines: the
 * inputs of a scan that is split into jobs, with readLogs' errors (a missing file, a named file that
 * is no log, a folder of no logs) raised before any job is queued. Each file's format is the one
 * detected from its head (or --format); remote objects are detected when read (format null).
 */
export async function planSources(paths: readonly string[], options: ReadLogsOptions = {}): Promise<PlannedInput[]> {
  const settings = validateOptions(options);
  const inputs = await resolveInputs(paths, resolveOptions(settings));
  return planInputs(inputs, settings.format, settings.stdin ?? process.stdin, settings.maxLineBytes, settings.signal, true, parserOptionsOf(settings));
}

function parserOptionsOf(settings: Settings): ParserOptions {
  return settings.logFormat === undefined ? {} : { logFormat: settings.logFormat };
}

function validateOptions(options: ReadLogsOptions): Settings {
  checkType('readLogs() options', options, 'object');
  checkTypes('', options, { format: 'string', logFormat: 'string', s3: 'object', stdin: 'object', signal: 'signal', onProgress: 'function' });
  const positive = (name: string, value: number | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min) throw new UsageError(`${name} must be an integer >= ${min}, got ${value}`);
    return value;
  };
  positive('malformedSampleSize', options.malformedSampleSize, 0, 0);
  const name = options.format ?? READ_DEFAULTS.format;
  let format = name === 'auto' ? null : getFormat(name);
  if (options.logFormat !== undefined) {
    if (format !== null && format.name !== 'custom-apache') {
      throw new UsageError(`--format ${name} and --log-format cannot be combined`, {
        hint: '--log-format implies --format custom-apache; drop one of them',
      });
    }
    format = getFormat('custom-apache');
    format.createParser({ logFormat: options.logFormat }); // compile once here so a bad string fails now
  } else if (format?.name === 'custom-apache') format.createParser({}); // throws: the LogFormat is missing
  const parseThread = options.parseThread ?? READ_DEFAULTS.parseThread;
  if (parseThread !== 'auto' && parseThread !== true && parseThread !== false) {
    throw new UsageError(`parseThread must be 'auto', true or false, got ${String(parseThread)}`);
  }
  return {
    format,
    logFormat: options.logFormat,
    maxLineBytes: positive('maxLineBytes', options.maxLineBytes, READ_DEFAULTS.maxLineBytes, 1),
    batchSize: positive('batchSize', options.batchSize, READ_DEFAULTS.batchSize, 1),
    stdin: options.stdin,
    s3: options.s3,
    signal: options.signal,
    parseThread,
  };
}

async function* readAll(
  resolve: () => Promise<InputSource[]>, settings: Settings, builder: SummaryBuilder, partOfScan = false,
): AsyncGenerator<LogRecord[]> {
  throwIfAborted(settings.signal);
  const stdin = settings.stdin ?? process.stdin;
  const inputs = await resolve();
  throwIfAborted(settings.signal);
  const planned = await planInputs(inputs, settings.format, stdin, settings.maxLineBytes, settings.signal, !partOfScan, parserOptionsOf(settings));
  // Started at the first input that wants it, and kept for the rest.
  const threads: { parse?: ParseThread | undefined } = {};
  try {
    for (const input of planned) yield* readInput(input, settings, stdin, builder, threads);
  } finally {
    await threads.parse?.close();
  }
  // Deferred (remote) inputs are recognised only as they are read; none at all is the same error as for files.
  const { files } = builder.summary;
  if (!partOfScan && files.length > 0 && files.every((f) => f.format === 'skipped')) throw noLogFound(files.map((f) => ({ name: f.file, reason: f.skipped ?? f.file })), settings.format);
  builder.progress(true);
}

async function* readInput(
  planned: PlannedInput, settings: Settings, stdin: NodeJS.ReadableStream, builder: SummaryBuilder, threads: { parse?: ParseThread | undefined },
): AsyncGenerator<LogRecord[]> {
  const input = planned.deferred ? await planRemote(planned, stdin, settings.maxLineBytes, settings.signal) : planned;
  const { format } = input;
  const label = input.skipped !== undefined ? 'skipped' : input.damage !== undefined ? 'unknown' : 'empty';
  const file = builder.startFile(input.name, format?.name ?? label);
  if (input.skipped !== undefined) {
    file.skipped = input.skipped;
    builder.summary.skipped.push({ file: input.name, reason: input.skipped });
  }
  if (format === null) {
    if (input.damage !== undefined) builder.markDamaged(file, damageOf(input.damage));
    await input.resume?.rest.return(undefined);
    return;
  }
  const options = { file: input.name, format, maxLineBytes: settings.maxLineBytes, batchSize: settings.batchSize, onMalformed: builder.addMalformed };
  const threaded = ParseThread.canParse(options) && (threads.parse !== undefined || (await wantsParseThread(input, settings.parseThread)));
  if (threaded) threads.parse ??= ParseThread.start(settings.signal);
  const ingest: Ingest =
    threaded && threads.parse !== undefined
      ? threads.parse.open(options, parserOptionsOf(settings))
      : new FileIngest({ ...options, parser: format.createParser(parserOptionsOf(settings)) });
  const chunks = input.resume === null ? readChunks(input, stdin, settings.signal) : resume(input.resume);
  try {
    for await (const chunk of chunks) {
      throwIfAborted(settings.signal);
      file.bytes += chunk.length;
      await ingest.push(chunk);
      yield* takeBatches(ingest, file, builder, false, settings.signal);
    }
    await ingest.end();
  } catch (error) {
    if (settings.signal?.aborted) throw error instanceof InterruptedError ? error : new InterruptedError({ cause: error });
    // Missing credentials or access are for the user to fix; damage is one input's problem.
    if (error instanceof SemlogError) throw error;
    await ingest.endDamaged();
    builder.markDamaged(file, damageOf(error));
  }
  yield* takeBatches(ingest, file, builder, true, settings.signal);
  file.malformed = ingest.malformedCount;
  file.lines = ingest.lineCount;
  builder.progress(true);
}

/** The batches ready; an abort stops them at the next one (a small file is read whole before its first). */
function* takeBatches(ingest: Ingest, file: FileSummary, builder: SummaryBuilder, all: boolean, signal: AbortSignal | undefined): Generator<LogRecord[]> {
  for (const batch of ingest.takeBatches(all)) {
    throwIfAborted(signal);
    file.records += batch.length;
    file.malformed = ingest.malformedCount;
    builder.addRecords(batch.length);
    builder.progress();
    yield batch;
  }
}

async function* resume(state: Resume): AsyncGenerator<Buffer> {
  yield* state.consumed;
  if ('error' in state) throw state.error;
  yield* state.rest;
}
