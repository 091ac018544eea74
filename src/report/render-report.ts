// Frozen registry of output formats: name → renderer producing the report in chunks.

import { UsageError } from '../errors.js';
import { checkNumber } from '../options/check-number.js';
import { checkType } from '../options/check-option-type.js';
import { OPTION_RULES } from '../options/option-rules.js';
import type { Analysis } from '../types.js';
import { renderCsv } from './csv-report.js';
import { renderJson } from './json-report.js';
import { renderNdjson } from './ndjson-report.js';
import { renderTable } from './table-report.js';

export interface RenderOptions {
  /** Findings per section; machine formats are cut only when the user asked (undefined: all). */
  top?: number | undefined;
  color?: boolean;
}

/** Rows per section of the table when --top is not given. */
export const TABLE_TOP = 20;

const RENDERERS = Object.freeze({
  table: (analysis, options) => renderTable(analysis, { top: options.top ?? TABLE_TOP, color: options.color === true }),
  json: (analysis, options) => renderJson(limit(analysis, options.top)),
  ndjson: (analysis, options) => renderNdjson(limit(analysis, options.top)),
  csv: (analysis, options) => renderCsv(limit(analysis, options.top)),
} satisfies Record<string, (analysis: Analysis, options: RenderOptions) => Iterable<string>>);

/** The best `top` findings of each kind; the summary still counts everything. */
function limit(analysis: Analysis, top: number | undefined): Analysis {
  if (top === undefined) return analysis;
  return {
    ...analysis,
    lines: analysis.lines.slice(0, top),
    ips: analysis.ips.slice(0, top),
    campaigns: analysis.campaigns.slice(0, top),
    audit: { ...analysis.audit, allowed: analysis.audit.allowed.slice(0, top), blocked: analysis.audit.blocked.slice(0, top) },
    windows: analysis.windows.slice(0, top),
    categories: analysis.categories.slice(0, top),
  };
}

export type OutputFormat = keyof typeof RENDERERS;
export const OUTPUT_FORMATS = Object.freeze(Object.keys(RENDERERS) as OutputFormat[]);

export function renderReport(format: string, analysis: Analysis, options: RenderOptions = {}): Iterable<string> {
  const render = RENDERERS[format as OutputFormat];
  if (!render) throw new UsageError(`unknown output format '${format}'`, { hint: `valid formats: ${OUTPUT_FORMATS.join(', ')}` });
  checkType('renderReport() options', options, 'object');
  if (options.top !== undefined) checkNumber('option top', options.top, OPTION_RULES.top);
  return render(analysis, options);
}
