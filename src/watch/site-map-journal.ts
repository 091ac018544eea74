// The live site map across restarts (--state DIR): `DIR/site-map.<generation>.ndjson` holds, one line
// per batch, the routes and methods the batch changed (live-site-map.ts takeChanges()), and the
// state saved after the batch (watch-state.ts) holds the journal's generation and length. A run
// cuts the journal back to that length, as it cuts --out back, and applies its lines in turn to an
// empty map: the map of a watcher that never stopped, after the last batch whose state was saved.
//
// Without it a restart emptied the map, and the client active at that moment had every error on a
// route of the site counted as a probe ("no other client requests …"): secrepo's log of 2018-12-15
// cut in two at line 2,500 gave 1,535 line findings where one run gives 109.
//
// One line per batch costs what the batch changed, not what the map holds (200,000 routes are ~11 MB
// of JSON, ~0.3 s to write). When the journal has grown past MIN_REWRITE_BYTES and twice the map
// written whole last time, the map is written whole again into the next generation (temp file +
// rename), which the next state names; the older one is removed once that state is saved.

import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { LiveSiteMap, MethodEntry, RouteEntry, SiteMapChanges } from './live-site-map.js';

/** Where the journal that a saved state accounts for ends. */
export interface SiteMapMark {
  generation: number;
  bytes: number;
}

/** A journal shorter than this is never written whole again. */
export const MIN_REWRITE_BYTES = 4 * 1024 * 1024;

/** A journal, or the temp file of one being written whole (left by a run killed meanwhile). */
const JOURNAL_NAME = /^site-map\.(\d+)\.ndjson(\.\d+\.tmp)?$/;

export function journalPath(dir: string, generation: number): string {
  return join(dir, `site-map.${generation}.ndjson`);
}

export class SiteMapJournal {
  readonly #dir: string;
  readonly #map: LiveSiteMap;
  #generation: number;
  #bytes: number;
  /** Length of the last whole write (0: none this generation). */
  #wholeBytes = 0;
  /** A generation written whole and not yet named by a saved state: the older ones go once it is. */
  #fresh = false;

  /**
   * Fills `map` (empty, with the maxRoutes of the run that wrote the journal) from the journal of
   * state folder `dir` up to `mark`, the one the state saved; without a mark, or with a journal
   * that is missing or damaged (`warn` says so), the map stays empty and learns from the lines to come.
   */
  constructor(dir: string, mark: SiteMapMark | undefined, map: LiveSiteMap, warn: (message: string) => void) {
    this.#dir = dir;
    this.#map = map;
    this.#generation = 1;
    this.#bytes = 0;
    if (mark !== undefined) {
      try {
        for (const changes of readJournal(journalPath(dir, mark.generation), mark.bytes)) map.apply(changes);
        this.#generation = mark.generation;
        this.#bytes = mark.bytes;
      } catch (error) {
        warn(`${(error as Error).message}: the site's routes are learned again from the lines to come`);
        // The map may hold part of the journal: the next state names a journal without it.
        this.#generation = mark.generation + 1;
      }
    }
    // Other generations are older, or were written by a run killed before its state named them.
    removeJournals(dir, this.#bytes > 0 ? this.#generation : undefined);
  }

  /** Writes what the map changed since the last call; returns the mark to save with the state. */
  write(): SiteMapMark {
    const changes = this.#map.takeChanges();
    if (changes.routes.length > 0 || changes.methods.length > 0) {
      const line = `${JSON.stringify(changes)}\n`;
      const bytes = Buffer.byteLength(line);
      if (this.#bytes + bytes > Math.max(MIN_REWRITE_BYTES, 2 * this.#wholeBytes)) this.#writeWhole();
      else this.#append(line, bytes);
    }
    return { generation: this.#generation, bytes: this.#bytes };
  }

  /** The state naming the last mark is saved: a generation written whole replaces the older ones now. */
  saved(): void {
    if (!this.#fresh) return;
    this.#fresh = false;
    removeJournals(this.#dir, this.#generation);
  }

  #append(line: string, bytes: number): void {
    const path = journalPath(this.#dir, this.#generation);
    try {
      appendFileSync(path, line);
    } catch (cause) {
      throw unwritable(path, cause);
    }
    this.#bytes += bytes;
  }

  /** The whole map into the next generation; the state still names the current one until it is saved. */
  #writeWhole(): void {
    const generation = this.#generation + 1;
    const path = journalPath(this.#dir, generation);
    const temp = `${path}.${process.pid}.tmp`;
    const line = `${JSON.stringify(this.#map.entries())}\n`;
    try {
      writeFileSync(temp, line);
      renameSync(temp, path);
    } catch (cause) {
      rmSync(temp, { force: true });
      throw unwritable(path, cause);
    }
    this.#generation = generation;
    this.#bytes = this.#wholeBytes = Buffer.byteLength(line);
    this.#fresh = true;
  }
}

/** The journal's lines up to `bytes`, checked; what lies past `bytes` (batches whose state was never saved) is cut off. */
function readJournal(path: string, bytes: number): SiteMapChanges[] {
  const size = existsSync(path) ? statSync(path).size : 0;
  if (size < bytes) throw new Error(`${path} is missing or shorter than the state says (${size} of ${bytes} bytes)`);
  if (size > bytes) truncateSync(path, bytes);
  if (bytes === 0) return [];
  const text = readFileSync(path, 'utf8');
  if (!text.endsWith('\n')) throw new Error(`${path} is damaged: it does not end where a batch ends`);
  return text.slice(0, -1).split('\n').map((line, i) => {
    try {
      return checkChanges(JSON.parse(line));
    } catch (error) {
      throw new Error(`${path} is damaged at line ${i + 1}: ${(error as Error).message}`, { cause: error });
    }
  });
}

function checkChanges(value: unknown): SiteMapChanges {
  const { routes, methods } = (value ?? {}) as Partial<SiteMapChanges>;
  if (!Array.isArray(routes) || !Array.isArray(methods)) throw new Error('not a batch of site map changes');
  for (const entry of routes as unknown[]) if (!isRouteEntry(entry)) throw new Error(`not a route: ${JSON.stringify(entry).slice(0, 100)}`);
  for (const entry of methods as unknown[]) if (!isMethodEntry(entry)) throw new Error(`not a method: ${JSON.stringify(entry).slice(0, 100)}`);
  return { routes, methods };
}

function isRouteEntry(entry: unknown): entry is RouteEntry {
  if (!Array.isArray(entry) || entry.length < 4 || entry.length > 5) return false;
  const [route, first, flags, okBytes, more] = entry as unknown[];
  return typeof route === 'string' && typeof first === 'string' && Number.isInteger(flags) && Number.isInteger(okBytes) && (okBytes as number) >= 0 &&
    (more === undefined || (Array.isArray(more) && more.every((client) => typeof client === 'string')));
}

function isMethodEntry(entry: unknown): entry is MethodEntry {
  return Array.isArray(entry) && entry.length === 3 && typeof entry[0] === 'string' && typeof entry[1] === 'string' && typeof entry[2] === 'boolean';
}

/** Removes the journals of other generations than `keep` (all without one). */
function removeJournals(dir: string, keep: number | undefined): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = JOURNAL_NAME.exec(name);
    if (match !== null && (Number(match[1]) !== keep || match[2] !== undefined)) rmSync(join(dir, name), { force: true });
  }
}

function unwritable(path: string, cause: unknown): InputError {
  return new InputError('SEMLOG_STATE_UNWRITABLE', `cannot write ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
    hint: 'check that the --state folder is writable and its disk has free space',
    cause,
  });
}
