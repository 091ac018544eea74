// The BullMQ queue of map jobs, shared by coordinators and workers. Jobs of several scans may be in it
// at once; their ids start with the scan's id.

/** Queue name every `semlog worker` listens on. */
export const MAP_QUEUE = 'semlog-map';

/** Tries of a map job before it fails the scan: a worker killed mid-job costs one. */
export const MAP_ATTEMPTS = 3;

/** Pause before a failed map job is tried again. */
export const RETRY_DELAY_MS = 1000;

/**
 * How the coordinator learns why a job failed: the worker puts the semlog error code and exit code in
 * front of the message (BullMQ keeps only the message).
 */
export function failureReason(error: unknown): string {
  const { code, exitCode, message } = error as { code?: string; exitCode?: number; message?: string };
  const prefix = typeof code === 'string' && typeof exitCode === 'number' ? `[${code} exit ${exitCode}] ` : '';
  return `${prefix}${message ?? String(error)}`;
}

export function parseFailureReason(reason: string): { code: string | undefined; exitCode: number | undefined; message: string } {
  const match = /^\[(SEMLOG_\w+) exit (\d+)\] ([\s\S]*)$/.exec(reason);
  return match ? { code: match[1], exitCode: Number(match[2]), message: match[3]! } : { code: undefined, exitCode: undefined, message: reason };
}
