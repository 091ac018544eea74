// The CLI entry: parse arguments, run one command, turn its outcome into an exit code.
// Uses process.exitCode, never process.exit(), so that output is flushed and workers shut down; the
// one exception is an error that escaped every handler, after which nothing can be trusted.

import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { UsageError } from '../errors.js';
import { checkOptionArgs } from './number-args.js';
import { reportError } from './render-error.js';
import { scanCommand } from './scan-command.js';
import { trainCommand } from './train-command.js';
import { tuneCommand } from './tune-command.js';
import { watchCommand } from './watch-command.js';
import { workerCommand } from './worker-command.js';

/**
 * yargs 18 drops a bare `-` from a command's positional arguments, so `semlog scan -` saw no input:
 * it travels through yargs under this name and is given back before any command sees it.
 */
const STDIN_TOKEN = '\u0000stdin';

/**
 * Puts `-` back where main() hid it from yargs: in the paths, and in any option's value
 * (`--allow-user-agent -`, `--out -`), which would otherwise hold the token itself.
 */
function restoreStdinArg(argv: Record<string, unknown>): void {
  const restore = (value: unknown): unknown => (value === STDIN_TOKEN ? '-' : Array.isArray(value) ? value.map(restore) : value);
  for (const [key, value] of Object.entries(argv)) argv[key] = restore(value);
}

export async function main(argv: readonly string[]): Promise<void> {
  const debug = argv.includes('--debug');
  // The AWS SDK warns on every run under Node 20 about its own future Node support: news for the
  // maintainers of semlog, noise in a nightly job's mail. Users can still turn it back on.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  // An error thrown outside the command's promise chain (in an event handler or a timer) is a bug,
  // but it still gets one line without --debug instead of Node's raw stack trace.
  process.once('uncaughtException', (error) => {
    process.exitCode = reportError(error, debug);
    process.exit();
  });
  // Diagnostics are best effort: when whoever reads stderr goes away (a log shipper that died,
  // `2>&1 >report.json | head`), the scan and its report go on without them, and the exit code
  // still tells. Without a listener, that EPIPE would end the run as an internal error.
  process.stderr.on('error', () => {});
  try {
    const parser = yargs(argv.map((arg) => (arg === '-' ? STDIN_TOKEN : arg)))
      .scriptName('semlog')
      .usage('$0 <command> [options]\n\nFind attacks, bots, scanners and broken behaviour in web access logs.')
      .command(scanCommand)
      .command(trainCommand)
      .command(tuneCommand)
      .command(watchCommand)
      .command(workerCommand)
      .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces of errors' })
      // `--since -5h` was read as the flags -5 and -h, and printed the help with exit 0 instead of a
      // scan; `--eps 0x1` was read as 1, where a value that cannot be meant is exit 2. Numbers are
      // read by number-args.ts, as decimals; a path named 2024 stays a path.
      .parserConfiguration({ 'short-option-groups': false, 'parse-numbers': false, 'parse-positional-numbers': false })
      // Before any command runs: a number that cannot be meant fails before a file is read.
      .middleware(checkOptionArgs)
      .middleware(restoreStdinArg)
      .demandCommand(1, 'name a command, e.g. semlog scan access.log')
      .strict()
      .version(packageVersion())
      .help()
      .alias('h', 'help')
      .wrap(Math.min(110, process.stdout.columns || 110))
      .epilogue('Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage, 3 input, 4 model/environment, 5 alert not delivered, 130 interrupted.')
      .exitProcess(false)
      .fail((message, error) => {
        // yargs reports some usage errors as its own YError, and some (a value not among the choices)
        // on several lines; a usage error is one line.
        if (error !== undefined && error?.name !== 'YError') throw error;
        throw new UsageError((error?.message ?? message).replace(/:?\n\s*/g, ': '), { hint: 'see semlog --help' });
      });
    skipHelpCache(parser);
    await parser.parseAsync();
  } catch (error) {
    process.exitCode = reportError(error, debug);
  }
}

/**
 * yargs lays out a command's whole help text each time the command runs, to have it at hand should
 * the command fail later and the help be shown. semlog's fail handler never shows it, and laying out
 * the scan command's options took ~90 ms of CPU on every run (a warm rescan of a small log takes about
 * one second). Reached through yargs' internal methods, so it does nothing if they change.
 */
function skipHelpCache(parser: unknown): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (parser as Internals).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
