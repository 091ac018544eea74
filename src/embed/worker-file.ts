// Finds the compiled embedding worker: piscina needs JavaScript, also when the caller runs from TypeScript sources.

import { fileURLToPath } from 'node:url';
import { compiledWorker } from '../compiled-worker.js';
import { ModelError } from '../errors.js';

export function embedWorkerFile(): string {
  const file = compiledWorker(import.meta.url, 'embed/embed-worker.js');
  if (file !== undefined) return file;
  throw new ModelError('SEMLOG_WORKER_MISSING', `embedding worker not found at ${fileURLToPath(new URL('./embed-worker.js', import.meta.url))}`, {
    hint: 'build the package first: npm run build',
  });
}
