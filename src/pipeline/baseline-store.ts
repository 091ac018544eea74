// A baseline learned from known-clean logs, stored as a folder:
//
//   meta.json        version, model, sources, log formats, counts
//   texts.json       the distinct texts of the clean period and their counts
//   vectors.f32      their embeddings, row-major float32 (little-endian)
//   index.hnsw       the HNSW index over the vectors (hnswlib format)
//   structured.json  per-IP feature and window statistics (features/baseline.ts)
//   categories.json  records per value of each categorical field (categories/category-baseline.ts);
//                    absent in baselines trained before it, which still load
//
// Written beside the target and swapped in (replace-folder.ts), so neither a failed train nor a crash
// leaves half a baseline or none; a target that is not a baseline is refused, never deleted.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, ModelError, UsageError } from '../errors.js';
import { parseCategoryBaseline, type CategoryBaseline } from '../categories/category-baseline.js';
import { parseBaseline, type StructuredBaseline } from '../features/baseline.js';
import { VectorIndex } from '../index/vector-index.js';
import { recoverFolder, replaceFolder } from './replace-folder.js';

export const SEMANTIC_BASELINE_VERSION = 1;

export interface BaselineMeta {
  version: number;
  createdAt: string;
  /** Which model made the vectors; a baseline only matches vectors of the same model. */
  modelId: string;
  cacheKey: string;
  dim: number;
  sources: string[];
  /**
   * The log formats it was trained on (baseline-format.ts); a scan of another kind of log is warned.
   * Absent in baselines trained before it, which still load and are not checked.
   */
  formats?: string[];
  records: number;
  uniqueTexts: number;
}

export interface Baseline {
  meta: BaselineMeta;
  texts: string[];
  counts: number[];
  vectors: Float32Array;
  index: VectorIndex;
  structured: StructuredBaseline;
  /** Absent in baselines trained before the categorical detector: those judge categories in-scan only. */
  categories?: CategoryBaseline;
}

/** The files of a baseline folder; meta.json marks a folder as one. */
const BASELINE_FILES: ReadonlySet<string> = new Set(['meta.json', 'texts.json', 'vectors.f32', 'index.hnsw', 'structured.json', 'categories.json']);

/**
 * Refuses a `train -o` target that replacing would destroy: anything but a missing path, an empty folder
 * or a semlog baseline (meta.json and only baseline files), and the current folder or one above it.
 * A baseline that a crash left aside is put back first (recoverFolder), so that it is the one judged.
 */
export function checkBaselineTarget(dir: string): void {
  const target = resolve(recoverFolder(resolve(dir)));
  const fix = { hint: 'name a new folder, an empty one or an earlier baseline, e.g. -o baseline/' };
  const fromTarget = relative(target, process.cwd());
  if (fromTarget.split(sep)[0] !== '..' && !isAbsolute(fromTarget)) {
    throw new UsageError(`-o ${dir}: the baseline would replace the current folder (or one above it)`, fix);
  }
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new UsageError(`-o ${dir}: a file of that name exists and is not a semlog baseline`, fix);
  const names = readdirSync(target);
  if (names.length === 0) return;
  const strangers = names.filter((name) => !BASELINE_FILES.has(name));
  if (!names.includes('meta.json') || strangers.length > 0) {
    const why = names.includes('meta.json') ? `it holds ${strangers.length} file(s) a baseline does not, e.g. ${strangers[0]}` : 'it has no meta.json';
    throw new UsageError(`-o ${dir}: the folder is not a semlog baseline (${why}); semlog replaces only a baseline or an empty folder`, fix);
  }
}

/** Writes a baseline folder, replacing an earlier one atomically (pipeline/replace-folder.ts). */
export function writeBaseline(dir: string, baseline: Baseline): void {
  checkBaselineTarget(dir);
  try {
    replaceFolder(dir, (folder) => {
      writeFileSync(join(folder, 'meta.json'), `${JSON.stringify(baseline.meta, null, 2)}\n`);
      writeFileSync(join(folder, 'texts.json'), JSON.stringify({ texts: baseline.texts, counts: baseline.counts }));
      const { vectors } = baseline;
      writeFileSync(join(folder, 'vectors.f32'), new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
      baseline.index.save(join(folder, 'index.hnsw'));
      writeFileSync(join(folder, 'structured.json'), `${JSON.stringify(baseline.structured)}\n`);
      if (baseline.categories) writeFileSync(join(folder, 'categories.json'), `${JSON.stringify(baseline.categories)}\n`);
    });
  } catch (cause) {
    const err = cause as NodeJS.ErrnoException;
    throw new InputError('SEMLOG_OUTPUT_FAILED', `cannot write the baseline ${dir}: ${err.code ?? err.message}`, {
      hint: 'check that the parent folder is writable and has free space',
      cause,
    });
  }
}

function damaged(dir: string, what: string): InputError {
  return new InputError('SEMLOG_BAD_BASELINE', `${dir} is damaged: ${what}`, { hint: 'train it again: semlog train CLEAN_LOGS… -o BASELINE' });
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((text) => typeof text === 'string');
}

function isCountList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((count) => Number.isInteger(count) && count >= 1);
}

