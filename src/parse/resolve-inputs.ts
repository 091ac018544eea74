// Turns the paths a user typed (files, folders, globs, `-`) into the ordered list of inputs, failing
// before anything is read: a typo should cost a second, not an hour of parsing first.
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputError, UsageError } from '../errors.js';
import type { ByteRange } from './line-span.js';
import { fileId } from './file-id.js';
import { pathError } from './path-error.js';
import type { S3InputOptions } from './s3/resolve-s3.js';
import { isS3Uri } from './s3/s3-uri.js';

export interface InputSource {
  /** The name records and summaries use: as given, the folder as given joined with the file's path in it, or an s3:// URI. */
  name: string;
  /** The file to open; null for stdin and for remote objects. */
  path: string | null;
  /** Found inside a named folder, by a glob or under an S3 prefix, rather than named by the user. */
  found?: boolean;
  /**
   * A remote object's raw bytes (an S3 object). Its format is detected when its turn to be read
   * comes, from the same stream: one request per object, not one to sniff and one to read.
   */
  open?: (signal?: AbortSignal) => AsyncIterable<Buffer>;
  /** Only the lines that start in these bytes of the file (a map job of a distributed scan reads one range of a huge file). */
  range?: ByteRange;
  /** A remote object's size in bytes, as listed: whether its parsing pays a second thread (thread/wants-parse-thread.ts). */
  size?: number;
  /**
   * A named pipe, a shell's `<(…)` or a device: what is read from it is gone, so its format is
   * detected from the same stream the records are then read from, as for stdin.
   */
  once?: boolean;
}

/** Whether `input` can be read only once (stdin, a pipe, a device), so that sniffing its format must keep what it read. */
export function readsOnce(input: Pick<InputSource, 'path' | 'once'>): boolean {
  return input.path === null || input.once === true;
}

export interface ResolveOptions {
  s3?: S3InputOptions;
  signal?: AbortSignal;
}

export async function resolveInputs(paths: readonly string[], options: ResolveOptions = {}): Promise<InputSource[]> {
  if (paths.length === 0) throw new UsageError('no input given', { hint: 'name log files, folders or globs, or - for stdin' });
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  const inputs: InputSource[] = [];
  for (const given of paths) {
    if (given === '-') inputs.push({ name: '-', path: null });
    else if (isS3Uri(given)) inputs.push(...(await resolveRemote(given, options)));
    else inputs.push(...(await resolveOne(given)));
  }
  await refuseRepeats(inputs);
  return inputs;
}

/**
 * A file reached twice (a folder and a file in it, overlapping globs, another spelling, a hard link)
 * would be read twice: every client's requests doubled, every line finding reported twice. Files
 * are told apart by device and inode.
 */
async function refuseRepeats(inputs: readonly InputSource[]): Promise<void> {
  const first = new Map<string, string>();
  for (const input of inputs) {
    if (input.path === null) continue;
    const id = await fileId(input.path);
    if (id === undefined) continue; // the read reports it, with its own error
    const earlier = first.get(id);
    if (earlier !== undefined) {
      const what = earlier === input.name ? 'is given twice' : `is the same file as ${earlier}`;
      throw new UsageError(`${input.name} ${what}: it would be read twice`, {
        hint: 'name each file once; a folder already holds the files inside it',
      });
    }
    first.set(id, input.name);
  }
}

/** The AWS SDK is loaded only when an s3:// input is named: local scans do not pay for it. */
async function resolveRemote(uri: string, options: ResolveOptions): Promise<InputSource[]> {
  const { resolveS3 } = await import('./s3/resolve-s3.js');
  return resolveS3(uri, options.s3 ?? {}, options.signal);
}

async function resolveOne(given: string): Promise<InputSource[]> {
  let stats;
  try {
    stats = await stat(given);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && isDynamicPattern(given)) return expandGlob(given);
    throw pathError(given, error);
  }
  if (stats.isFile()) return [{ name: given, path: given }];
  if (!stats.isDirectory()) return [{ name: given, path: given, once: true }];
  const files = await walk(given);
  if (files.length === 0) {
    throw new InputError('SEMLOG_NO_INPUT', `folder ${given} contains no files`, { hint: 'check the path, or name the log files directly' });
  }
  const prefix = given.endsWith(sep) || given.endsWith('/') ? given : given + sep;
  return files.map((relative) => ({ name: prefix + relative, path: prefix + relative, found: true }));
}

/** Files under `dir`, recursively, sorted by code point; hidden files and folders are skipped. */
async function walk(dir: string, relative = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(relative === '' ? dir : `${dir}${sep}${relative}`, { withFileTypes: true });
  } catch (error) {
    throw pathError(relative === '' ? dir : `${dir}${sep}${relative}`, error);
  }
  const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of names) {
    const child = relative === '' ? entry.name : `${relative}${sep}${entry.name}`;
    if (entry.isDirectory()) files.push(...(await walk(dir, child)));
    else if (entry.isFile() || (entry.isSymbolicLink() && (await isFileLink(`${dir}${sep}${child}`)))) files.push(child);
  }
  return files;
}

async function isFileLink(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function expandGlob(pattern: string): Promise<InputSource[]> {
  const matches = await glob(pattern, { absolute: isAbsolute(pattern), onlyFiles: true, expandDirectories: false });
  if (matches.length === 0) {
    throw new InputError('SEMLOG_NO_INPUT', `no file matches ${pattern}`, {
      hint: 'check the pattern; quote it so that the shell does not expand it first',
    });
  }
  return matches.sort().map((path) => ({ name: path, path, found: true }));
}
