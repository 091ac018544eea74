// Before any record is read: open every input, detect its format from its first lines, and fail with
// a clear error if one cannot be read or recognised. Mixed formats across files are fine.
import { open } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { detectFormat } from './detect.js';
import type { LogFormat } from './log-format.js';
import { pathError } from './path-error.js';
import { readChunks } from './read-chunks.js';
import { ALIASES, FORMATS, formatNames } from './registry.js';
import type { InputSource } from './resolve-inputs.js';
import { sniffLines } from './sniff-lines.js';

export interface PlannedInput extends InputSource {
  /** null for an input without a single non-blank, non-`#` line: there is nothing to parse. */
  format: LogFormat | null;
  /** For stdin: what sniffing consumed, and the rest of the stream. */
  resume: { consumed: Buffer[]; rest: AsyncGenerator<Buffer> } | null;
  /** Why a file found in a folder or by a glob is not read (it is not a log we recognise). */
  skipped?: string;
}

/**
 * `fixed` is the format of every input when the user chose one; otherwise each input's first lines decide.
 */
export async function planInputs(
  inputs: readonly InputSource[],
  fixed: LogFormat | null,
  stdin: NodeJS.ReadableStream,
  maxLineBytes: number,
  signal?: AbortSignal,
): Promise<PlannedInput[]> {
  const planned: PlannedInput[] = [];
  for (const input of inputs) {
    if (fixed !== null) {
      if (input.path !== null) await checkReadable(input.path);
      planned.push({ ...input, format: fixed, resume: null });
      continue;
    }
    const chunks = readChunks(input.path, stdin, signal);
    const sniffed = await sniffLines(chunks, maxLineBytes);
    if (input.path !== null) await chunks.return(undefined);
    if (sniffed.error !== undefined && !isDataError(sniffed.error)) throw pathError(input.name, sniffed.error);
    const name = detectFormat(sniffed.lines);
    const hasContent = sniffed.lines.some((text) => text.charCodeAt(0) !== 35 /* # */);
    // No record line at all is an empty input only if sniffing saw all of it; else it may hide data.
    if (name === null && (hasContent || (!sniffed.complete && sniffed.error === undefined))) {
      // A README or an error log beside the access logs of a folder is skipped and reported;
      // a file the user named is an error.
      const error = unknownFormat(input.name, sniffed.lines);
      if (!input.found) throw error;
      planned.push({ ...input, format: null, resume: null, skipped: error.message });
      continue;
    }
    planned.push({
      ...input,
      format: name === null ? null : (FORMATS[name] as LogFormat),
      resume: input.path === null ? { consumed: sniffed.consumed, rest: chunks } : null,
    });
  }
  const skipped = planned.filter((p) => p.skipped !== undefined);
  if (skipped.length > 0 && skipped.length === planned.length) throw unknownFormat(skipped[0]!.name, []);
  return planned;
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

function unknownFormat(name: string, lines: readonly string[]): InputError {
  const first = (lines.find((text) => text.charCodeAt(0) !== 35) ?? '').slice(0, 120);
  return new InputError('SEMLOG_UNKNOWN_FORMAT', `cannot detect the log format of ${name} (first line: ${JSON.stringify(first)})`, {
    hint:
      `pass --format with one of: ${formatNames().filter((n) => n !== 'custom-apache').join(', ')} ` +
      `(aliases: ${Object.keys(ALIASES).join(', ')}), or --log-format '<Apache LogFormat>' for a custom layout; ` +
      'if it is not a log (a README in a log folder), name the log files or use a glob',
  });
}
