// Options shared by scan, train and tune: where the logs come from and which model reads them.

import type { Argv } from 'yargs';

export interface InputArgs {
  paths: string[];
  format: string;
  logFormat: string | undefined;
  maxLineBytes: number;
  debug: boolean;
}

export interface ModelArgs {
  model: string | undefined;
  workers: number | undefined;
  batchSize: number;
}

export function inputOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .positional('paths', { type: 'string', array: true, describe: 'Log files, folders, globs, .gz, or - for stdin' })
    .option('format', { alias: 'f', type: 'string', default: 'auto', describe: 'Log format (auto-detected per file)' })
    .option('log-format', { type: 'string', describe: "Apache LogFormat string, e.g. '%h %l %u %t \"%r\" %>s %b'" })
    .option('max-line-bytes', { type: 'number', default: 65536, describe: 'Longer lines are counted as malformed' });
}

export function modelOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('model', { type: 'string', describe: 'Folder of a local sentence-transformers ONNX export (default: bundled MiniLM)' })
    .option('workers', { type: 'number', describe: 'Embedding worker threads (default: one per core)' })
    .option('batch-size', { type: 'number', default: 64, describe: 'Texts per model call' });
}
