// The InputError for a path that cannot be used, with a code per cause and a hint that says what to do.
import { InputError } from '../errors.js';

export function pathError(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') {
    return new InputError('SEMLOG_INPUT_UNREADABLE', `cannot read ${path}: permission denied`, {
      hint: 'check the file permissions, or run as a user who may read the logs',
      cause: error,
    });
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new InputError('SEMLOG_INPUT_NOT_FOUND', `${path} does not exist`, {
      hint: 'check the path; a glob must match at least one file, and - reads stdin',
      cause: error,
    });
  }
  return new InputError('SEMLOG_INPUT_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
}
