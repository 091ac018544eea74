// Public API of the semlog library: re-exports only.

export { analyze, type AnalyzeOptions } from './pipeline/analyze.js';
export { readLogs, type ReadLogsOptions, type IngestSummary, type LogStream } from './parse/read-logs.js';
export { createPoolEmbedder, type PoolEmbedderOptions } from './embed/pool-embedder.js';
export type { Embedder } from './embed/embedder.js';
export { requestText } from './normalize/request-text.js';
export { renderReport, OUTPUT_FORMATS, type OutputFormat } from './report/render-report.js';
export { renderHtml } from './report/render-html.js';
export { EMBEDDING_MODES, prepareScan, type EmbeddingMode, type PrepareOptions, type PreparedScan } from './pipeline/prepare-scan.js';
export { detectAnomalies, type DetectOptions } from './pipeline/detect-anomalies.js';
export { LINE_SIGNALS } from './rank/line-signals.js';
export { checkLearnedModel, type LearnedModel } from './rank/learned-score.js';
export { readTuneConfig } from './tune/tune-config.js';
export { trainBaseline, type TrainOptions } from './pipeline/train-baseline.js';
export { CATEGORY_DEFAULTS, type CategoryOptions } from './categories/category-options.js';
export { CATEGORY_FIELD_NAMES } from './categories/category-fields.js';
export { readBaseline, writeBaseline, type Baseline } from './pipeline/baseline-store.js';
export type { S3InputOptions } from './parse/s3/resolve-s3.js';
export { buildAlert, findingsOver, type AlertPayload, type AlertOptions, type AlertFinding, type SuppressedFindings } from './alert/alert-payload.js';
export { deliverAlerts, checkAlertTargets, type AlertTargets, type Delivery } from './alert/deliver-alerts.js';
export { watchLogs, WATCH_DEFAULTS, type WatchOptions, type WatchEvent, type WatchResult } from './watch/watch-logs.js';
export type { WatchAlertOptions, AlertReport } from './watch/watch-alerts.js';
export type { WatchHealth } from './watch/watch-health.js';
export { openFileSink, type FindingSink } from './watch/finding-sink.js';
// The map and reduce of a distributed scan, free of any queue: for another engine than BullMQ (docs/scale-out.md).
export { PLAN_DEFAULTS, planMapJobs, type PlanOptions } from './distributed/plan-map-jobs.js';
export { mapInput } from './distributed/map-input.js';
export { reduceScan, type ReduceInput } from './distributed/reduce-scan.js';
export type { MapJob, MapResult } from './distributed/map-job.js';
export * from './errors.js';
export type * from './types.js';
