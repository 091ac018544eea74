// One file however it is reached (another spelling, a hard link, a folder and a file in it): its
// device and inode.

import { stat } from 'node:fs/promises';

/** `dev:ino` of the file at `path`, or undefined when it cannot be stat'ed (the read that follows reports why). */
export async function fileId(path: string): Promise<string | undefined> {
  const stats = await stat(path).catch(() => undefined);
  return stats === undefined ? undefined : `${stats.dev}:${stats.ino}`;
}
