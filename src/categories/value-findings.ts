// Per field: values never seen in the baseline (`new_value`) or, for a field the baseline does not
// know, rare in this scan (`rare_value`). Both need `minCount` records: one odd request is not a trend.
import type { CategoryFinding } from '../types.js';
import type { CategoryBaseline, FieldBaseline } from './category-baseline.js';
import { CATEGORY_FIELDS, isNotable } from './category-fields.js';
import { OTHER_VALUE, type CategoryCounts, type ValueStats } from './category-counts.js';
import { LONG_TAIL_FACTOR, type CategoryOptions } from './category-options.js';
import { categoryValue, percent, showValue, surpriseBits } from './category-reason.js';
import { round3 } from '../round3.js';

const SHOWN_CLIENTS = 5;

export function valueFindings(counts: CategoryCounts, options: CategoryOptions, baseline?: CategoryBaseline): CategoryFinding[] {
  const findings: CategoryFinding[] = [];
  CATEGORY_FIELDS.forEach((field, f) => {
    const total = counts.fieldTotals[f]!;
    const values = counts.values.filter((v) => v.field === f && v.value !== OTHER_VALUE);
    const notable = values.filter((v) => isNotable(field, v.value));
    const known = baseline?.fields[field.name];
    if (known !== undefined && known.total > 0) {
      // A baseline that hit the per-field cap may have seen a value without keeping it.
      if (known.values[OTHER_VALUE] === undefined) findings.push(...newValues(field.name, notable, total, known, options));
    } else {
      findings.push(...rareValues(field.name, values, total, options).filter((f) => isNotable(field, f.values[0]!.value)));
    }
  });
  return findings;
}

function newValues(name: string, values: readonly ValueStats[], total: number, known: FieldBaseline, options: CategoryOptions): CategoryFinding[] {
  const seen = Object.keys(known.values).length;
  return values
    .filter((v) => known.values[v.value] === undefined && v.count >= options.minCount)
    .map((v) =>
      finding('new_value', v, total, 0, surpriseBits(v.count / total, 0, known.total), [
        `${showValue(name, v.value)}: ${v.count} requests (${percent(v.count / total)}), never seen in the baseline (${seen} values over ${known.total} requests)`,
      ]),
    );
}

function rareValues(name: string, values: readonly ValueStats[], total: number, options: CategoryOptions): CategoryFinding[] {
  const rare = values.filter((v) => v.count / total < options.rareShare);
  const tail = rare.reduce((sum, v) => sum + v.count, 0) / total;
  if (tail > LONG_TAIL_FACTOR * options.rareShare) return [];
  return rare
    .filter((v) => v.count >= options.minCount)
    .map((v) =>
      finding('rare_value', v, total, null, round3(-Math.log2(v.count / total)), [
        `${showValue(name, v.value)}: ${v.count} of ${total} requests (${percent(v.count / total)}), rare in this scan (under ${percent(options.rareShare)}; all rare ${name} values together ${percent(tail)})`,
      ]),
    );
}

function finding(type: 'new_value' | 'rare_value', v: ValueStats, total: number, expected: number | null, score: number, reasons: string[]): CategoryFinding {
  return {
    type,
    score,
    ip: null,
    startMs: v.firstMs,
    endMs: v.lastMs,
    values: [categoryValue(CATEGORY_FIELDS[v.field]!.name, v.value, v.count, total, expected)],
    clients: v.clients.top(SHOWN_CLIENTS).map(([ip]) => ip),
    first: { file: v.file, line: v.line },
    reasons,
  };
}
