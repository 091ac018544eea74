// scan's `new_value` categorical findings (categories/value-findings.ts) on live traffic, against a
// baseline: a value of a categorical field (method, status, WAF action or rule or label, edge result,
// …) that the baseline never saw, once CATEGORY_DEFAULTS.minCount records carry it, is written once as
// scan's `category` object, with what is known of it then. As in scan, a field the baseline did not
// carry, or whose values it kept only up to its cap, is not judged (scan judges those by rarity in the
// whole scan, which a watcher does not have), and only notable values count (an error status, not a
// 304).
//
// Bounded: per field, MAX_VALUES_PER_FIELD new values are followed; later ones are not.

import type { CategoryBaseline, FieldBaseline } from '../categories/category-baseline.js';
import { MAX_VALUES_PER_FIELD, OTHER_VALUE } from '../categories/category-counts.js';
import { CATEGORY_FIELDS, fieldValues, isNotable } from '../categories/category-fields.js';
import { CATEGORY_DEFAULTS } from '../categories/category-options.js';
import { categoryValue, percent, showValue, surpriseBits } from '../categories/category-reason.js';
import { TopK } from '../features/top-k.js';
import type { CategoryFinding, LogRecord } from '../types.js';

/** Clients named per value, as scan names them. */
const SHOWN_CLIENTS = 5;

interface NewValue {
  count: number;
  firstMs: number | null;
  lastMs: number | null;
  first: { file: string; line: number };
  clients: TopK;
}

interface LiveField {
  known: FieldBaseline;
  /** Records that carried the field in this run. */
  total: number;
  values: Map<string, NewValue>;
}

export class LiveNewValues {
  /** By field index; undefined for a field the baseline does not let us judge. */
  readonly #fields: Array<LiveField | undefined>;

  constructor(baseline: CategoryBaseline) {
    this.#fields = CATEGORY_FIELDS.map((field) => {
      const known = baseline.fields[field.name];
      // A baseline that hit the per-field cap may have seen a value without keeping it (as scan).
      return known === undefined || known.total <= 0 || known.values[OTHER_VALUE] !== undefined ? undefined : { known, total: 0, values: new Map() };
    });
  }

  /** Counts the record's values; returns the new values it made reach minCount records (each once per run). */
  add(record: LogRecord): CategoryFinding[] {
    const found: CategoryFinding[] = [];
    for (const [f, field] of CATEGORY_FIELDS.entries()) {
      const live = this.#fields[f];
      if (live === undefined) continue;
      // As scan counts them (categories/category-counts.ts): a record counts once in its field's total.
      const values = fieldValues(field, record);
      if (values === undefined) continue;
      live.total++;
      for (const value of values) {
        if (live.known.values[value] !== undefined || !isNotable(field, value)) continue;
        const finding = this.#count(f, live, value, record);
        if (finding !== undefined) found.push(finding);
      }
    }
    return found;
  }

  /** One record of a value the baseline never saw; the finding when it reaches minCount. */
  #count(f: number, live: LiveField, value: string, record: LogRecord): CategoryFinding | undefined {
    let stats = live.values.get(value);
    if (stats === undefined) {
      if (live.values.size >= MAX_VALUES_PER_FIELD) return undefined;
      stats = { count: 0, firstMs: null, lastMs: null, first: { file: record.file, line: record.line }, clients: new TopK(SHOWN_CLIENTS * 2) };
      live.values.set(value, stats);
    }
    stats.count++;
    if (record.timeMs !== null && Number.isFinite(record.timeMs)) {
      if (stats.firstMs === null || record.timeMs < stats.firstMs) stats.firstMs = record.timeMs;
      if (stats.lastMs === null || record.timeMs > stats.lastMs) stats.lastMs = record.timeMs;
    }
    stats.clients.add(record.clientIp);
    if (stats.count !== CATEGORY_DEFAULTS.minCount) return undefined;
    const name = CATEGORY_FIELDS[f]!.name;
    const { known, total } = live;
    return {
      type: 'new_value',
      score: surpriseBits(stats.count / total, 0, known.total),
      ip: null,
      startMs: stats.firstMs,
      endMs: stats.lastMs,
      values: [categoryValue(name, value, stats.count, total, 0)],
      clients: stats.clients.top(SHOWN_CLIENTS).map(([ip]) => ip),
      first: stats.first,
      reasons: [
        `${showValue(name, value)}: ${stats.count} requests so far (${percent(stats.count / total)}), never seen in the baseline (${Object.keys(known.values).length} values over ${known.total} requests)`,
      ],
    };
  }
}
