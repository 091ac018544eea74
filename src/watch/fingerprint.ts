// Which file is this? A hash of a file's first bytes, beside its device and inode: rename-and-create
// keeps the inode and the bytes, copytruncate keeps the bytes in a new inode (the copy) and empties
// the old one, so together they tell a rotated file from a new one, across restarts too.

import { createHash } from 'node:crypto';

/** How many first bytes identify a file. Enough to hold a log's first records, whose times differ. */
export const FINGERPRINT_BYTES = 1024;

export interface Fingerprint {
  /** How many first bytes were hashed: fewer than FINGERPRINT_BYTES while the file was smaller. */
  bytes: number;
  sha256: string;
}

export function fingerprintOf(head: Buffer, bytes = Math.min(head.length, FINGERPRINT_BYTES)): Fingerprint {
  return { bytes, sha256: createHash('sha256').update(head.subarray(0, bytes)).digest('hex') };
}

/** Whether a file that starts with `head` is the file `fingerprint` was taken of (it may have grown since). */
export function sameStart(head: Buffer, fingerprint: Fingerprint): boolean {
  return head.length >= fingerprint.bytes && fingerprintOf(head, fingerprint.bytes).sha256 === fingerprint.sha256;
}
