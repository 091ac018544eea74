// Location and scale of a sample: robust (median/MAD) for detection, plain (mean/σ) for the seed.

/** Consistency constants: they make MAD and mean absolute deviation estimate σ for normal data. */
const MAD_TO_SIGMA = 1.4826;
const MEAN_AD_TO_SIGMA = 1.2533;

export interface LocationScale {
  center: number;
  scale: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  // A typed array sorts numerically in native code, many times faster than a comparator callback.
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median and a robust σ: 1.4826·MAD, or, when more than half the values are equal (MAD = 0, the
 * normal case for "requests per IP" where most IPs send one), 1.2533·mean absolute deviation
 * from the median (the fallback of Iglewicz and Hoaglin's modified z-score). The result is never
 * below `minScale`: a sample where every value is equal still gives z = 0 to all its members
 * (their deviation is 0), while a later value scored against it as a baseline gets a finite z.
 */
export function robustLocationScale(values: readonly number[], minScale = 0): LocationScale {
  const center = median(values);
  if (values.length === 0) return { center: NaN, scale: 0 };
  const deviations = values.map((v) => Math.abs(v - center));
  let scale = MAD_TO_SIGMA * median(deviations);
  if (scale === 0) scale = MEAN_AD_TO_SIGMA * (deviations.reduce((a, b) => a + b, 0) / deviations.length);
  return { center, scale: Math.max(scale, minScale) };
}

/**
 * Mean and population standard deviation (ddof = 0, as scipy.stats.zscore), two-pass. Equal
 * values return σ = 0 exactly: summing eleven copies of log1p(10) does not give 11·log1p(10),
 * and the rounding residue would otherwise become σ ≈ 1e-16 and z = ±1 for identical IPs.
 */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: NaN, std: 0 };
  const first = values[0]!;
  if (values.every((v) => v === first)) return { mean: first, std: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/** (value − center) / scale, and 0 (not NaN or ±Infinity) when the scale is 0 or unknown. */
export function zScore(value: number, center: number, scale: number): number {
  if (!(scale > 0) || !Number.isFinite(center) || !Number.isFinite(value)) return 0;
  return (value - center) / scale;
}
