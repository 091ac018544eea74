// L2-regularised logistic regression on standardised signals, fitted by Newton's method: with a
// handful of signals the Hessian is tiny, and Newton converges in a few steps where gradient descent
// would need a learning rate to tune. The L2 term keeps the fit finite on separable labels.

/** A fitted model: p = σ(bias + Σ weights[j] · (x[j] − mean[j]) / scale[j]). */
export interface LogisticModel {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export interface FitOptions {
  /** L2 penalty λ on the weights (not the bias): minimise Σ log-loss + λ/2 · ‖w‖². */
  l2: number;
  maxIterations: number;
  /** Stop when no weight moves more than this in a step. */
  tolerance: number;
}

export const FIT_DEFAULTS: Readonly<FitOptions> = Object.freeze({ l2: 1, maxIterations: 50, tolerance: 1e-9 });

/**
 * `rows` is row-major, `dim` values per row; `include(i)` selects the training rows (a fold).
 * Standardisation is learned from the same rows; a constant signal gets scale 1 (and weight 0).
 */
export function fitLogistic(
  rows: Float64Array,
  dim: number,
  labels: ArrayLike<number>,
  include: (i: number) => boolean = () => true,
  options: FitOptions = FIT_DEFAULTS,
): LogisticModel {
  const n = labels.length;
  const { mean, scale } = standardisation(rows, dim, n, include);
  const d = dim + 1; // the bias is the last coefficient
  const beta = new Float64Array(d);
  const x = new Float64Array(d);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    const gradient = new Float64Array(d);
    const hessian = new Float64Array(d * d);
    for (let j = 0; j < dim; j++) {
      gradient[j] = options.l2 * beta[j]!;
      hessian[j * d + j] = options.l2;
    }
    for (let i = 0; i < n; i++) {
      if (!include(i)) continue;
      standardRow(rows, dim, i, mean, scale, x);
      x[dim] = 1;
      const p = sigmoid(dot(beta, x));
      const w = p * (1 - p);
      const residual = p - labels[i]!;
      for (let a = 0; a < d; a++) {
        gradient[a]! += residual * x[a]!;
        const wa = w * x[a]!;
        for (let b = a; b < d; b++) hessian[a * d + b]! += wa * x[b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hessian[a * d + b] = hessian[b * d + a]!;
    const step = solve(hessian, gradient, d);
    let moved = 0;
    for (let a = 0; a < d; a++) {
      beta[a]! -= step[a]!;
      moved = Math.max(moved, Math.abs(step[a]!));
    }
    if (moved < options.tolerance) break;
  }
  return { mean, scale, weights: Array.from(beta.subarray(0, dim)), bias: beta[dim]! };
}

/** The probability of row `i` under `model`. */
export function predictLogistic(model: LogisticModel, rows: Float64Array, i: number): number {
  return sigmoid(model.bias + contributions(model, rows, i).reduce((sum, c) => sum + c, 0));
}

/** Each signal's term in the log-odds of row `i`: weight × standardised value. */
export function contributions(model: LogisticModel, rows: Float64Array, i: number): number[] {
  const dim = model.weights.length;
  return model.weights.map((w, j) => (w * (rows[i * dim + j]! - model.mean[j]!)) / model.scale[j]!);
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function standardisation(rows: Float64Array, dim: number, n: number, include: (i: number) => boolean) {
  const mean = new Array<number>(dim).fill(0);
  const square = new Array<number>(dim).fill(0);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!include(i)) continue;
    count++;
    for (let j = 0; j < dim; j++) {
      const v = rows[i * dim + j]!;
      mean[j]! += v;
      square[j]! += v * v;
    }
  }
  const scale = mean.map((sum, j) => {
    const m = count === 0 ? 0 : sum / count;
    const variance = count === 0 ? 0 : square[j]! / count - m * m;
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean: mean.map((sum) => (count === 0 ? 0 : sum / count)), scale };
}

function standardRow(rows: Float64Array, dim: number, i: number, mean: number[], scale: number[], out: Float64Array): void {
  for (let j = 0; j < dim; j++) out[j] = (rows[i * dim + j]! - mean[j]!) / scale[j]!;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += a[k]! * b[k]!;
  return sum;
}

/** Solves H·s = g by Gaussian elimination with partial pivoting (H is small and positive definite). */
function solve(h: Float64Array, g: Float64Array, d: number): Float64Array {
  const m = Float64Array.from(h);
  const s = Float64Array.from(g);
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(m[r * d + col]!) > Math.abs(m[pivot * d + col]!)) pivot = r;
    if (Math.abs(m[pivot * d + col]!) < 1e-12) continue; // a direction the data does not constrain: no step
    if (pivot !== col) {
      for (let c = 0; c < d; c++) [m[col * d + c], m[pivot * d + c]] = [m[pivot * d + c]!, m[col * d + c]!];
      [s[col], s[pivot]] = [s[pivot]!, s[col]!];
    }
    for (let r = col + 1; r < d; r++) {
      const f = m[r * d + col]! / m[col * d + col]!;
      if (f === 0) continue;
      for (let c = col; c < d; c++) m[r * d + c]! -= f * m[col * d + c]!;
      s[r]! -= f * s[col]!;
    }
  }
  for (let r = d - 1; r >= 0; r--) {
    if (Math.abs(m[r * d + r]!) < 1e-12) {
      s[r] = 0;
      continue;
    }
    let sum = s[r]!;
    for (let c = r + 1; c < d; c++) sum -= m[r * d + c]! * s[c]!;
    s[r] = sum / m[r * d + r]!;
  }
  return s;
}
