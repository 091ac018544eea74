// A baseline learned from known-clean logs, stored as a folder:
//
//   meta.json        version, model, sources, settings, counts
//   texts.json       the distinct texts of the clean period and their counts
//   vectors.f32      their embeddings, row-major float32 (little-endian)
//   index.hnsw       the HNSW index over the vectors (hnswlib format)
//   structured.json  per-IP feature and window statistics (features/baseline.ts)
//
// Written to a temporary folder and renamed into place, so a failed train never leaves half a baseline.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, ModelError } from '../errors.js';
import { parseBaseline, type StructuredBaseline } from '../features/baseline.js';
import { VectorIndex } from '../index/vector-index.js';

export const SEMANTIC_BASELINE_VERSION = 1;

export interface BaselineMeta {
  version: number;
  createdAt: string;
  /** Which model made the vectors; a baseline only matches vectors of the same model. */
  modelId: string;
  cacheKey: string;
  dim: number;
  sources: string[];
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
}

export function writeBaseline(dir: string, baseline: Baseline): void {
  const target = resolve(dir);
  const temp = join(dirname(target), `.${target.split(/[\\/]/).at(-1)}.${process.pid}.tmp`);
  rmSync(temp, { recursive: true, force: true });
  try {
    mkdirSync(temp, { recursive: true });
    writeFileSync(join(temp, 'meta.json'), `${JSON.stringify(baseline.meta, null, 2)}\n`);
    writeFileSync(join(temp, 'texts.json'), JSON.stringify({ texts: baseline.texts, counts: baseline.counts }));
    const { vectors } = baseline;
    writeFileSync(join(temp, 'vectors.f32'), new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
    baseline.index.save(join(temp, 'index.hnsw'));
    writeFileSync(join(temp, 'structured.json'), `${JSON.stringify(baseline.structured)}\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(temp, target);
  } catch (cause) {
    rmSync(temp, { recursive: true, force: true });
    const err = cause as NodeJS.ErrnoException;
    throw new InputError('SEMLOG_OUTPUT_FAILED', `cannot write the baseline ${dir}: ${err.code ?? err.message}`, {
      hint: 'check that the parent folder exists, is writable and has free space',
      cause,
    });
  }
}

export function readBaseline(dir: string, expected: { modelId: string; cacheKey: string; dim: number }): Baseline {
  const file = (name: string) => join(dir, name);
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
    if (meta.cacheKey !== expected.cacheKey || meta.dim !== expected.dim) {
      throw new ModelError('SEMLOG_BASELINE_MODEL', `${dir} was trained with model ${meta.modelId}, not the ${expected.modelId} in use`, {
        hint: 'scan with the same --model the baseline was trained with, or train it again',
      });
    }
    const { texts, counts } = JSON.parse(readFileSync(file('texts.json'), 'utf8')) as { texts: string[]; counts: number[] };
    const raw = readFileSync(file('vectors.f32'));
    const vectors = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    if (vectors.length !== texts.length * meta.dim || counts.length !== texts.length) {
      throw new InputError('SEMLOG_BAD_BASELINE', `${dir} is damaged: its texts, counts and vectors disagree in length`, {
        hint: 'train it again',
      });
    }
    const structured = parseBaseline(JSON.parse(readFileSync(file('structured.json'), 'utf8')), file('structured.json'));
    const index = VectorIndex.load(file('index.hnsw'), meta.dim);
    return { meta, texts, counts, vectors, index, structured };
  } catch (cause) {
    if (cause instanceof InputError || cause instanceof ModelError) throw cause;
    throw new InputError('SEMLOG_BAD_BASELINE', `cannot read the baseline ${dir}: ${(cause as Error).message}`, {
      hint: 'train it again: semlog train CLEAN_LOGS… -o BASELINE',
      cause,
    });
  }
}
