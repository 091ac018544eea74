// What bench/quality/csic.ts records in csic-results.json (read by the benchmarks page).

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
}
