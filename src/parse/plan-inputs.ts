// Before any record is read: open every input, detect its format from its first lines, and fail with
// a clear error if one cannot be read or recognised. Mixed formats across files are fine.
import { open } from 'node:fs/promises';
import { InputError, SemlogError } from '../errors.js';
import { detectFormat, fitsFormat } from './detect.js';
import { scoreByParsing, type LogFormat, type ParserOptions } from './log-format.js';
import { pathError } from './path-error.js';
import { readChunks } from './read-chunks.js';
import { ALIASES, FORMATS, formatNames } from './registry.js';
import { readsOnce, type InputSource } from './resolve-inputs.js';
import { sniffLines, type Sniffed, type SniffOptions } from './sniff-lines.js';

export interface PlannedInput extends InputSource {
  /** null for an input without a single non-blank, non-`#` line: there is nothing to parse. */
  format: LogFormat | null;
  /** For stdin and remote objects: what sniffing consumed, the rest of the stream, and the error that stopped sniffing. */
  resume: Resume | null;
  /** Why a file found in a folder or by a glob is not read (it is not a log we recognise, or not one in the format chosen). */
  skipped?: string;
  /** A remote object whose format is detected when it is read (planRemote), not now. */
  deferred?: boolean;
  /** The read error (corrupt gzip) that came before any line could be recognised: damage to report. */
  damage?: unknown;
}

export interface Resume {
  consumed: Buffer[];
  rest: AsyncGenerator<Buffer>;
  /** Replayed after `consumed`, so that damage met while sniffing is reported by the read phase. */
  error?: unknown;
}

/**
 * `fixed` is the format of every input when the user chose one (`parserOptions` its LogFormat string,
 * for `custom-apache`); otherwise each input's first lines decide. With a chosen format, a local file
 * found in a folder or by a glob is still sniffed, and skipped when its first lines do not fit that
 * format (catalina.out beside Tomcat's access logs); a file named on its own is read as told.
 */
export async function planInputs(
  inputs: readonly InputSource[],
  fixed: LogFormat | null,
  stdin: NodeJS.ReadableStream,
  maxLineBytes: number,
  signal?: AbortSignal,
  /** False for a part of a larger scan (see readSources): the whole scan is checked once. */
  requireLog = true,
  parserOptions: ParserOptions = {},
): Promise<PlannedInput[]> {
  const planned: PlannedInput[] = [];
  for (const input of inputs) {
    if (fixed !== null) {
      // Opening a named pipe to check it would wait for a writer, and closing it again could cost that writer its reader.
      if (input.path !== null && input.once !== true) await checkReadable(input.path);
      // A byte range of a huge file was judged by its head when the scan was planned (distributed/plan-map-jobs.ts).
      const judge = input.found === true && input.path !== null && input.range === undefined;
      const misfit = judge ? await misfitReason(input, fixed, parserOptions, stdin, maxLineBytes, signal) : undefined;
      planned.push(misfit === undefined ? { ...input, format: fixed, resume: null } : { ...input, format: null, resume: null, skipped: misfit });
      continue;
    }
    // Sniffing thousands of objects up front would read each twice; they were listed, so they exist.
    if (input.open !== undefined) {
      planned.push({ ...input, format: null, resume: null, deferred: true });
      continue;
    }
    const once = readsOnce(input);
    const chunks = readChunks(input, stdin, signal);
    const sniffed = await sniffLines(chunks, sniffOptions(maxLineBytes, once));
    if (!once) await chunks.return(undefined);
    if (sniffed.error !== undefined && !isDataError(sniffed.error)) throw pathError(input.name, sniffed.error);
    planned.push(decide(input, sniffed, once ? chunks : null));
  }
  const skipped = planned.filter((p) => p.skipped !== undefined);
  if (requireLog && skipped.length > 0 && skipped.length === planned.length) throw noLogFound(skipped.map((p) => ({ name: p.name, reason: p.skipped! })), fixed);
  return planned;
}

/** Names of the notes that sit beside logs (a README, a SOURCE.md, a LICENSE): never the file to tell the user about. */
const NOTES = /(?:^|[/\\])(?:readme|licen[cs]e|copying|changelog|notice|authors)[^/\\]*$|\.(?:md|markdown|rst|adoc|html?|pdf)$/i;

/**
 * The error of a scan where every file found was skipped, naming one with its own reason (its first
 * line): a folder of payload lists or raw HTTP requests is told why, not "first line: ''". The first
 * file that is no note: in a folder of logs in a custom format beside a README, the README's first
 * line says nothing about the logs (netnea-tutorial-logs: SOURCE.md was named, not the two logs).
 */
export function noLogFound(skipped: ReadonlyArray<{ name: string; reason: string }>, fixed: LogFormat | null): InputError {
  const log = skipped.findIndex((file) => !NOTES.test(file.name));
  const named = skipped[log === -1 ? 0 : log]!;
  const which =
    skipped.length === 1 ? 'the one file found was skipped:'
    : log > 0 ? `all ${skipped.length} files found were skipped; the first that is not a note (README, .md):`
    : `all ${skipped.length} files found were skipped; the first:`;
  const hint = fixed === null
    ? unknownFormatHint()
    : 'check --format and --log-format against a line of the log, or leave them out to detect the format of each file';
  return new InputError('SEMLOG_UNKNOWN_FORMAT', `${which} ${named.reason}`, { hint });
}

