// Locates and checks a local sentence-transformers ONNX export; nothing is ever fetched remotely.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelError } from '../errors.js';

/** The ONNX weights a model folder may hold, in the layout transformers.js uses; the first found is used. */
export const WEIGHTS_FILES = Object.freeze([join('onnx', 'model_quantized.onnx'), join('onnx', 'model.onnx')]);
const REQUIRED_FILES = ['tokenizer.json', 'tokenizer_config.json', 'config.json'];

/** The model shipped in this package: `models/all-MiniLM-L6-v2` at the package root. */
export function defaultModelDir(): string {
  // This file is src/embed/ or dist/embed/; the package root is two folders up.
  return fileURLToPath(new URL('../../models/all-MiniLM-L6-v2', import.meta.url));
}

export interface ModelInfo {
  dir: string;
  /** Stable id for reports and baselines: folder name plus weights file. */
  id: string;
  /** The ONNX weights, relative to `dir`. */
  weightsFile: string;
  /** int8 weights (transformers.js dtype q8) rather than fp32. */
  quantized: boolean;
  /** Truncation length in tokens, from tokenizer_config.json. */
  maxTokens: number;
  hiddenSize: number;
}

/** Checks that `dir` holds a usable export and reads what the encoders need from its configs. */
export function inspectModelDir(dir: string): ModelInfo {
  const absolute = resolve(dir);
  const hint =
    'pass --model DIR with a sentence-transformers ONNX export (onnx/model_quantized.onnx or onnx/model.onnx, tokenizer.json, tokenizer_config.json, config.json), or reinstall semlog';
  for (const file of REQUIRED_FILES) {
    if (!existsSync(join(absolute, file))) {
      throw new ModelError('SEMLOG_MODEL_MISSING', `model file ${join(absolute, file)} is missing`, { hint });
    }
  }
  const weightsFile = WEIGHTS_FILES.find((file) => existsSync(join(absolute, file)));
  if (weightsFile === undefined) {
    throw new ModelError('SEMLOG_MODEL_MISSING', `no ONNX weights in ${join(absolute, 'onnx')}`, { hint });
  }
  const tokenizerConfig = readJson(join(absolute, 'tokenizer_config.json'));
  const config = readJson(join(absolute, 'config.json'));
  const maxTokens = Math.min(Number(tokenizerConfig['model_max_length'] ?? 512), 512);
  const hiddenSize = Number(config['hidden_size']);
  if (!Number.isInteger(hiddenSize) || hiddenSize <= 0) {
    throw new ModelError('SEMLOG_MODEL_CONFIG', `config.json in ${absolute} has no valid hidden_size`);
  }
  const name = absolute.split(/[\\/]/).at(-1) ?? 'model';
  return { dir: absolute, id: `${name}/${weightsFile}`, weightsFile, quantized: weightsFile === WEIGHTS_FILES[0], maxTokens, hiddenSize };
}

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new ModelError('SEMLOG_MODEL_CORRUPT', `cannot read ${path}: ${(cause as Error).message}`, {
      hint: 'the model folder is damaged; reinstall semlog or re-run scripts/export-model.py',
      cause,
    });
  }
}
