// The logistic-regression fit against values worked out by hand.

import { describe, expect, it } from 'vitest';
import { contributions, fitLogistic, predictLogistic, sigmoid } from '../../src/tune/logistic-regression.js';

describe('fitLogistic', () => {
  it('on separable labels stays finite: with λ = 1 the weight solves w = 2σ(−w)', () => {
    // x = −1 → 0, x = +1 → 1. Standardised x is x (mean 0, population sd 1); by symmetry the bias is
    // 0, and the gradient −2σ(−w) + λw = 0 gives w = 0.674832 (fixed point, iterated by hand in Python).
    const rows = Float64Array.from([-1, 1]);
    const model = fitLogistic(rows, 1, [0, 1], undefined, { l2: 1, maxIterations: 50, tolerance: 1e-12 });
    expect(model.mean).toEqual([0]);
    expect(model.scale).toEqual([1]);
    expect(model.bias).toBeCloseTo(0, 9);
    expect(model.weights[0]).toBeCloseTo(0.674832, 5);
    expect(model.weights[0]).toBeCloseTo(2 * sigmoid(-model.weights[0]!), 9);
    expect(predictLogistic(model, rows, 1)).toBeCloseTo(sigmoid(0.674832), 5);
  });

  it('on non-separable labels without L2 finds the maximum likelihood: w = ln 3', () => {
    // At x = +1 three of four lines are anomalies, at x = −1 one of four: σ(w + b) = 3/4 and
    // σ(−w + b) = 1/4, so b = 0 and w = ln 3.
    const xs = [1, 1, 1, 1, -1, -1, -1, -1];
    const labels = [1, 1, 1, 0, 1, 0, 0, 0];
    const model = fitLogistic(Float64Array.from(xs), 1, labels, undefined, { l2: 0, maxIterations: 50, tolerance: 1e-12 });
    expect(model.weights[0]).toBeCloseTo(Math.log(3), 9);
    expect(model.bias).toBeCloseTo(0, 9);
    expect(predictLogistic(model, Float64Array.from(xs), 0)).toBeCloseTo(0.75, 9);
  });

  it('standardises each signal, fits only the included rows, and gives a constant signal no weight', () => {
    // Column 0 is column 1 of the first test × 10 + 5; column 1 is constant. Rows 2 and 3 are
    // excluded (they would contradict the fit).
    const rows = Float64Array.from([-5, 7, 15, 7, -5, 7, 15, 7]);
    const model = fitLogistic(rows, 2, [0, 1, 1, 0], (i) => i < 2, { l2: 1, maxIterations: 50, tolerance: 1e-12 });
    expect(model.mean).toEqual([5, 7]);
    expect(model.scale).toEqual([10, 1]);
    expect(model.weights[0]).toBeCloseTo(0.674832, 5);
    expect(model.weights[1]).toBe(0);
    expect(contributions(model, rows, 1)[0]).toBeCloseTo(0.674832, 5);
  });

  it('does not depend on the order of the rows', () => {
    const xs = [0.3, 2.1, -0.4, 1.7, 0.9, -1.2, 2.5, 0.1];
    const labels = [0, 1, 0, 1, 0, 0, 1, 1];
    const order = [5, 2, 7, 0, 3, 6, 1, 4];
    const a = fitLogistic(Float64Array.from(xs), 1, labels);
    const b = fitLogistic(Float64Array.from(order, (k) => xs[k]!), 1, order.map((k) => labels[k]!));
    expect(b.weights[0]).toBeCloseTo(a.weights[0]!, 9);
    expect(b.bias).toBeCloseTo(a.bias, 9);
  });
});
