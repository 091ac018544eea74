// What bench/scan writes to its results.json and the benchmarks page reads back.

interface ScanRun {
  seconds: number;
  peakRssMb: number;
  stageMs: Record<string, number>;
}

export interface ScanData {
  lines: number;
  megabytes: number;
  distinctTexts: number;
  sources: string;
  goaccess: { version: string; seconds: number };
  semlogCold: ScanRun;
  semlogWarm: ScanRun & { cachedTexts: number };
  parseSeconds: number;
  normalizeSeconds: number;
}
