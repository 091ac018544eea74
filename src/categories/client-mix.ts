// Per client: values a client sends far more often than everyone else (a client whose requests are
// 40 % BLOCK, mostly 502s the ELB answered itself). One finding per client, with every such value.
import type { CategoryFinding, CategoryValue } from '../types.js';

interface Entry { field: number; value: CategoryValue; reason: string }
import type { CategoryBaseline } from './category-baseline.js';
import { CATEGORY_FIELDS } from './category-fields.js';
import { CategoryCounts, OTHER_VALUE } from './category-counts.js';
import type { CategoryOptions } from './category-options.js';
import { categoryValue, inFieldOrder, percent, showValue, surpriseBits } from './category-reason.js';

export function clientMixFindings(counts: CategoryCounts, ips: readonly string[], options: CategoryOptions, baseline?: CategoryBaseline): CategoryFinding[] {
  const byClient = new Map<number, { entries: Entry[]; score: number }>();
  for (const [key, count] of counts.clientValues) {
    if (count < options.minCount) continue;
    const { ipId, valueId } = CategoryCounts.clientKey(key);
    const stats = counts.values[valueId]!;
    if (stats.value === OTHER_VALUE) continue;
    const clientTotal = counts.clientTotal(ipId, stats.field);
    const share = count / clientTotal;
    if (clientTotal < options.minRequests || share < options.clientShare) continue;
    const name = CATEGORY_FIELDS[stats.field]!.name;
    const reference = expectedShare(counts, stats.field, stats.count - count, clientTotal, name, stats.value, baseline);
    if (reference === undefined || share < options.shareRatio * reference.share) continue;
    const entry = byClient.get(ipId) ?? { entries: [], score: 0 };
    entry.entries.push({
      field: stats.field,
      value: categoryValue(name, stats.value, count, clientTotal, reference.share),
      reason: `${showValue(name, stats.value)}: ${count} of the client's ${clientTotal} requests (${percent(share)}), against ${percent(reference.share)} ${reference.of}`,
    });
    entry.score = Math.max(entry.score, surpriseBits(share, reference.share, reference.records));
    byClient.set(ipId, entry);
  }
  return [...byClient].map(([ipId, entry]) => ({
    type: 'client_mix' as const,
    score: entry.score,
    ip: ips[ipId] ?? '',
    startMs: null,
    endMs: null,
    clients: [],
    first: null,
    ...inFieldOrder(entry.entries),
  }));
}

/** The value's share in the baseline when it knows the field, else among the other clients; undefined when there are none. */
function expectedShare(
  counts: CategoryCounts, field: number, othersCount: number, clientTotal: number, name: string, value: string, baseline?: CategoryBaseline,
): { share: number; records: number; of: string } | undefined {
  const known = baseline?.fields[name];
  if (known !== undefined && known.total > 0) return { share: (known.values[value] ?? 0) / known.total, records: known.total, of: 'in the baseline' };
  const othersTotal = counts.fieldTotals[field]! - clientTotal;
  if (othersTotal <= 0) return undefined;
  return { share: othersCount / othersTotal, records: othersTotal, of: `of the other clients' ${othersTotal}` };
}
