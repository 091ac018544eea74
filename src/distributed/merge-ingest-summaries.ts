// The ingest summary of a whole scan from those of its inputs. Exact: the inputs are merged in scan
// order (not in the order their jobs finished), so files, formats and the malformed sample come out
// as one readLogs over every input would have listed them.

import type { IngestSummary } from '../parse/read-logs.js';

export function mergeIngestSummaries(parts: readonly IngestSummary[], malformedSampleSize: number): IngestSummary {
  const merged: IngestSummary = { files: [], records: 0, malformed: 0, malformedSample: [], formats: [], damaged: 0, skipped: [] };
  for (const part of parts) {
    merged.files.push(...part.files);
    merged.records += part.records;
    merged.malformed += part.malformed;
    merged.malformedSample.push(...part.malformedSample.slice(0, malformedSampleSize - merged.malformedSample.length));
    for (const format of part.formats) if (!merged.formats.includes(format)) merged.formats.push(format);
    merged.damaged += part.damaged;
    merged.skipped.push(...part.skipped);
  }
  return merged;
}
