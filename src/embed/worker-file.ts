// Finds the compiled worker file: piscina needs JavaScript, also when the caller runs from TypeScript sources.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ModelError } from '../errors.js';

export function embedWorkerFile(): string {
  const sibling = fileURLToPath(new URL('./embed-worker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  // Tests and benchmarks import src/ directly; the worker then comes from the build.
  const built = fileURLToPath(new URL('../../dist/embed/embed-worker.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new ModelError('SEMLOG_WORKER_MISSING', `embedding worker not found at ${sibling}`, {
    hint: 'build the package first: npm run build',
  });
}
