// How errors reach the user: known ones as one line plus a hint, unknown ones with a stack.

import { EXIT, SemlogError } from '../errors.js';
import { sanitizeLines } from '../report/sanitize-terminal.js';

/**
 * Writes the error to stderr and returns the exit code to use. Messages quote file names and first
 * lines of logs, which are attacker-controlled: their control characters are shown as escapes.
 */
export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof SemlogError) {
    process.stderr.write(`semlog: ${sanitizeLines(error.message)}\n`);
    if (error.hint) process.stderr.write(`hint: ${sanitizeLines(error.hint)}\n`);
    if (debug) process.stderr.write(`${error.stack ?? ''}\n${formatCause(error.cause)}`);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`semlog: internal error: ${sanitizeLines(err.message)}\n`);
  if (debug) process.stderr.write(`${err.stack ?? ''}\n`);
  else process.stderr.write('hint: rerun with --debug for the stack trace, and please report it\n');
  return EXIT.model;
}

function formatCause(cause: unknown): string {
  if (cause === undefined) return '';
  return `caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`;
}
