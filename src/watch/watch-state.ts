// What `semlog watch` remembers between runs (--state DIR): per followed file, where it stopped and
// how to recognise the file again; how long the output file was when that state was written; and
// where the journal of the site's routes ended then (site-map-journal.ts).
// Written atomically (temp file + rename), after the findings it accounts for.

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { Fingerprint } from './fingerprint.js';
import type { SiteMapMark } from './site-map-journal.js';

export const STATE_FILE = 'watch-state.json';
const STATE_VERSION = 1;

export interface FileState {
  /** The path first followed, resolved (symlinks followed): its rotated names are found beside it. */
  origin: string;
  /** Where the file was last read (its rotated name, once rotated). */
  path: string;
  /**
   * The name records carry: the path as the user named it or the glob found it; once the file is
   * renamed (rotated), the name it was last read under (beside the old name, or absolute).
   */
  name: string;
  dev: string;
  ino: string;
  fingerprint: Fingerprint;
  /** Bytes consumed: always just after a newline, or inside an over-long line being skipped. */
  offset: number;
  /** Lines consumed, so that records carry their physical line number. */
  line: number;
  /** Inside an over-long line: the bytes up to its newline are dropped. */
  skipping: boolean;
  /** The detected (or forced) format; null until detected. */
  format: string | null;
  /** When this file was last found, epoch ms: rotated files that are gone are forgotten oldest first. */
  seenMs: number;
  /** The file was not found at its path nor beside its origin: kept a while to recognise copies. */
  gone: boolean;
}

export interface WatchState {
  files: FileState[];
  /** Length of the --out file when the state was written; findings past it were not accounted for. */
  outputBytes: number | null;
  /**
   * Whether a run has followed with this state: files it does not know appeared since (or while
   * semlog was down), and are read from their start whatever --from says.
   */
  started: boolean;
  /** Where the site map's journal ended when the state was written; changes past it were not accounted for. None from a version that kept no map. */
  siteMap?: SiteMapMark;
}

export function readWatchState(dir: string): WatchState {
  let text: string;
  try {
    text = readFileSync(join(dir, STATE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], outputBytes: null, started: false };
    throw new InputError('SEMLOG_STATE_UNREADABLE', `cannot read ${join(dir, STATE_FILE)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: '--state names a folder that semlog watch may read and write',
      cause: error,
    });
  }
  try {
    const parsed = JSON.parse(text) as { version?: number } & WatchState;
    if (parsed.version !== STATE_VERSION || !Array.isArray(parsed.files)) throw new Error(`not a version ${STATE_VERSION} watch state`);
    return { files: parsed.files, outputBytes: parsed.outputBytes ?? null, started: parsed.started === true, ...(isMark(parsed.siteMap) && { siteMap: parsed.siteMap }) };
  } catch (error) {
    throw new InputError('SEMLOG_STATE_UNREADABLE', `${join(dir, STATE_FILE)} is damaged: ${(error as Error).message}`, {
      hint: 'move it away to start over (files are then read from their end, or from their start with --from start)',
      cause: error,
    });
  }
}

function isMark(mark: SiteMapMark | undefined): mark is SiteMapMark {
  if (mark === undefined) return false;
  if (!(Number.isInteger(mark.generation) && mark.generation >= 1 && Number.isInteger(mark.bytes) && mark.bytes >= 0)) throw new Error(`siteMap is not a journal's generation and length`);
  return true;
}

/** Temp file + rename: a crash leaves the previous state or this one, never half of one. */
export function writeWatchState(dir: string, state: WatchState): void {
  const temp = join(dir, `.${STATE_FILE}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, `${JSON.stringify({ version: STATE_VERSION, ...state })}\n`);
    renameSync(temp, join(dir, STATE_FILE));
  } catch (cause) {
    rmSync(temp, { force: true });
    throw new InputError('SEMLOG_STATE_UNWRITABLE', `cannot write ${join(dir, STATE_FILE)}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
      hint: 'check that the --state folder is writable and its disk has free space',
      cause,
    });
  }
}
