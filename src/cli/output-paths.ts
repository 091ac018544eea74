// The files a command writes, checked against what it reads before any work: a report written over
// the log it came from destroys the evidence, and two reports to one path leave only the last. A file
// written only at the end of a long run (tune's --save) is also checked for a place to be written.

import { open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { fileId } from '../parse/file-id.js';
import { resolveInputs } from '../parse/resolve-inputs.js';
import { isS3Uri } from '../parse/s3/s3-uri.js';
import { tempFileOf } from './write-report.js';

export interface OutputFile {
  /** The option that names it, e.g. `--out`. */
  option: string;
  path: string;
}

/**
 * `-` for `--out` is stdout, as for most tools: undefined is returned for it, which the writers read
 * as stdout. Any other `-` (an HTML report beside a report on stdout) is refused.
 */
export function stdoutOrFile(option: string, path: string | undefined, stdoutAllowed: boolean): string | undefined {
  if (path !== '-') return path;
  if (stdoutAllowed) return undefined;
  throw new UsageError(`${option} needs a file name: stdout carries the report`, { hint: `e.g. ${option} report.html` });
}

/**
 * Usage errors for an output that is one of the inputs (local files, those found in folders and by
 * globs, compared by device and inode, so that another spelling or a hard link is caught too), or
 * that two options name the same file. An output that does not exist yet cannot be an input.
 */
export async function checkOutputs(outputs: readonly OutputFile[], inputPaths: readonly string[]): Promise<void> {
  const seen = new Map<string, string>();
  for (const output of outputs) {
    const full = resolve(output.path);
    const other = seen.get(full);
    if (other !== undefined) throw new UsageError(`${other} and ${output.option} name the same file, ${output.path}`, { hint: 'give each report its own file' });
    seen.set(full, output.option);
  }
  const existing = [];
  for (const output of outputs) {
    const id = await fileId(output.path);
    if (id !== undefined) existing.push({ ...output, id });
  }
  if (existing.length === 0) return;
  const inputs = [];
  for (const path of inputPaths) {
    if (path === '-' || isS3Uri(path)) continue;
    // A path that does not resolve is the scan's to report, with its own code; here only what resolves counts.
    inputs.push(...(await resolveInputs([path]).catch(() => [])));
  }
  for (const input of inputs) {
    if (input.path === null) continue;
    const id = await fileId(input.path);
    if (id === undefined) continue;
    const clash = existing.find((output) => output.id === id);
    if (clash !== undefined) {
      throw new UsageError(`${clash.option} ${clash.path} is one of the inputs (${input.name}): writing there would replace the log`, { hint: 'write the report to another file' });
    }
  }
}

/**
 * Usage error for an output that is the file `input` names (another spelling or a hard link too):
 * e.g. tune's --save or --suggest-csv naming its --labels file, which it would replace.
 */
export async function checkNotInput(outputs: readonly OutputFile[], input: OutputFile): Promise<void> {
  const read = await fileId(input.path);
  if (read === undefined) return;
  for (const output of outputs) {
    if ((await fileId(output.path)) === read) {
      throw new UsageError(`${output.option} ${output.path} is the ${input.option} file: writing there would replace it`, { hint: `write ${output.option} to another file` });
    }
  }
}

/**
 * Errors for a file that could not be written where an output names it, found before the run rather
 * than after it: a folder in its place is a usage error (exit 2); a folder that is missing or takes no
 * new file is the output error the write would end with (exit 3). The write itself stays atomic
 * (write-report.ts): here its temporary file is created and removed, the target is not touched.
 * `example` is a file name for the hint.
 */
export async function checkWritable(output: OutputFile, example: string): Promise<void> {
  const stats = await stat(output.path).catch(() => undefined);
  if (stats?.isDirectory()) {
    throw new UsageError(`${output.option} ${output.path} is a folder: it names the file to write`, { hint: `name a file, e.g. ${output.option} ${join(output.path, example)}` });
  }
  const temp = tempFileOf(output.path);
  try {
    await (await open(temp, 'w')).close();
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const folder = dirname(output.path);
    const why =
      code === 'ENOENT' ? `the folder ${folder} does not exist`
      : code === 'ENOTDIR' ? `${folder} is not a folder`
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `the folder ${folder} is not writable (${code})`
      : (code ?? (cause as Error).message);
    throw new InputError('SEMLOG_OUTPUT_FAILED', `cannot write ${output.option} ${output.path}: ${why}`, {
      hint: 'name a file in a folder that exists and is writable',
      cause,
    });
  }
  await rm(temp, { force: true });
}
