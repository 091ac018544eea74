// Follows files across rotation: on every poll it finds the followed files, matches each to what it
// read before (same inode and first bytes: the same file, perhaps renamed; same first bytes in a new
// inode: a copytruncate copy), looks beside a file's first path for where a rotated file went, and
// reads the complete lines each one gained, under the name the file has when it is read. Offsets move
// in memory; the caller saves snapshot() only after it has judged and written out what poll() returned.

import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { FINGERPRINT_BYTES, fingerprintOf, sameStart } from './fingerprint.js';
import { followTargets, nameBeside, namesOfInode, rotatedNames, type Target } from './follow-targets.js';
import { readNewLines, type ReadPiece } from './read-new-lines.js';
import type { FileState } from './watch-state.js';

export interface FollowerOptions {
  /** Named files and globs (not `-`). */
  paths: readonly string[];
  /** Files with content at the first poll that the state does not know: read from their start, or only what they gain. */
  fromStart: boolean;
  maxLineBytes: number;
  /** Bytes read per poll, over all files; the rest waits for the next poll (which the caller makes at once). */
  readBudgetBytes: number;
  /** Rotated files that are gone, remembered to recognise their copies; the oldest are forgotten. */
  maxGoneFiles?: number;
}

export interface FileChunk {
  file: FileState;
  /** The file's line count before these pieces. */
  lineBefore: number;
  pieces: ReadPiece[];
  /**
   * The file's first bytes (up to 64 KiB), for format detection and `#` header lines: given with the
   * first chunk of a file in this process, and while its format is unknown.
   */
  head?: Buffer;
}

export interface PollResult {
  chunks: FileChunk[];
  /** Some file has more to read than the budget allowed. */
  more: boolean;
}

/** How much of a file's start is looked at for its format and `#` header lines. */
const HEAD_BYTES = 64 * 1024;

interface Probe {
  target: Target;
  fd: number;
  dev: string;
  ino: string;
  size: number;
  head: Buffer;
}

export class FileFollower {
  readonly #files: FileState[];
  readonly #options: FollowerOptions;
  #firstPoll = true;
  /** Files handed out since this process started. */
  readonly #handedOut = new Set<FileState>();
  #followed = 0;

  constructor(files: readonly FileState[], options: FollowerOptions) {
    this.#files = files.map((f) => ({ ...f, fingerprint: { ...f.fingerprint } }));
    this.#options = options;
  }

  /** Files found at the last poll: those being read, and empty ones waiting for their first line (which have no state yet). */
  get followedFiles(): number {
    return this.#followed;
  }

  /** What to save: a copy, so that later polls do not change it. */
  snapshot(): FileState[] {
    return this.#files.map((f) => ({ ...f, fingerprint: { ...f.fingerprint } }));
  }

