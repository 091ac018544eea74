// The checks every model learned by `semlog tune` passes before a scan trusts it (the line model of
// learned-score.ts, the client model of clients/learned-client-score.ts): its kind, format and signal
// list must be this build's, its numbers finite, and it must be applied to what it was fitted on:
// the same embedding model, and a baseline exactly when it was tuned with one.

import { UsageError } from '../errors.js';
import type { LogisticModel } from '../tune/logistic-regression.js';

/** Bumped whenever what a saved model means changes (the signals, their scaling, the score, the fields). */
export const SAVED_MODEL_FORMAT = 3;

/** What a saved model records about the scan it was fitted on, beside its coefficients. */
export interface SavedModel extends LogisticModel {
  format: typeof SAVED_MODEL_FORMAT;
  /** The signal names when it was fitted, in order: a build with another list refuses the model. */
  signals: string[];
  /** The embedding model's id (`all-MiniLM-L6-v2/onnx/model.onnx`): the semantic signals depend on it. */
  embeddingModel: string;
  /** Whether it was fitted against a baseline: the signals mean other things with and without one. */
  baseline: boolean;
}

export const RETUNE_HINT = 'tune again with this version: semlog tune LOGS… --labels LABELS.csv --learn --save CONFIG';

/**
 * Throws a UsageError (exit 2) unless `model` is a saved model of `kind` over `signals` that this
 * build can apply. Returns its checked common fields and the raw record, for the caller's own fields.
 */
export function checkSavedModel(
  model: unknown,
  where: string,
  kind: string,
  signals: readonly string[],
): { fields: Omit<SavedModel, 'signals'> & { signals: string[] }; record: Record<string, unknown>; fail: (what: string) => UsageError } {
  const fail = (what: string) => new UsageError(`${where}: ${what}`, { hint: RETUNE_HINT });
  if (typeof model !== 'object' || model === null) throw fail(`the ${kind} model is not an object`);
  const m = model as Record<string, unknown>;
  if (m['kind'] !== kind) throw fail(`model kind ${JSON.stringify(m['kind'])} is not ${JSON.stringify(kind)}`);
  if (m['format'] !== SAVED_MODEL_FORMAT) throw fail(`${kind} model format ${JSON.stringify(m['format'])} is not this version's (${SAVED_MODEL_FORMAT})`);
  const saved = m['signals'];
  if (!Array.isArray(saved) || saved.join(',') !== signals.join(',')) {
    throw fail(`the ${kind} model was fitted on the signals ${JSON.stringify(saved)}, this version computes ${JSON.stringify(signals)}`);
  }
  const vector = (key: string, positive = false) => {
    const value = m[key];
    if (!Array.isArray(value) || value.length !== signals.length || !value.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0))) {
      throw fail(`${kind} model ${key} must be ${signals.length} finite numbers${positive ? ' above 0' : ''}`);
    }
    return value as number[];
  };
  const bias = m['bias'];
  if (typeof bias !== 'number' || !Number.isFinite(bias)) throw fail(`${kind} model bias ${JSON.stringify(bias)}: must be a finite number`);
  const embeddingModel = m['embeddingModel'];
  if (typeof embeddingModel !== 'string' || embeddingModel === '') throw fail(`${kind} model embeddingModel must name the embedding model it was fitted with`);
  const baseline = m['baseline'];
  if (typeof baseline !== 'boolean') throw fail(`${kind} model baseline must be true or false (whether it was fitted against a baseline)`);
  return {
    fields: { format: SAVED_MODEL_FORMAT, signals: [...signals], mean: vector('mean'), scale: vector('scale', true), weights: vector('weights'), bias, embeddingModel, baseline },
    record: m,
    fail,
  };
}

/**
 * Throws a UsageError (exit 2) when a model is applied to a scan unlike the one it was fitted on:
 * another embedding model, or with a baseline when it was fitted without one (or the reverse).
 */
export function checkModelFitsScan(model: Pick<SavedModel, 'embeddingModel' | 'baseline'>, scan: { modelId?: string; baseline: boolean }, where?: string): void {
  const at = where === undefined ? '' : `${where}: `;
  if (model.baseline && !scan.baseline) {
    throw new UsageError(`${at}the learned model was fitted against a baseline, and this scan has none`, {
      hint: 'scan with --baseline DIR (the baseline it was tuned with), or tune again without --baseline',
    });
  }
  if (!model.baseline && scan.baseline) {
    throw new UsageError(`${at}the learned model was fitted without a baseline, and this scan has one`, {
      hint: 'scan without --baseline, or tune again with --baseline DIR',
    });
  }
  if (scan.modelId !== undefined && scan.modelId !== model.embeddingModel) {
    throw new UsageError(`${at}the learned model was fitted with the embedding model ${model.embeddingModel}, this scan uses ${scan.modelId}`, {
      hint: `scan with --model pointing at ${model.embeddingModel}, or tune again with this model`,
    });
  }
}