/** An input error for a folder that holds no baseline (no meta.json): checked before a run's embedding, which readBaseline follows. */
export function checkIsBaseline(dir: string): void {
  if (existsSync(join(recoverFolder(dir), 'meta.json'))) return;
  throw new InputError('SEMLOG_BAD_BASELINE', `${dir} is not a semlog baseline (no meta.json)`, {
    hint: 'create one with: semlog train CLEAN_LOGS… -o BASELINE',
  });
}

export function readBaseline(dir: string, expected: { modelId: string; cacheKey: string; dim: number }): Baseline {
  const folder = recoverFolder(dir);
  const file = (name: string) => join(folder, name);
  if (!existsSync(file('meta.json'))) {
    throw new InputError('SEMLOG_BAD_BASELINE', `${dir} is not a semlog baseline (no meta.json)`, {
      hint: 'create one with: semlog train CLEAN_LOGS… -o BASELINE',
    });
  }
  try {
    const meta = JSON.parse(readFileSync(file('meta.json'), 'utf8')) as BaselineMeta;
    if (meta.version !== SEMANTIC_BASELINE_VERSION) {
      throw new InputError('SEMLOG_BAD_BASELINE', `${dir} is a version ${meta.version} baseline; this semlog reads version ${SEMANTIC_BASELINE_VERSION}`, {
        hint: 'train it again with this version of semlog',
      });
    }
    if (meta.cacheKey !== expected.cacheKey) {
      throw new ModelError('SEMLOG_BASELINE_MODEL', `${dir} was trained with model ${meta.modelId}, not the ${expected.modelId} in use`, {
        hint: 'scan with the same --model the baseline was trained with, or train it again',
      });
    }
    // The same model gives vectors of one dimension: another one in meta.json is damage, not a model choice.
    if (meta.dim !== expected.dim) throw damaged(dir, `meta.json says its vectors have ${meta.dim} dimensions; its model gives ${expected.dim}`);
    if (meta.formats !== undefined && !isStringList(meta.formats)) throw damaged(dir, 'meta.json says its formats are not a list of format names');
    const { texts, counts } = JSON.parse(readFileSync(file('texts.json'), 'utf8')) as { texts: unknown; counts: unknown };
    if (!isStringList(texts) || !isCountList(counts)) throw damaged(dir, 'texts.json does not hold a list of texts and a list of their counts');
    const raw = readFileSync(file('vectors.f32'));
    const vectors = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    if (vectors.length !== texts.length * meta.dim || counts.length !== texts.length) {
      throw damaged(dir, 'its texts, counts and vectors disagree in length');
    }
    const structured = parseBaseline(JSON.parse(readFileSync(file('structured.json'), 'utf8')), file('structured.json'));
    const categories = existsSync(file('categories.json'))
      ? parseCategoryBaseline(JSON.parse(readFileSync(file('categories.json'), 'utf8')), file('categories.json'))
      : undefined;
    const index = VectorIndex.load(file('index.hnsw'), meta.dim);
    // An index of another baseline (copied over this one's) would answer with ids of other texts.
    if (index.size !== texts.length) throw damaged(dir, `its index holds ${index.size} vectors for ${texts.length} texts`);
    return { meta, texts, counts, vectors, index, structured, ...(categories && { categories }) };
  } catch (cause) {
    if (cause instanceof InputError || cause instanceof ModelError) throw cause;
    throw new InputError('SEMLOG_BAD_BASELINE', `cannot read the baseline ${dir}: ${(cause as Error).message}`, {
      hint: 'train it again: semlog train CLEAN_LOGS… -o BASELINE',
      cause,
    });
  }
}
