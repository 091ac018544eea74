// The Node.js flags semlog's worker threads start with. A worker inherits process.execArgv, and a
// flag that only concerns the process's entry point makes its start fail: a library user who runs
// `node --input-type=module` (a script from stdin or -e) had the parse thread fail the scan with
// exit 4, and the index built on the main thread with a warning. Shared by the stages that start
// workers (the parse thread, the index worker, the embedding pool).

/** Flags about how the entry point is read, which Node.js refuses for a worker that runs a file. */
const ENTRY_POINT_FLAGS = new Set(['--input-type']);

/** `execArgv` without the entry point's flags (each with its value, as `--flag=value` or `--flag value`). */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const equals = arg.indexOf('=');
    if (ENTRY_POINT_FLAGS.has(equals === -1 ? arg : arg.slice(0, equals))) {
      if (equals === -1) i++; // the value is the next argument
      continue;
    }
    kept.push(arg);
  }
  return kept;
}
