// The shared store of a distributed scan: one folder per scan, and per map job a records file
// (length-prefixed, deflated v8 frames of LogRecord batches) and a summary written last. Files are
// written under a temporary name and renamed into place, so a worker killed mid-job leaves no partial
// that looks finished, and a retried job simply replaces what an earlier attempt left.

import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { InputError } from '../errors.js';
import type { ByteRange } from '../parse/line-span.js';
import type { IngestSummary } from '../parse/read-logs.js';
import type { LogRecord } from '../types.js';

/** Fast rather than small: the store is written once and read once. */
const DEFLATE_LEVEL = 1;

export interface PartialSummary {
  index: number;
  input: string;
  /** The byte range of the file this job read, if only a range; its line numbers count from the range's first line. */
  range?: ByteRange;
  /** The ingest summary of this one input, as readLogs would have built it. */
  ingest: IngestSummary;
  distinctTexts: number;
  warnings: string[];
}

export function scanFolder(store: string, scanId: string): string {
  return join(store, scanId);
}

export function partialFiles(store: string, scanId: string, index: number): { records: string; summary: string } {
  const base = join(scanFolder(store, scanId), String(index).padStart(6, '0'));
  return { records: `${base}.records`, summary: `${base}.summary.json` };
}

/** Streams batches of records into a temporary file; commit() renames it into place. */
export class RecordWriter {
  readonly #path: string;
  readonly #temp: string;
  readonly #file: FileHandle;

  private constructor(path: string, temp: string, file: FileHandle) {
    this.#path = path;
    this.#temp = temp;
    this.#file = file;
  }

  static async create(path: string): Promise<RecordWriter> {
    const temp = tempName(path);
    return storeWrite(path, async () => {
      await mkdir(join(path, '..'), { recursive: true });
      return new RecordWriter(path, temp, await open(temp, 'w'));
    });
  }

  async write(batch: readonly LogRecord[]): Promise<void> {
    const body = deflateRawSync(serialize(batch), { level: DEFLATE_LEVEL });
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    await storeWrite(this.#path, () => this.#file.writev([head, body]));
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

/** The batches a RecordWriter wrote, in order. */
export async function* readRecords(path: string): AsyncGenerator<LogRecord[]> {
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of createReadStream(path)) {
      pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
      let at = 0;
      while (pending.length - at >= 4 && pending.length - at - 4 >= pending.readUInt32LE(at)) {
        const size = pending.readUInt32LE(at);
        yield deserialize(inflateRawSync(pending.subarray(at + 4, at + 4 + size))) as LogRecord[];
        at += 4 + size;
      }
      pending = pending.subarray(at);
    }
  } catch (cause) {
    throw missingPartial(path, cause);
  }
  if (pending.length > 0) throw missingPartial(path, new Error(`${pending.length} trailing bytes`));
}

export async function writeSummary(path: string, summary: PartialSummary): Promise<void> {
  const temp = tempName(path);
  await storeWrite(path, async () => {
    await mkdir(join(path, '..'), { recursive: true });
    await writeWhole(temp, JSON.stringify(summary));
    await rename(temp, path);
  });
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

export async function readSummary(path: string): Promise<PartialSummary> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PartialSummary;
  } catch (cause) {
    throw missingPartial(path, cause);
  }
}

export async function removeScan(store: string, scanId: string): Promise<void> {
  await rm(scanFolder(store, scanId), { recursive: true, force: true });
}

async function writeWhole(path: string, text: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(text);
  } finally {
    await file.close();
  }
}

function missingPartial(path: string, cause: unknown): InputError {
  return new InputError('SEMLOG_PARTIAL_UNREADABLE', `cannot read the map result ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
    hint: 'the --store folder must be the same shared folder on every host, and nothing else may clean it while a scan runs',
    cause,
  });
}
