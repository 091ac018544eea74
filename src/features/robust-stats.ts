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
  // Selection instead of a sort: the structured scorer takes two medians per feature over every
  // client, and a CDN log has hundreds of thousands of them (bench/features/median.md).
  const copy = Float64Array.from(values);
  const mid = copy.length >> 1;
  // A sort puts NaN last, which selection cannot compare: such a sample is sorted, as it always was.
  if (copy.some(Number.isNaN)) {
    copy.sort();
    return copy.length % 2 === 1 ? copy[mid]! : (copy[mid - 1]! + copy[mid]!) / 2;
  }
  const upper = selectInPlace(copy, mid);
  if (copy.length % 2 === 1) return upper;
  // Below `mid` stand the `mid` smallest values: the largest of them is the other middle one.
  let lower = copy[0]!;
  for (let i = 1; i < mid; i++) if (copy[i]! > lower) lower = copy[i]!;
  return (lower + upper) / 2;
}

/**
 * The `k`-th smallest of `values` (0-based), which it reorders so that everything before index k is
 * at most that and everything after at least it: Hoare's quickselect with a median-of-three pivot,
 * which many equal values (most clients send one request) keep balanced. After more rounds than a
 * balanced run needs it sorts what is left instead, so a bad input costs a sort, never n².
 */
export function selectInPlace(values: Float64Array, k: number): number {
  if (!(Number.isInteger(k) && k >= 0 && k < values.length)) throw new RangeError(`no ${k}-th smallest of ${values.length} values`);
  let lo = 0;
  let hi = values.length - 1;
  let rounds = 2 * Math.ceil(Math.log2(values.length + 1)) + 8;
  while (hi > lo) {
    if (rounds-- === 0) {
      const rest = values.subarray(lo, hi + 1).sort();
      return rest[k - lo]!;
    }
    const pivot = medianOfThree(values[lo]!, values[(lo + hi) >>> 1]!, values[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    // Now values[lo..j] ≤ pivot ≤ values[i..hi], and values[j+1..i-1] equal the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
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
