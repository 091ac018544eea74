// Frozen registry of output formats: name → renderer producing the report in chunks.

import { UsageError } from '../errors.js';
import type { Analysis } from '../types.js';
import { renderCsv } from './csv-report.js';
import { renderJson } from './json-report.js';
import { renderNdjson } from './ndjson-report.js';
import { renderTable } from './table-report.js';

export interface RenderOptions {
  top: number;
}

const RENDERERS = Object.freeze({
  table: renderTable,
  json: renderJson,
  ndjson: renderNdjson,
  csv: renderCsv,
} satisfies Record<string, (analysis: Analysis, options: RenderOptions) => Iterable<string>>);

export type OutputFormat = keyof typeof RENDERERS;
export const OUTPUT_FORMATS = Object.freeze(Object.keys(RENDERERS) as OutputFormat[]);

export function renderReport(format: string, analysis: Analysis, options: RenderOptions): Iterable<string> {
  const render = RENDERERS[format as OutputFormat];
  if (!render) throw new UsageError(`unknown output format '${format}'`, { hint: `valid formats: ${OUTPUT_FORMATS.join(', ')}` });
  return render(analysis, options);
}
