// What the categorical fields looked like in a clean period: records per value of each field, stored
// in the baseline folder as categories.json. Baselines trained before it existed have none, and are
// judged by in-scan rarity only.
import { InputError } from '../errors.js';
import { CATEGORY_FIELDS } from './category-fields.js';
import type { CategoryCounts } from './category-counts.js';

export const CATEGORY_BASELINE_VERSION = 1;

export interface FieldBaseline {
  /** Records that carried the field. */
  total: number;
  /** Records per value; OTHER_VALUE holds the values past the per-field cap. */
  values: Record<string, number>;
}

export interface CategoryBaseline {
  version: typeof CATEGORY_BASELINE_VERSION;
  /** By field name; a field the clean logs never carried is absent. */
  fields: Record<string, FieldBaseline>;
}

export function learnCategoryBaseline(counts: CategoryCounts): CategoryBaseline {
  const fields: Record<string, FieldBaseline> = {};
  // A field the clean logs carried with no value at all (WAF records and not one label) is known
  // too: any value of it later is new.
  CATEGORY_FIELDS.forEach((field, f) => {
    if (counts.fieldTotals[f]! > 0) fields[field.name] = { total: counts.fieldTotals[f]!, values: {} };
  });
  for (const stats of counts.values) {
    const name = CATEGORY_FIELDS[stats.field]!.name;
    fields[name]!.values[stats.value] = stats.count;
  }
  return { version: CATEGORY_BASELINE_VERSION, fields };
}

/** Checks a parsed categories.json; anything else is an input error with a fix. */
export function parseCategoryBaseline(json: unknown, source: string): CategoryBaseline {
  const candidate = json as Partial<CategoryBaseline> | null;
  const fields = candidate?.fields;
  const valid =
    typeof candidate === 'object' && candidate !== null && candidate.version === CATEGORY_BASELINE_VERSION &&
    typeof fields === 'object' && fields !== null &&
    Object.values(fields).every((field) => Number.isFinite(field?.total) && typeof field?.values === 'object' && field.values !== null);
  if (!valid) {
    throw new InputError('SEMLOG_BAD_BASELINE', `${source} is not a semlog category baseline version ${CATEGORY_BASELINE_VERSION}`, {
      hint: 'train the baseline again with this version of semlog; do not edit the file by hand',
    });
  }
  return candidate as CategoryBaseline;
}
