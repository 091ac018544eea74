// Starts semlog's worker threads (the parse thread, the index worker) on their compiled files.
//
// The thread's entry is a one-line module that imports the file, not the file itself. A worker
// inherits the process's Node.js flags, and Node refuses `--input-type` for a worker whose entry is
// a file, but not for one whose entry is a string: a library user running `node --input-type=module`
// (a script from stdin or -e) had the parse thread fail the scan with exit 4, and the index built on
// the main thread with a warning. Handing the worker a filtered `execArgv` instead would have Node
// check every flag, and refuse those it otherwise leaves to the process (`--max-old-space-size`).
// The embedding pool is started by piscina on its own entry file, which is CommonJS: Node refuses
// the flag only for an ES module entry (test/start-worker.test.ts runs all three under it).

import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(file: string, options: Omit<WorkerOptions, 'eval' | 'execArgv'> = {}): Worker {
  return new Worker(`import(${JSON.stringify(pathToFileURL(file).href)});`, { ...options, eval: true });
}