  async poll(): Promise<PollResult> {
    const probes: Probe[] = [];
    try {
      for (const target of await followTargets(this.#options.paths)) {
        const probe = probeFile(target);
        if (probe) probes.push(probe);
      }
      const found = this.#match(probes);
      this.#findRotated(found, probes);
      const fromEnd = this.#firstPoll && !this.#options.fromStart;
      this.#firstPoll = false;
      let budget = this.#options.readBudgetBytes;
      let more = false;
      const chunks: FileChunk[] = [];
      let followed = 0;
      for (const probe of probes) {
        let file = found.get(probe);
        if (file === undefined && this.#isCopyOfFollowed(probe, found)) continue;
        followed++;
        if (file === undefined) {
          // An empty file has no first bytes to recognise it by: its state starts with its first line.
          if (probe.size === 0) continue;
          file = this.#start(probe, fromEnd);
        } else if (probe.size < file.offset) {
          // Shorter than what was read, yet starting the same: truncated and written again from the start.
          Object.assign(file, { offset: 0, line: 0, skipping: false, fingerprint: fingerprintOf(probe.head) });
        }
        // A copytruncate copy is the file from now on: its inode is the one to recognise next time.
        // A renamed file's lines carry its name now, so that `file`:`line` finds them.
        Object.assign(file, { path: probe.target.path, name: probe.target.name, dev: probe.dev, ino: probe.ino });
        file.seenMs = Date.now();
        file.gone = false;
        if (file.fingerprint.bytes < FINGERPRINT_BYTES && probe.head.length > file.fingerprint.bytes) file.fingerprint = fingerprintOf(probe.head);
        const lineBefore = file.line;
        const read = readNewLines(probe.fd, file, probe.size, this.#options.maxLineBytes, Math.max(budget, 1));
        budget -= read.offset - file.offset;
        file.offset = read.offset;
        file.skipping = read.skipping;
        if (file.offset < probe.size && (read.pieces.length > 0 || file.skipping)) more = true;
        file.line += countLines(read.pieces);
        if (read.pieces.length === 0) continue;
        const needsHead = !this.#handedOut.has(file) || file.format === null;
        this.#handedOut.add(file);
        chunks.push({ file, lineBefore, pieces: read.pieces, ...(needsHead && { head: readStart(probe.fd, Math.min(probe.size, HEAD_BYTES)) }) });
      }
      this.#forgetGone();
      this.#followed = followed;
      return { chunks, more };
    } finally {
      for (const probe of probes) closeSync(probe.fd);
    }
  }

  /** Probes that are files already followed: the same inode with the same start, else a copy of a file whose inode lost it. */
  #match(probes: readonly Probe[]): Map<Probe, FileState> {
    const found = new Map<Probe, FileState>();
    const claimed = new Set<FileState>();
    const claim = (probe: Probe, file: FileState | undefined) => {
      if (file === undefined || probe.size === 0) return;
      found.set(probe, file);
      claimed.add(file);
    };
    for (const probe of probes) {
      claim(probe, this.#files.find((f) => !claimed.has(f) && f.dev === probe.dev && f.ino === probe.ino && sameStart(probe.head, f.fingerprint)));
    }
    for (const probe of probes) {
      if (!found.has(probe)) claim(probe, this.#files.find((f) => !claimed.has(f) && sameStart(probe.head, f.fingerprint) && !this.#inodeKeeps(f, probes)));
    }
    return found;
  }

  /** Files not found among the followed paths: still where they were last read, or rotated under another name beside where they started? */
  #findRotated(found: Map<Probe, FileState>, probes: Probe[]): void {
    const claimed = new Set(found.values());
    const looked = new Set(probes.map((p) => p.target.path));
    for (const file of this.#files) {
      if (claimed.has(file) || file.gone) continue;
      const tried = new Set<string>();
      for (const path of placesOf(file)) {
        if (looked.has(path) || tried.has(path)) continue;
        tried.add(path);
        const probe = probeFile({ name: nameBeside(file.name, path), path });
        if (probe === undefined) continue;
        const same = probe.dev === file.dev && probe.ino === file.ino;
        if (sameStart(probe.head, file.fingerprint) && (same || !this.#inodeKeeps(file, probes))) {
          probes.push(probe);
          looked.add(path);
          found.set(probe, file);
          claimed.add(file);
          break;
        }
        closeSync(probe.fd);
      }
      if (!claimed.has(file)) file.gone = true;
    }
  }

  /** Whether the inode `file` was read from is still among the probes with the same start (so a look-alike is a copy). */
  #inodeKeeps(file: FileState, probes: readonly Probe[]): boolean {
    return probes.some((p) => p.dev === file.dev && p.ino === file.ino && sameStart(p.head, file.fingerprint));
  }

  /** A copytruncate copy made before the truncation: its lines are being read from the original. */
  #isCopyOfFollowed(probe: Probe, found: Map<Probe, FileState>): boolean {
    return [...found.values()].some((f) => sameStart(probe.head, f.fingerprint));
  }

  #start(probe: Probe, fromEnd: boolean): FileState {
    let origin = probe.target.path;
    try {
      origin = realpathSync(probe.target.path);
    } catch {
      // Gone since it was opened: its first path will do.
    }
    const file: FileState = {
      origin,
      path: probe.target.path,
      name: probe.target.name,
      dev: probe.dev,
      ino: probe.ino,
      fingerprint: fingerprintOf(probe.head),
      offset: 0,
      line: 0,
      skipping: false,
      format: null,
      seenMs: Date.now(),
      gone: false,
    };
    if (fromEnd) Object.assign(file, skipToEnd(probe));
    this.#files.push(file);
    return file;
  }

  #forgetGone(): void {
    const gone = this.#files.filter((f) => f.gone).sort((a, b) => a.seenMs - b.seenMs);
    const excess = gone.length - (this.#options.maxGoneFiles ?? 100);
    for (const file of gone.slice(0, Math.max(0, excess))) this.#files.splice(this.#files.indexOf(file), 1);
  }
}

/**
 * Where a file not at a followed path may be, most likely first: where it was last read, the usual
 * rotated names, then any name its inode has in its folder (listed only when the others miss).
 */
function* placesOf(file: FileState): Generator<string> {
  yield file.path;
  yield* rotatedNames(file.origin);
  yield* namesOfInode(file.origin, file.dev, file.ino);
}

function probeFile(target: Target): Probe | undefined {
  let fd: number;
  try {
    fd = openSync(target.path, 'r');
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd, { bigint: true });
    if (!stats.isFile()) {
      closeSync(fd);
      return undefined;
    }
    const head = Buffer.alloc(Math.min(Number(stats.size), FINGERPRINT_BYTES));
    const got = readHead(fd, head);
    return { target, fd, dev: String(stats.dev), ino: String(stats.ino), size: Number(stats.size), head: head.subarray(0, got) };
  } catch {
    closeSync(fd);
    return undefined;
  }
}

function readHead(fd: number, buffer: Buffer): number {
  let got = 0;
  while (got < buffer.length) {
    const n = readSync(fd, buffer, got, buffer.length - got, got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

function readStart(fd: number, bytes: number): Buffer {
  const buffer = Buffer.allocUnsafe(bytes);
  return buffer.subarray(0, readHead(fd, buffer));
}

/** Starts after the last complete line, counting the lines before it, so that line numbers stay true. */
function skipToEnd(probe: Probe): Pick<FileState, 'offset' | 'line'> {
  let offset = 0;
  let line = 0;
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  for (let position = 0; position < probe.size; ) {
    const n = readSync(probe.fd, buffer, 0, Math.min(buffer.length, probe.size - position), position);
    if (n === 0) break;
    for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) {
      line++;
      offset = position + i + 1;
    }
    position += n;
  }
  return { offset, line };
}

function countLines(pieces: readonly ReadPiece[]): number {
  let lines = 0;
  for (const piece of pieces) {
    if (piece.kind === 'lineEnd') lines++;
    else if (piece.kind === 'lines') for (let i = piece.bytes.indexOf(10); i !== -1; i = piece.bytes.indexOf(10, i + 1)) lines++;
  }
  return lines;
}
