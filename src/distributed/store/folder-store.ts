// The partial store as a folder every host shares (NFS, EFS, a shared volume): one folder per scan,
// and per map job a file of each kind plus its summary. Files are written under a temporary name and
// renamed into place, so a worker killed mid-job leaves no partial that looks finished, and a retried
// job simply replaces what an earlier attempt left.

import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { decodeFrames, encodeFrame } from './frames.js';
import { partialName, type FrameWriter, type PartialKind, type PartialStore, type PartialSummary } from './partial-store.js';

export class FolderStore implements PartialStore {
  /** The scan's folder. */
  readonly where: string;

  constructor(store: string, scanId: string) {
    this.where = join(resolve(store), scanId);
  }

  /** A partial's path. */
  path(index: number, kind: PartialKind | 'summary'): string {
    return join(this.where, partialName(index, kind));
  }

  async prepare(): Promise<void> {
    try {
      await mkdir(this.where, { recursive: true });
    } catch (cause) {
      throw new InputError('SEMLOG_STORE_UNWRITABLE', `cannot write to the store ${join(this.where, '..')}: ${(cause as NodeJS.ErrnoException).code}`, {
        hint: '--store must be a folder every worker host can read and write (NFS, EFS, a shared volume), or an s3:// prefix',
        cause,
      });
    }
  }

  createWriter(index: number, kind: PartialKind): Promise<FrameWriter> {
    return FileFrameWriter.create(this.path(index, kind));
  }

  async *readFrames<T>(index: number, kind: PartialKind): AsyncGenerator<T> {
    const path = this.path(index, kind);
    try {
      yield* decodeFrames<T>(createReadStream(path));
    } catch (cause) {
      throw missingPartial(path, cause);
    }
  }

  async writeSummary(index: number, summary: PartialSummary): Promise<void> {
    const path = this.path(index, 'summary');
    const temp = tempName(path);
    await storeWrite(path, async () => {
      await mkdir(this.where, { recursive: true });
      const file = await open(temp, 'w');
      try {
        await file.writeFile(JSON.stringify(summary));
      } finally {
        await file.close();
      }
      await rename(temp, path);
    });
  }

  async readSummary(index: number): Promise<PartialSummary> {
    const path = this.path(index, 'summary');
    try {
      return JSON.parse(await readFile(path, 'utf8')) as PartialSummary;
    } catch (cause) {
      throw missingPartial(path, cause);
    }
  }

  async remove(): Promise<void> {
    await rm(this.where, { recursive: true, force: true });
  }

  close(): void {}
}

/** Streams frames into a temporary file; commit() renames it into place. */
class FileFrameWriter implements FrameWriter {
  readonly #path: string;
  readonly #temp: string;
  readonly #file: FileHandle;

  private constructor(path: string, temp: string, file: FileHandle) {
    this.#path = path;
    this.#temp = temp;
    this.#file = file;
  }

  static async create(path: string): Promise<FileFrameWriter> {
    const temp = tempName(path);
    return storeWrite(path, async () => {
      await mkdir(join(path, '..'), { recursive: true });
      return new FileFrameWriter(path, temp, await open(temp, 'w'));
    });
  }

  async write(value: unknown): Promise<void> {
    await storeWrite(this.#path, () => this.#file.writev(encodeFrame(value)));
  }

  async commit(): Promise<void> {
    await storeWrite(this.#path, async () => {
      await this.#file.close();
      await rename(this.#temp, this.#path);
    });
  }

  async abort(): Promise<void> {
    await this.#file.close().catch(() => {});
    await rm(this.#temp, { force: true });
  }
}

/**
 * Unique per attempt: a job whose lock lapsed can run on two hosts at once (whose pids may be equal),
 * and each attempt must write its own file before the rename.
 */
function tempName(path: string): string {
  return `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
}

/** A failed write to the store is an input/output error (exit 3) that names the store, not a bare errno. */
async function storeWrite<T>(path: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (cause) {
    throw new InputError('SEMLOG_STORE_UNWRITABLE', `cannot write the map result ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
      hint: '--store must be a folder every worker host can write, with free space',
      cause,
    });
  }
}

function missingPartial(path: string, cause: unknown): InputError {
  return new InputError('SEMLOG_PARTIAL_UNREADABLE', `cannot read the map result ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
    hint: 'the --store folder must be the same shared folder on every host, and nothing else may clean it while a scan runs',
    cause,
  });
}
