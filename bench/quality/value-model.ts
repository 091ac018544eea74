// Issue #21 item 2's experiment: a model of each parameter's values by their embedding. A value is
// scored by its distance to the nearest values that the baseline sent in the same parameter of the
// same route, calibrated against the baseline's own values (a conformal p-value, in bits, the unit of
// field novelty): a value farther from its field than all but S of the N baseline values costs
// log2((N + 1) / (S + 1)) bits. Used by bench/quality/value-embedding.ts; not part of semlog.

import type { RequestParts } from '../../src/params/request-parts.js';

export interface ValueModelOptions {
  /** Distinct baseline values a field needs before it is modelled (fewer: an enumeration, field novelty's job). */
  minValues: number;
  /** Neighbours whose mean cosine distance is a value's distance to its field. */
  k: number;
  /** Embed `name=value` instead of the value alone. */
  withName: boolean;
}

export const VALUE_MODEL_DEFAULTS: Readonly<ValueModelOptions> = Object.freeze({ minValues: 20, k: 3, withName: false });

export interface ValueScore {
  bits: number;
  /** Mean cosine distance to the k nearest baseline values of the field. */
  distance: number;
  /** The nearest baseline value. */
  nearest: string;
}

export interface ValueModel {
  /** Undefined when the field is not modelled or the baseline sent this very value. */
  score(route: string, name: string, value: string): ValueScore | undefined;
  fields: number;
  values: number;
}

/**
 * `embed` gets every value to be compared at once (baseline and scan together, so that the static
 * embedding's token weights and common component are the same for both) and returns unit vectors.
 */
export async function learnValueModel(
  reference: readonly RequestParts[],
  scan: readonly RequestParts[],
  embed: (texts: readonly string[]) => Promise<Float32Array> | Float32Array,
  dim: number,
  options: ValueModelOptions = VALUE_MODEL_DEFAULTS,
): Promise<ValueModel> {
  const fieldKey = (route: string, name: string) => `${route}\u0000${name}`;
  const text = (name: string, value: string) => (options.withName ? `${name}=${value}` : value);
  const known = new Map<string, Set<string>>();
  for (const request of reference) {
    for (const { name, value } of request.params) {
      const key = fieldKey(request.path, name);
      let values = known.get(key);
      if (values === undefined) known.set(key, (values = new Set()));
      values.add(value);
    }
  }
  for (const [key, values] of known) if (values.size < options.minValues) known.delete(key);

  const row = new Map<string, number>();
  const rowOf = (name: string, value: string) => {
    const t = text(name, value);
    let r = row.get(t);
    if (r === undefined) row.set(t, (r = row.size));
    return r;
  };
  const refRows = new Map<string, number[]>();
  for (const [key, values] of known) refRows.set(key, [...values].map((v) => rowOf(key.split('\u0000')[1]!, v)));
  // Per field, the scan's values the baseline did not send (a value may hold any character, NUL too).
  const wanted = new Map<string, Map<string, number>>();
  for (const request of scan) {
    for (const { name, value } of request.params) {
      const key = fieldKey(request.path, name);
      if (known.get(key)?.has(value) !== false) continue;
      let values = wanted.get(key);
      if (values === undefined) wanted.set(key, (values = new Map()));
      values.set(value, rowOf(name, value));
    }
  }
  const texts = [...row.keys()];
  const vectors = await embed(texts);

  const neighbours = (q: number, refs: readonly number[], skip: number) => {
    const best: number[] = [];
    let nearest = -1;
    for (const r of refs) {
      if (r === skip) continue;
      let dot = 0;
      for (let d = 0, a = q * dim, b = r * dim; d < dim; d++) dot += vectors[a + d]! * vectors[b + d]!;
      const distance = 1 - dot;
      if (best.length < options.k || distance < best[best.length - 1]!) {
        if (best.length === 0 || distance < best[0]!) nearest = r;
        best.push(distance);
        best.sort((x, y) => x - y);
        if (best.length > options.k) best.pop();
      }
    }
    return { distance: best.reduce((s, x) => s + x, 0) / Math.max(best.length, 1), nearest };
  };
  // The baseline's own values, each measured to the others (leave one out): how far a normal value lies.
  const calibration = new Map<string, Float64Array>();
  for (const [key, refs] of refRows) calibration.set(key, Float64Array.from(refs, (r) => neighbours(r, refs, r).distance).sort());

  const scores = new Map<string, Map<string, ValueScore>>();
  for (const [key, values] of wanted) {
    const scored = new Map<string, ValueScore>();
    scores.set(key, scored);
    for (const [value, r] of values) {
      const { distance, nearest } = neighbours(r, refRows.get(key)!, -1);
      const sorted = calibration.get(key)!;
      let lo = 0;
      for (let hi = sorted.length; lo < hi; ) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid]! < distance) lo = mid + 1;
        else hi = mid;
      }
      const farther = sorted.length - lo;
      const near = texts[nearest]!;
      scored.set(value, { bits: Math.log2((sorted.length + 1) / (farther + 1)), distance, nearest: options.withName ? near.slice(near.indexOf('=') + 1) : near });
    }
  }
  return {
    score: (route, name, value) => scores.get(fieldKey(route, name))?.get(value),
    fields: known.size,
    values: texts.length,
  };
}
