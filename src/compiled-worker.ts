// Finds the compiled JavaScript of a worker thread: worker threads and piscina need JavaScript, also
// when the caller runs from the TypeScript sources (tests and benchmarks import src/ directly; the
// worker then comes from the build). Shared by the stages that start workers.

import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The worker next to the calling module (`callerUrl`, its import.meta.url), or else in dist/ at
 * `distPath` (e.g. `index/index-worker.js`); undefined when neither exists.
 */
export function compiledWorker(callerUrl: string, distPath: string): string | undefined {
  const sibling = fileURLToPath(new URL(`./${basename(distPath)}`, callerUrl));
  if (existsSync(sibling)) return sibling;
  // The caller is src/<the folders of distPath>/, as deep as the worker is in dist/.
  const up = '../'.repeat(distPath.split('/').length);
  const built = fileURLToPath(new URL(`${up}dist/${distPath}`, callerUrl));
  return existsSync(built) ? built : undefined;
}
