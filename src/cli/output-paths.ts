// The files a command writes, checked against what it reads before any work: a report written over
// the log it came from destroys the evidence, and two reports to one path leave only the last.

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { resolveInputs } from '../parse/resolve-inputs.js';
import { isS3Uri } from '../parse/s3/s3-uri.js';

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
    const stats = await stat(output.path).catch(() => undefined);
    if (stats?.isFile()) existing.push({ ...output, id: `${stats.dev}:${stats.ino}` });
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
    const stats = await stat(input.path).catch(() => undefined);
    if (stats === undefined) continue;
    const clash = existing.find((output) => output.id === `${stats.dev}:${stats.ino}`);
    if (clash !== undefined) {
      throw new UsageError(`${clash.option} ${clash.path} is one of the inputs (${input.name}): writing there would replace the log`, { hint: 'write the report to another file' });
    }
  }
}
