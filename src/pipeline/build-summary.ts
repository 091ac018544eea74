// The `summary` of an Analysis: what was read, skipped, embedded and flagged, and how long it took.

import type { ScopeClassifier } from '../features/scope.js';
import type { IngestSummary } from '../parse/read-logs.js';
import type { TextVerdicts } from '../rank/fuse-findings.js';
import type { CascadeStats, ScanSummary } from '../types.js';
import type { IngestState } from './ingest-records.js';

export interface SummaryInput {
  ingest: IngestSummary;
  state: IngestState;
  verdicts: TextVerdicts;
  scope: ScopeClassifier;
  cachedTexts: number;
  warnings: string[];
  startedMs: number;
  stageMs: Record<string, number>;
  cascade?: CascadeStats | undefined;
}

export function buildSummary(input: SummaryInput): ScanSummary {
  const { ingest, state, verdicts } = input;
  const formats = ingest.formats;
  let outlierTexts = 0;
  for (const flag of verdicts.flagged) outlierTexts += flag;
  return {
    records: ingest.records,
    malformed: ingest.malformed,
    files: ingest.files.length,
    format: formats.length === 1 ? formats[0]! : formats.length === 0 ? 'none' : 'mixed',
    uniqueTexts: state.table.size,
    cachedTexts: input.cachedTexts,
    outlierTexts,
    clientIps: state.ips.length,
    scope: {
      excluded: { ...input.scope.counts.excluded },
      allowlisted: { ...input.scope.counts.allowlisted },
      ...(input.scope.counts.forwarded && { forwarded: { ...input.scope.counts.forwarded } }),
    },
    damagedFiles: ingest.damaged,
    warnings: input.warnings,
    elapsedMs: Math.round(performance.now() - input.startedMs),
    stageMs: input.stageMs,
    inputs: ingest.files.map(({ file, format, records, malformed, damaged, skipped }) => ({
      file,
      format,
      records,
      malformed,
      ...(damaged && { damaged: { code: damaged.code, message: damaged.message } }),
      ...(skipped !== undefined && { skipped }),
    })),
    ...(input.cascade && { cascade: input.cascade }),
  };
}
