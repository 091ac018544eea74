// Typed errors with stable codes and exit codes. The CLI prints known errors as one line plus a hint.

/** Process exit codes; documented in the README ("Exit codes and errors"). */
export const EXIT = Object.freeze({
  ok: 0,
  findings: 1,
  usage: 2,
  input: 3,
  model: 4,
  alert: 5,
  interrupted: 130,
});

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface SemlogErrorOptions {
  hint?: string;
  cause?: unknown;
}

/** An error the user can act on: `code` is stable, `hint` says how to fix it. */
export class SemlogError extends Error {
  override readonly name: string = 'SemlogError';
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(code: string, exitCode: ExitCode, message: string, options: SemlogErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** Wrong flags or arguments (exit 2). */
export class UsageError extends SemlogError {
  override readonly name = 'UsageError';
  constructor(message: string, options: SemlogErrorOptions = {}) {
    super('SEMLOG_USAGE', EXIT.usage, message, options);
  }
}

/** Unreadable, missing or damaged input (exit 3). */
export class InputError extends SemlogError {
  override readonly name = 'InputError';
  constructor(code: string, message: string, options: SemlogErrorOptions = {}) {
    super(code, EXIT.input, message, options);
  }
}

/** The model or the runtime environment is broken or missing (exit 4). */
export class ModelError extends SemlogError {
  override readonly name = 'ModelError';
  constructor(code: string, message: string, options: SemlogErrorOptions = {}) {
    super(code, EXIT.model, message, options);
  }
}

/** An alert (webhook, SNS) could not be delivered; the local report was written (exit 5). */
export class AlertError extends SemlogError {
  override readonly name = 'AlertError';
  constructor(code: string, message: string, options: SemlogErrorOptions = {}) {
    super(code, EXIT.alert, message, options);
  }
}

/** The run was cancelled through its AbortSignal (Ctrl-C, SIGTERM): exit 130. */
export class InterruptedError extends SemlogError {
  override readonly name = 'InterruptedError';
  declare readonly exitCode: typeof EXIT.interrupted;
  constructor(options: SemlogErrorOptions = {}) {
    super('SEMLOG_INTERRUPTED', EXIT.interrupted, 'interrupted', options);
  }
}

/** Throws InterruptedError when the signal has fired; call between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError({ cause: signal.reason });
}