/** A deferred (remote) input, when its turn comes: sniff its first lines, then read on from the same stream. */
export async function planRemote(
  input: PlannedInput,
  stdin: NodeJS.ReadableStream,
  maxLineBytes: number,
  signal?: AbortSignal,
): Promise<PlannedInput> {
  const chunks = readChunks(input, stdin, signal);
  const sniffed = await sniffLines(chunks, sniffOptions(maxLineBytes, true));
  // Credentials or access problems are the user's to fix, not damage of one object.
  if (sniffed.error instanceof SemlogError) throw sniffed.error;
  const planned = decide({ name: input.name, path: input.path, found: input.found ?? false }, sniffed, chunks);
  if (planned.format === null) await chunks.return(undefined);
  return planned;
}

function sniffOptions(maxLineBytes: number, keep: boolean): SniffOptions {
  return { maxLineBytes, keep, recognised: (lines) => detectFormat(lines) !== null };
}

/** The format of an input from its sniffed lines; `rest` is the stream to read on from (stdin, remote). */
function decide(input: InputSource, sniffed: Sniffed, rest: AsyncGenerator<Buffer> | null): PlannedInput {
  const name = detectFormat(sniffed.lines);
  const hasContent = sniffed.leftOut > 0 || sniffed.lines.some((text) => text.charCodeAt(0) !== 35 /* # */);
  // No record line at all is an empty input only if sniffing saw all of it; else it may hide data.
  if (name === null && (hasContent || (!sniffed.complete && sniffed.error === undefined))) {
    // A README or an error log beside the access logs of a folder is skipped and reported;
    // a file the user named is an error.
    const error = unknownFormat(input.name, sniffed.lines, sniffed.leftOut);
    if (!input.found) throw error;
    return { ...input, format: null, resume: null, skipped: error.message };
  }
  if (name === null && sniffed.error !== undefined) return { ...input, format: null, resume: null, damage: sniffed.error };
  return {
    ...input,
    format: name === null ? null : (FORMATS[name] as LogFormat),
    resume: rest === null ? null : { consumed: sniffed.consumed, rest, ...(sniffed.error !== undefined && { error: sniffed.error }) },
  };
}

/** Why a file found in a folder does not look like a `format` log, or undefined when it does (or holds no line to judge). */
async function misfitReason(
  input: InputSource, format: LogFormat, parserOptions: ParserOptions, stdin: NodeJS.ReadableStream, maxLineBytes: number, signal?: AbortSignal,
): Promise<string | undefined> {
  // The format's own detector, or its parser: custom-apache detects nothing by itself.
  const score = (window: readonly string[]): number => Math.max(format.detect(window), scoreByParsing(format.createParser(parserOptions), window));
  const chunks = readChunks(input, stdin, signal);
  const sniffed = await sniffLines(chunks, { maxLineBytes, keep: false, recognised: (lines) => fitsFormat(lines, score) });
  await chunks.return(undefined);
  // A read error is the read phase's to report, as damage or a path error.
  if (sniffed.error !== undefined) return undefined;
  const content = sniffed.lines.filter((text) => text.charCodeAt(0) !== 35 /* # */);
  if (content.length === 0 || fitsFormat(sniffed.lines, score)) return undefined;
  return `${input.name} does not look like a ${format.name} log, the format given (first line: ${JSON.stringify(content[0]!.slice(0, 120))})`;
}

async function checkReadable(path: string): Promise<void> {
  try {
    await (await open(path, 'r')).close();
  } catch (error) {
    throw pathError(path, error);
  }
}

/** Damaged gzip data is reported by the read phase as damage; it is not a reason to stop here. */
function isDataError(error: unknown): boolean {
  return /^Z_/.test(String((error as NodeJS.ErrnoException).code ?? ''));
}

/** `leftOut`: the binary and over-long lines sniffing saw besides `lines`, named when they are all there is. */
export function unknownFormat(name: string, lines: readonly string[], leftOut = 0): InputError {
  const first = lines.find((text) => text.charCodeAt(0) !== 35);
  const what =
    first === undefined && leftOut > 0
      ? `${leftOut} line(s), each binary or longer than --max-line-bytes`
      : `first line: ${JSON.stringify((first ?? '').slice(0, 120))}`;
  return new InputError('SEMLOG_UNKNOWN_FORMAT', `cannot detect the log format of ${name} (${what})`, { hint: unknownFormatHint() });
}

function unknownFormatHint(): string {
  return (
    `pass --format with one of: ${formatNames().filter((n) => n !== 'custom-apache').join(', ')} ` +
    `(aliases: ${Object.keys(ALIASES).join(', ')}), or --log-format '<Apache LogFormat>' for a custom layout; ` +
    'if it is not a log (a README in a log folder), name the log files or use a glob'
  );
}
