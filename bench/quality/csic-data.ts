// What bench/quality/csic.ts records in csic-results.json (read by the benchmarks page).

/** One variant: how its requests became log lines, and what semlog found. */
export interface CsicVariant {
  flagged: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
  /** Recall if the line-score threshold were set so that at most this share of normal requests is flagged. */
  recallAtFpr: Record<string, number>;
  distinctTexts: number;
  /** Anomalous requests whose log line differs from every normal request's, and the recall among them. */
  visible?: number;
  visibleRecall?: number;
}

export interface CsicData {
  training: number;
  normal: number;
  anomalous: number;
  distinctTexts: number;
  cachedTexts: number;
  flagged: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
  trainSeconds: number;
  scanSeconds: number;
  /** The same with the body left out, as an access log records requests. */
  urlOnly?: CsicVariant;
  visible?: number;
  visibleRecall?: number;
  recallAtFpr?: Record<string, number>;
}
